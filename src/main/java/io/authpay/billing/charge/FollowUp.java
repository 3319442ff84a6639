package io.authpay.billing.charge;

/** Work a charge decision asks the job to do besides recording the new status. */
enum FollowUp {
    /**
     * Ask inquiry about this charge's earlier attempts before any new attempt: an attempt may have been
     * paid. Settle the answers with {@link ChargePolicy#settleInquiry} or {@link ChargePolicy#settleCycleQuota}.
     */
    INQUIRE_FIRST,
    /** Refresh the binding with the {@code detail} endpoint: its status or approved amount has changed. */
    REFRESH_BINDING,
    /** Attempt the charge again in this run once {@link ChargeDecision#retryNowAfter()} has passed. */
    RETRY_NOW_AFTER
}
