package io.authpay.billing.authpay;

/** What a gateway answer means for the charge, per the result-code policy of the design. */
public enum OutcomeClass {
    /** 000: paid. */
    SUCCEEDED,
    /** 101: the order was already paid; confirm with inquiry, then record as paid. */
    ALREADY_PAID,
    /** 104, 115, 121: declined for now; dunning retries later. */
    SOFT_DECLINE,
    /** 303: above the limit the user set in the app; needs review, no retry this period. */
    QUOTA_DECLINE,
    /** 304: the amount differs from the binding's approved amount; retrying the same amount cannot work. */
    AMOUNT_MISMATCH,
    /** 305: more charges in this billing period than the binding allows. */
    CYCLE_QUOTA,
    /** 306: outside 08:00–20:00 UTC+8; not a failure. */
    OUTSIDE_WINDOW,
    /** 307: another charge on this auth_no is in flight; back off and retry. */
    BUSY_AUTH,
    /** 301, 302: the binding is invalid or cancelled; stop charging it. */
    AUTH_REVOKED,
    /** 110, 200, 201: the request or the merchant configuration is wrong. */
    REQUEST_ERROR,
    /** Refund-only codes (103, 105, 113, 116): the refund was refused. */
    REFUND_REJECTED,
    /** We do not know whether money moved: settle with inquiry, never by charging again blindly. */
    UNKNOWN
}
