package io.authpay.billing.batch;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.charge.RunProgress;
import io.authpay.billing.charge.RunSummary;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The figures a step keeps in its execution context, where another process (the one printing progress,
 * {@code executions}) can read them. Numbers are stored as longs and read back as any {@link Number}: the
 * context serializer decides how they come back.
 */
final class StepFigures {

    private static final String PREFIX = "billing.";
    static final String EXIT_DESCRIPTION = PREFIX + "exit-description";
    static final String COUNT = PREFIX + "count";
    static final String NODE = PREFIX + "node";
    private static final String PROGRESS = PREFIX + "progress.";
    private static final String SUMMARY = PREFIX + "summary.";
    private static final String OUTCOME = SUMMARY + "outcome.";

    private StepFigures() {}

    /**
     * Forgets what an earlier execution of the step wrote: a restarted step starts from a copy of the
     * context of the execution it continues.
     */
    static void clear(ExecutionContext context) {
        context.entrySet().stream()
                .map(Map.Entry::getKey)
                .filter(key -> key.startsWith(PREFIX))
                .toList()
                .forEach(context::remove);
    }

    static void progress(ExecutionContext context, RunProgress progress) {
        context.putLong(PROGRESS + "attempts", progress.attempts());
        context.putLong(PROGRESS + "succeeded", progress.succeeded());
        context.putLong(PROGRESS + "amount", progress.amount());
        context.putLong(PROGRESS + "in-flight", progress.inFlight());
    }

    /** The last progress a running step reported, or null before its first report. */
    static RunProgress progress(ExecutionContext context) {
        if (!context.containsKey(PROGRESS + "attempts")) {
            return null;
        }
        return new RunProgress(
                (int) number(context, PROGRESS + "attempts"),
                (int) number(context, PROGRESS + "succeeded"),
                number(context, PROGRESS + "amount"),
                (int) number(context, PROGRESS + "in-flight"));
    }

    static void summary(ExecutionContext context, RunSummary summary) {
        context.putLong(SUMMARY + "attempts", summary.attempts());
        context.putLong(SUMMARY + "succeeded", summary.succeeded());
        context.putLong(SUMMARY + "amount", summary.amount());
        context.putString(SUMMARY + "stop-reason", summary.stopReason().name());
        summary.byOutcome().forEach((outcome, n) -> context.putLong(OUTCOME + outcome.name(), n));
    }

    static boolean hasSummary(ExecutionContext context) {
        return context.containsKey(SUMMARY + "attempts");
    }

    static long attempts(ExecutionContext context) {
        return number(context, SUMMARY + "attempts");
    }

    static long succeeded(ExecutionContext context) {
        return number(context, SUMMARY + "succeeded");
    }

    static long amount(ExecutionContext context) {
        return number(context, SUMMARY + "amount");
    }

    /** Attempts by outcome class, in the order of {@link OutcomeClass}. */
    static Map<OutcomeClass, Long> byOutcome(ExecutionContext context) {
        Map<OutcomeClass, Long> byOutcome = new TreeMap<>();
        for (OutcomeClass outcome : OutcomeClass.values()) {
            if (context.containsKey(OUTCOME + outcome.name())) {
                byOutcome.put(outcome, number(context, OUTCOME + outcome.name()));
            }
        }
        return byOutcome;
    }

    static void count(ExecutionContext context, int count) {
        context.putLong(COUNT, count);
    }

    /** What a nightly step counted, or null when it did not finish. */
    static Long count(ExecutionContext context) {
        return context.containsKey(COUNT) ? number(context, COUNT) : null;
    }

    /** Which process ran the step (see {@link NodeName}); set again by every execution. */
    static void node(ExecutionContext context, String node) {
        context.putString(NODE, node);
    }

    static String node(ExecutionContext context) {
        return context.containsKey(NODE) ? context.getString(NODE) : null;
    }

    static void exitDescription(ExecutionContext context, String description) {
        context.putString(EXIT_DESCRIPTION, description);
    }

    static String exitDescription(ExecutionContext context) {
        return context.containsKey(EXIT_DESCRIPTION) ? context.getString(EXIT_DESCRIPTION) : null;
    }

    private static long number(ExecutionContext context, String key) {
        Object value = context.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
