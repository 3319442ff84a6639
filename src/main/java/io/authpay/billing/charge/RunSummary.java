package io.authpay.billing.charge;

import io.authpay.billing.authpay.OutcomeClass;
import java.util.Map;

/**
 * What a daily charge run did.
 *
 * @param stopReason why it ended
 * @param detail one sentence for the operator (e.g. the circuit breaker's reason); may be empty
 * @param attempts transaction calls made
 * @param succeeded charges paid in this run (including those confirmed by inquiry)
 * @param amount TWD paid in this run
 * @param byOutcome attempts by outcome class
 * @param byResultCode attempts by result code as sent (or the unknown reason when there was none)
 */
public record RunSummary(
        StopReason stopReason,
        String detail,
        int attempts,
        int succeeded,
        long amount,
        Map<OutcomeClass, Integer> byOutcome,
        Map<String, Integer> byResultCode) {

    public RunSummary {
        byOutcome = Map.copyOf(byOutcome);
        byResultCode = Map.copyOf(byResultCode);
        detail = detail == null ? "" : detail;
    }
}
