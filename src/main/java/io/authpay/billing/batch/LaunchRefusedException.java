package io.authpay.billing.batch;

import io.authpay.billing.system.RefusedException;

/** A job was not started, restarted or stopped, for a reason the operator can act on. */
public final class LaunchRefusedException extends RefusedException {

    /** Why nothing was started. */
    public enum Reason implements RefusedException.Reason {
        /** No job of that name. */
        UNKNOWN_JOB(true),
        /** No execution of that id. */
        UNKNOWN_EXECUTION(true),
        /** The daily job may only start inside the billing window. */
        OUTSIDE_WINDOW(false),
        /** A live execution of the same job runs; two at once would only compete for the same charges. */
        ALREADY_RUNNING(false),
        /** This date and slot already ran to completion: a scheduled slot runs once. */
        ALREADY_COMPLETED(false),
        /** The execution cannot be restarted (it completed, was abandoned, or was already restarted). */
        NOT_RESTARTABLE(false),
        /** The execution is not running, so there is nothing to stop. */
        NOT_RUNNING(false);

        private final boolean unknownTarget;

        Reason(boolean unknownTarget) {
            this.unknownTarget = unknownTarget;
        }

        @Override
        public boolean unknownTarget() {
            return unknownTarget;
        }
    }

    LaunchRefusedException(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
