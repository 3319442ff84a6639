package io.authpay.billing.schedule;

/** An operator's action on a schedule was refused; nothing changed. */
public final class ScheduleRefusedException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** No schedule file of that name. */
        UNKNOWN_SCHEDULE,
        /** The file says {@code enabled: false}: the schedule is not in Quartz, so it cannot be paused or resumed. */
        DISABLED
    }

    private final Reason reason;

    ScheduleRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
