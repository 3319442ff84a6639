package io.authpay.billing.charge;

/** The daily job's work: charge everything whose time has come, inside the window, exactly once. */
public interface ChargeRunner {

    /**
     * Charges every DUE or RETRY_SCHEDULED charge whose {@code next_attempt_at} has come (and settles by
     * inquiry every UNKNOWN one whose time has come before anything else), concurrently but never two
     * calls on one auth_no at once. Returns when nothing is left, the window closes, {@code control}
     * asks to stop, or the circuit breaker opens. Safe to call again after any of these, or after a
     * crash: it continues where the last call stopped.
     */
    default RunSummary chargeDue(RunControl control) {
        return chargeDue(control, ChargePartition.WHOLE);
    }

    /**
     * {@link #chargeDue(RunControl)} of the charges of one partition only. Runs of different partitions may
     * go on at once, in this process or others; those in this process share its calls in flight
     * ({@code billing.charge.concurrency}) and its {@code max-rate}.
     */
    RunSummary chargeDue(RunControl control, ChargePartition partition);
}
