package io.authpay.billing.charge;

import io.authpay.billing.authpay.OutcomeClass;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Stops a billing run before it does harm: too many UNKNOWN outcomes in a row mean the gateway looks
 * broken, too many REQUEST_ERROR outcomes in a row mean the configuration looks wrong, and too many 301/302
 * (invalid or cancelled auth_no) in a row mean JKoPay does not know our bindings at all (a wrong base URL
 * or store id, a restarted sandbox): believing them would revoke every customer. Any other outcome ends the
 * respective streak. Once tripped it stays open: the run stops, and the next run starts with a
 * new breaker. One per run, shared by its threads.
 */
final class CircuitBreaker {

    private static final int CODES_SHOWN = 5;

    /** What the operator reads first when JKoPay answers 301/302 for every binding. */
    static final String UNKNOWN_BINDINGS = "JKoPay does not know these bindings: check base-url and store-id";

    private final int unknownThreshold;
    private final int requestErrorThreshold;
    private final int unknownBindingThreshold;
    private final Streak unknowns = new Streak();
    private final Streak requestErrors = new Streak();
    private final Streak unknownBindings = new Streak();
    private String trippedBecause;

    private CircuitBreaker(int unknownThreshold, int requestErrorThreshold, int unknownBindingThreshold) {
        this.unknownThreshold = unknownThreshold;
        this.requestErrorThreshold = requestErrorThreshold;
        this.unknownBindingThreshold = unknownBindingThreshold;
    }

    /** A closed breaker with the thresholds of {@code settings}. */
    public static CircuitBreaker of(RetrySettings settings) {
        return new CircuitBreaker(
                settings.unknownBreakerThreshold(),
                settings.requestErrorBreakerThreshold(),
                settings.unknownBindingBreakerThreshold());
    }

    /** Counts one attempt's outcome; returns whether the breaker is open afterwards. */
    public synchronized boolean record(AttemptOutcome outcome) {
        if (outcome.wasNotSent()) {
            return trippedBecause != null; // nothing reached the gateway: it tells nothing about it
        }
        switch (outcome.outcomeClass()) {
            // The policy treats a refund-only code on a charge as unknown; so does the breaker.
            case UNKNOWN, REFUND_REJECTED -> {
                requestErrors.clear();
                unknownBindings.clear();
                unknowns.add(outcome.code());
                tripIfReached(unknowns, unknownThreshold, "UNKNOWN", "the gateway looks broken");
            }
            case REQUEST_ERROR -> {
                unknowns.clear();
                unknownBindings.clear();
                requestErrors.add(outcome.code());
                tripIfReached(
                        requestErrors,
                        requestErrorThreshold,
                        "REQUEST_ERROR",
                        "the request or the merchant configuration looks wrong");
            }
            case SUCCEEDED,
                    ALREADY_PAID,
                    SOFT_DECLINE,
                    QUOTA_DECLINE,
                    AMOUNT_MISMATCH,
                    CYCLE_QUOTA,
                    OUTSIDE_WINDOW,
                    BUSY_AUTH -> {
                unknowns.clear();
                requestErrors.clear();
                unknownBindings.clear();
            }
            case AUTH_REVOKED -> {
                unknowns.clear();
                requestErrors.clear();
                unknownBindings.add(outcome.code());
                if (trippedBecause == null && unknownBindings.length >= unknownBindingThreshold) {
                    trippedBecause = UNKNOWN_BINDINGS + " (" + unknownBindings.length
                            + " answers in a row were 301/302,"
                            + " last: " + unknownBindings.lastCodes() + "); stopping the run, and no later answer"
                            + " revokes a subscription";
                }
            }
        }
        return trippedBecause != null;
    }

    /** Counts one outcome known only by its class. */
    public boolean record(OutcomeClass outcomeClass) {
        return record(new AttemptOutcome(outcomeClass, outcomeClass.name()));
    }

    /** Whether the run must stop. */
    public synchronized boolean isOpen() {
        return trippedBecause != null;
    }

    /** Why the breaker opened, naming the threshold and the last codes seen; empty while closed. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(trippedBecause);
    }

    private void tripIfReached(Streak streak, int threshold, String kind, String meaning) {
        if (trippedBecause == null && streak.length >= threshold) {
            trippedBecause = streak.length + " outcomes in a row were " + kind + " (last: " + streak.lastCodes() + "): "
                    + meaning + "; stopping the run";
        }
    }

    private static final class Streak {
        private final Deque<String> lastCodes = new ArrayDeque<>();
        private int length;

        void add(String code) {
            length++;
            lastCodes.addLast(code);
            if (lastCodes.size() > CODES_SHOWN) {
                lastCodes.removeFirst();
            }
        }

        void clear() {
            length = 0;
            lastCodes.clear();
        }

        String lastCodes() {
            return (length > lastCodes.size() ? "..., " : "") + String.join(", ", lastCodes);
        }
    }
}
