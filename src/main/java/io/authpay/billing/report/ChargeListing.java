package io.authpay.billing.report;

import io.authpay.billing.charge.ChargeStatus;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.system.Streaming;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Lists charges with their attempts' order ids, newest billing date first. */
@Component
public class ChargeListing {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;

    ChargeListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.streaming = Streaming.jdbc(jdbc);
    }

    /**
     * One charge as an operator sees it (the fields are the documented JSON of {@code charges}).
     *
     * @param externalId the subscription's external id
     * @param authNo the binding charged
     * @param periodKey the billing period
     * @param billingDate the billing date (Asia/Taipei)
     * @param amount TWD
     * @param status where the charge stands
     * @param attempts transaction calls made
     * @param lastResultCode the last result code
     * @param lastOutcome the last outcome class
     * @param nextAttemptAt when it may be attempted next; null when not scheduled
     * @param reviewReason why it needs review
     * @param platformOrderIds the attempts' order ids, in attempt order
     */
    public record Row(
            String externalId,
            String authNo,
            String periodKey,
            LocalDate billingDate,
            long amount,
            ChargeStatus status,
            int attempts,
            String lastResultCode,
            String lastOutcome,
            Instant nextAttemptAt,
            String reviewReason,
            List<String> platformOrderIds) {}

    /** The latest {@code limit} charges, filtered by status and subscription when those are not null. */
    public List<Row> find(ChargeStatus status, String externalId, int limit) {
        List<Row> rows = new ArrayList<>();
        stream(status, externalId, limit, rows::add);
        return rows;
    }

    /**
     * Hands the charges to {@code each} as the database returns them, newest billing date first, holding
     * none: a million rows take no more memory than one.
     *
     * @param limit at most this many; null for every one
     */
    public void stream(ChargeStatus status, String externalId, Integer limit, Consumer<Row> each) {
        Filter filter = new Filter(status, externalId);
        List<Object> args = new ArrayList<>(filter.args);
        if (limit != null) {
            args.add(limit);
        }
        // The order ids in the same statement (one subquery per charge on its unique key): a streamed result
        // leaves its connection no room for a second query, and a charge with many attempts stays one row.
        String sql = "SELECT s.external_id, c.auth_no, c.period_key, c.billing_date, c.amount, c.status,"
                + " c.attempts, c.last_result_code, c.last_outcome, c.next_attempt_at, c.review_reason,"
                + " (SELECT GROUP_CONCAT(a.platform_order_id ORDER BY a.attempt_no SEPARATOR ' ')"
                + " FROM charge_attempt a WHERE a.charge_id = c.id) AS order_ids"
                + " FROM charge c JOIN subscription s ON s.id = c.subscription_id" + filter.where
                + " ORDER BY c.billing_date DESC, c.id DESC" + (limit == null ? "" : " LIMIT ?");
        streaming.query(
                sql,
                rs -> {
                    String orderIds = rs.getString("order_ids");
                    each.accept(new Row(
                            rs.getString("external_id"),
                            rs.getString("auth_no"),
                            rs.getString("period_key"),
                            rs.getObject("billing_date", LocalDate.class),
                            rs.getLong("amount"),
                            ChargeStatus.valueOf(rs.getString("status")),
                            rs.getInt("attempts"),
                            rs.getString("last_result_code"),
                            rs.getString("last_outcome"),
                            DbTime.instant(rs, "next_attempt_at"),
                            rs.getString("review_reason"),
                            orderIds == null ? List.of() : List.of(orderIds.split(" "))));
                },
                args.toArray());
    }

    /** How many charges the filter matches. */
    public long count(ChargeStatus status, String externalId) {
        Filter filter = new Filter(status, externalId);
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge c JOIN subscription s ON s.id = c.subscription_id" + filter.where,
                Long.class,
                filter.args.toArray());
    }

    private static final class Filter {
        final List<Object> args = new ArrayList<>();
        final String where;

        Filter(ChargeStatus status, String externalId) {
            List<String> conditions = new ArrayList<>();
            if (status != null) {
                conditions.add("c.status = ?");
                args.add(status.name());
            }
            if (externalId != null) {
                conditions.add("s.external_id = ?");
                args.add(externalId);
            }
            where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }
    }
}
