package io.authpay.billing.schedule;

import io.authpay.billing.system.RefusedException;

/** An operator's action on a schedule was refused; nothing changed. */
public final class ScheduleRefusedException extends RefusedException {

    /** Why. */
    public enum Reason implements RefusedException.Reason {
        /** No schedule file of that name. */
        UNKNOWN_SCHEDULE(true),
        /** The file says {@code enabled: false}: the schedule is not in Quartz, so it cannot be paused or resumed. */
        DISABLED(false);

        private final boolean unknownTarget;

        Reason(boolean unknownTarget) {
            this.unknownTarget = unknownTarget;
        }

        @Override
        public boolean unknownTarget() {
            return unknownTarget;
        }
    }

    ScheduleRefusedException(Reason reason, String message) {
        super(reason, message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
