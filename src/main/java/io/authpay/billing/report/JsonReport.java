package io.authpay.billing.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report as JSON. The keys are stable, snake_case and in this order:
 *
 * <pre>
 * from, to               the first and last day (YYYY-MM-DD, in zone)
 * zone                   the zone of the days, e.g. "Asia/Taipei"
 * generated_at           when the report was read (ISO-8601 UTC)
 * summary                {from, to, charges_due, amount_due, charges_paid, paid_amount, paid_final_amount,
 *                         paid_debit_amount, success_rate_percent, attempts, attempts_succeeded,
 *                         attempts_in_flight, refunds, refund_amount}
 * charges                [{status, count, amount}]  every charge status, zeros included
 * outcomes               [{outcome, count, amount, final_amount, debit_amount}]  every outcome class and IN_FLIGHT
 * result_codes           [{result_code, unknown_reason, outcome, count, amount}]  most frequent first
 * by_day                 [{date, attempts, succeeded, already_paid, soft_decline, quota_decline,
 *                          amount_mismatch, cycle_quota, outside_window, busy_auth, auth_revoked,
 *                          request_error, unknown, in_flight}]  one per day of the range
 * retries                [{external_id, auth_no, trade_name, billing_date, amount, status, attempts,
 *                          next_attempt_at, last_result_code, last_outcome}]
 * review                 [{external_id, auth_no, trade_name, billing_date, amount, status, attempts,
 *                          last_result_code, last_outcome, review_reason, updated_at}]
 * subscriptions          [{status, count}]  every subscription status, zeros included
 * subscription_changes   [{external_id, auth_no, trade_name, amount, status, updated_at}]
 * refunds                [{status, count, amount}]  every refund status, zeros included
 * settlement             [{date, payments, charged, debit_amount, redeem_amount, jko_coin_amount,
 *                          official_coupon_amount, store_coupon_amount, refunds, refunded,
 *                          refund_debit_amount, refund_redeem_amount, refund_jko_coin_amount,
 *                          refund_official_coupon_amount, refund_store_coupon_amount, net,
 *                          net_debit_amount}]  one per day
 * latency                {samples, p50_ms, p90_ms, p99_ms, max_ms}
 * </pre>
 *
 * Money and counts are integers (TWD); {@code success_rate_percent} is a number with one decimal;
 * dates are {@code YYYY-MM-DD}; instants ISO-8601 UTC. A value that does not exist is {@code null}:
 * the success rate when nothing was due, percentiles without samples, a code the gateway never sent.
 * With one section asked for, the object has {@code from, to, zone, generated_at} and that section's key.
 */
final class JsonReport {

    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    static String render(BillingReport report, List<ReportSection> sections) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", report.range().from().toString());
        root.put("to", report.range().to().toString());
        root.put("zone", report.zone().getId());
        root.put("generated_at", report.generatedAt().toString());
        for (ReportSection section : sections) {
            ReportGrid grid = ReportGrids.of(report, section);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (List<Object> row : grid.rows()) {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = 0; i < grid.columns().size(); i++) {
                    object.put(grid.columns().get(i), json(row.get(i)));
                }
                rows.add(object);
            }
            root.put(section.key(), grid.single() ? rows.get(0) : rows);
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }

    private static Object json(Object cell) {
        if (cell instanceof LocalDate || cell instanceof Instant) {
            return cell.toString();
        }
        if (cell == null
                || cell instanceof String
                || cell instanceof Long
                || cell instanceof Integer
                || cell instanceof BigDecimal) {
            return cell;
        }
        throw new IllegalArgumentException("no JSON form for " + cell.getClass());
    }
}
