package io.authpay.billing.system;

/**
 * An operator's action (a launch, a schedule change, a charge now) refused for a reason they can act on;
 * nothing changed. Every refusal has this one shape: a reason from its own enum and a message, and the
 * reason says whether what was named does not exist (the API's 404) or its state forbids the action (409).
 */
public abstract class RefusedException extends RuntimeException {

    /** Why an action was refused; each kind of refusal lists its reasons as an enum implementing this. */
    public interface Reason {
        /** The constant's name, e.g. {@code UNKNOWN_JOB}: the API's {@code error}. */
        String name();

        /** Whether the job, execution, schedule, subscription or charge named does not exist. */
        boolean unknownTarget();
    }

    private final Reason reason;

    protected RefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
