package io.authpay.billing.charge;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.ResultCode;
import java.util.Objects;

/**
 * The outcome of one call of the transaction endpoint: its class and what the gateway (or the
 * transport) said, for reasons and the circuit breaker.
 *
 * @param outcomeClass what the answer means for the charge
 * @param code the result code ({@code "115"}), or a label for an answer without one ({@code "TIMEOUT"},
 *     {@code "HTTP 502"}, {@code "NON_JSON"}, {@code "CONNECTION_ERROR"})
 */
record AttemptOutcome(OutcomeClass outcomeClass, String code) {

    /** The label of an answer whose {@code result} was missing or empty. */
    public static final String NO_CODE = "NO_CODE";

    public AttemptOutcome {
        Objects.requireNonNull(outcomeClass, "outcomeClass");
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("an attempt outcome needs a code or a label");
        }
    }

    /** The outcome of a gateway answer with a result code; undocumented, empty or missing codes are UNKNOWN. */
    public static AttemptOutcome of(String resultCode) {
        String code = resultCode == null || resultCode.isBlank() ? NO_CODE : resultCode.trim();
        return new AttemptOutcome(ResultCode.classify(code), code);
    }

    /** The label of a call whose request never left (no connection to JKoPay in time): nothing was sent. */
    public static final String NOT_SENT = "NOT_SENT";

    /**
     * A call whose request never left. Not UNKNOWN: JKoPay cannot have acted on it, so there is nothing to
     * ask with inquiry and nothing for the circuit breaker to count; the charge waits and is tried again,
     * as after a 307 (the class it is filed under).
     */
    public static AttemptOutcome notSent() {
        return new AttemptOutcome(OutcomeClass.BUSY_AUTH, NOT_SENT);
    }

    /** Whether the request of this attempt never left. */
    public boolean wasNotSent() {
        return NOT_SENT.equals(code);
    }

    /** The outcome of a call that got no readable answer: a timeout, a 5xx, a non-JSON body. */
    public static AttemptOutcome unknown(String label) {
        return new AttemptOutcome(OutcomeClass.UNKNOWN, label);
    }
}
