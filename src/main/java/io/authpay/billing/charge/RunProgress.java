package io.authpay.billing.charge;

/**
 * Figures of a run so far.
 *
 * @param attempts transaction calls made
 * @param succeeded charges paid
 * @param amount TWD paid
 * @param inFlight calls under way now
 */
public record RunProgress(int attempts, int succeeded, long amount, int inFlight) {}
