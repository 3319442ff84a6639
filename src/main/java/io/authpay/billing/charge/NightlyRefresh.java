package io.authpay.billing.charge;

/**
 * What one nightly binding refresh did.
 *
 * @param refreshed bindings whose state JKoPay told us (stored), revoked ones included
 * @param revoked of those, bindings JKoPay reported cancelled or unknown (301), whose live subscriptions
 *     became AUTH_REVOKED
 * @param failed detail calls without a usable answer (outcome unknown, or another code): nothing was
 *     changed for them, and they are tried again next run
 * @param stopped whether the run was asked to stop before every stale binding was reached
 */
record NightlyRefresh(int refreshed, int revoked, int failed, boolean stopped) {}
