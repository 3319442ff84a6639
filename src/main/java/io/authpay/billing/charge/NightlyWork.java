package io.authpay.billing.charge;

import java.time.LocalDate;

/**
 * The nightly job's work, step by step. None of it calls the transaction endpoint. Every step is
 * idempotent: running it twice changes nothing the second time.
 */
public interface NightlyWork {

    /**
     * Creates the DUE charge rows of every ACTIVE subscription whose next billing date is on
     * or before {@code through} (the next day in Asia/Taipei), one period per subscription per run,
     * oldest first. Returns how many charges it created.
     */
    int createDueCharges(LocalDate through);

    /** Settles UNKNOWN attempts with inquiry (20 ids a call). Returns how many charges it settled. */
    int settleUnknown(RunControl control);

    /** Refreshes bindings of live subscriptions with detail. Returns how many it refreshed. */
    int refreshBindings(RunControl control);

    /**
     * Frees expired auth_no leases; a charge left IN_FLIGHT under an expired lease (its process died)
     * becomes UNKNOWN, to be settled by inquiry. Returns how many leases it freed.
     */
    int freeExpiredLeases();
}
