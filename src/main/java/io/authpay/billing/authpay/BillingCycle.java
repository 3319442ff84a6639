package io.authpay.billing.authpay;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A binding's {@code billing_cycle}: at most {@code times} charges per {@code period}.
 *
 * @param period the calendar period (UTC+8)
 * @param times charges allowed per period, at least 1
 */
public record BillingCycle(BillingPeriod period, int times) {

    public BillingCycle {
        Objects.requireNonNull(period, "period");
        if (times < 1) {
            throw new IllegalArgumentException("billing_cycle.times must be at least 1, was " + times);
        }
    }

    /** The {@code billing_cycle} of a parent object, or null when it is absent. */
    static BillingCycle readOptional(JsonNode parent) {
        JsonNode node = parent.get("billing_cycle");
        if (AnswerFields.absent(node)) {
            return null;
        }
        AnswerFields.object(node, "billing_cycle");
        String period = AnswerFields.text(node, "period");
        int times = AnswerFields.status(node, "times");
        if (times < 1) {
            throw new MalformedAnswerException("billing_cycle.times is " + times);
        }
        return new BillingCycle(
                BillingPeriod.fromWire(period)
                        .orElseThrow(() -> new MalformedAnswerException("billing_cycle.period is not week, month, "
                                + "quarter or year: \"" + AnswerFields.abbreviate(period) + "\"")),
                times);
    }
}
