package io.authpay.billing.batch;

/** A job was not started, restarted or stopped, for a reason the operator can act on. */
public final class LaunchRefusedException extends RuntimeException {

    /** Why nothing was started. */
    public enum Reason {
        /** No job of that name. */
        UNKNOWN_JOB,
        /** No execution of that id. */
        UNKNOWN_EXECUTION,
        /** The daily job may only start inside the billing window. */
        OUTSIDE_WINDOW,
        /** A live execution of the same job runs; two at once would only compete for the same charges. */
        ALREADY_RUNNING,
        /** This date and slot already ran to completion: a scheduled slot runs once. */
        ALREADY_COMPLETED,
        /** The execution cannot be restarted (it completed, was abandoned, or was already restarted). */
        NOT_RESTARTABLE,
        /** The execution is not running, so there is nothing to stop. */
        NOT_RUNNING
    }

    private final Reason reason;

    LaunchRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
