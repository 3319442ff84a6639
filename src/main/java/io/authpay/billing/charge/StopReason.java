package io.authpay.billing.charge;

/** Why a daily charge run ended. */
public enum StopReason {
    /** Everything due was worked through. */
    COMPLETED,
    /** The run did not start: the clock is outside the billing window. Nothing was touched. */
    OUTSIDE_WINDOW,
    /** The billing window closed during the run; what was left stays due for the next window. */
    WINDOW_CLOSED,
    /** The operator or the scheduler asked the run to stop; what was left stays due. */
    STOP_REQUESTED,
    /** Too many UNKNOWN or REQUEST_ERROR outcomes in a row: the gateway or the configuration is broken. */
    CIRCUIT_OPEN
}
