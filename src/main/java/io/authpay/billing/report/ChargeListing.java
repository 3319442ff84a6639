package io.authpay.billing.report;

import io.authpay.billing.charge.ChargeStatus;
import io.authpay.billing.system.DbTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Lists charges with their attempts' order ids, newest billing date first. */
@Component
public class ChargeListing {

    private final JdbcTemplate jdbc;

    ChargeListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        List<Object> args = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (status != null) {
            where.add("c.status = ?");
            args.add(status.name());
        }
        if (externalId != null) {
            where.add("s.external_id = ?");
            args.add(externalId);
        }
        args.add(limit);
        String sql = "SELECT c.id, s.external_id, c.auth_no, c.period_key, c.billing_date, c.amount, c.status,"
                + " c.attempts, c.last_result_code, c.last_outcome, c.next_attempt_at, c.review_reason"
                + " FROM charge c JOIN subscription s ON s.id = c.subscription_id"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY c.billing_date DESC, c.id DESC LIMIT ?";
        List<Long> ids = new ArrayList<>();
        List<Row> rows = jdbc.query(
                sql,
                (rs, i) -> {
                    ids.add(rs.getLong("id"));
                    return new Row(
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
                            new ArrayList<>());
                },
                args.toArray());
        // A second query, not a join: a charge with many attempts stays one row.
        Map<Long, Row> byId = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            byId.put(ids.get(i), rows.get(i));
        }
        if (!ids.isEmpty()) {
            String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
            jdbc.query(
                    "SELECT charge_id, platform_order_id FROM charge_attempt WHERE charge_id IN (" + marks + ")"
                            + " ORDER BY charge_id, attempt_no",
                    rs -> {
                        byId.get(rs.getLong(1)).platformOrderIds().add(rs.getString(2));
                    },
                    ids.toArray());
        }
        return rows;
    }
}
