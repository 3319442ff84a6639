package io.authpay.billing.charge;

/** Where one charge (one subscription, one billing period) stands. */
public enum ChargeStatus {
    /** Owed and may be attempted as soon as a run reaches it (and its next attempt time, if any, has come). */
    DUE,
    /** An attempt has been written and sent; its outcome is not recorded yet. Never a policy decision. */
    IN_FLIGHT,
    /** Paid, confirmed by a 000 or by inquiry status 0. Never charged again. */
    SUCCEEDED,
    /** Waiting for its next attempt time: a dunning retry, a deferral to the window or the next period. */
    RETRY_SCHEDULED,
    /** An attempt may or may not have moved money; inquiry settles it before anything else happens. */
    UNKNOWN,
    /** Stopped until an operator looks at it; the decision's reason says why. Not retried automatically. */
    NEEDS_REVIEW,
    /** Given up for this period after the dunning retries; the subscription is past due. */
    FAILED,
    /** Will never be charged: the binding was revoked or the charge was cancelled. */
    CANCELED
}
