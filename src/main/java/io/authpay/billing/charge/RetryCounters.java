package io.authpay.billing.charge;

/**
 * How much of each retry budget a charge has used, as the job keeps it; the policy reads these and the
 * job increments them as the decisions say.
 *
 * @param dunningAttemptsUsed dunning retries already scheduled for this charge (incremented when a
 *     decision says {@link ChargeDecision#dunningAttemptConsumed()})
 * @param busyRetriesThisRun 307 retries already made for this charge in the current run (incremented
 *     after each {@link FollowUp#RETRY_NOW_AFTER}; zero at the start of each run)
 * @param inquiriesUsed inquiries already answered for the unsettled attempt, not counting the answer
 *     being settled (zero for a new attempt)
 */
record RetryCounters(int dunningAttemptsUsed, int busyRetriesThisRun, int inquiriesUsed) {

    private static final RetryCounters NONE = new RetryCounters(0, 0, 0);

    public RetryCounters {
        if (dunningAttemptsUsed < 0 || busyRetriesThisRun < 0 || inquiriesUsed < 0) {
            throw new IllegalArgumentException("retry counters cannot be negative: " + dunningAttemptsUsed + ", "
                    + busyRetriesThisRun + ", " + inquiriesUsed);
        }
    }

    /** A charge that has not been retried or inquired about. */
    public static RetryCounters none() {
        return NONE;
    }

    public RetryCounters withDunningAttemptsUsed(int used) {
        return new RetryCounters(used, busyRetriesThisRun, inquiriesUsed);
    }

    public RetryCounters withBusyRetriesThisRun(int used) {
        return new RetryCounters(dunningAttemptsUsed, used, inquiriesUsed);
    }

    public RetryCounters withInquiriesUsed(int used) {
        return new RetryCounters(dunningAttemptsUsed, busyRetriesThisRun, used);
    }
}
