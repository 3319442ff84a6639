package io.authpay.billing.charge;

/** How a job steers a long piece of charge work: asks it to stop, and hears its progress. */
public interface RunControl {

    /** True once the operator or the scheduler asked the run to stop; the work then ends cleanly. */
    boolean stopRequested();

    /** Called now and then (at least every few seconds while work goes on) with the figures so far. */
    default void progress(RunProgress progress) {}

    /** A control that never asks to stop and ignores progress. */
    static RunControl unattended() {
        return () -> false;
    }
}
