package io.authpay.billing.console;

import io.authpay.billing.charge.BillingWindow;
import io.authpay.billing.system.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the console's pages list, read straight from the tables; read only: every change goes through the
 * services the API uses.
 */
@Component
@Profile("serve")
class ConsoleReads {

    static final int PAGE = 100;

    private final JdbcTemplate jdbc;
    private final BillingWindow window;
    private final Clock clock;

    ConsoleReads(JdbcTemplate jdbc, BillingWindow window, Clock clock) {
        this.jdbc = jdbc;
        this.window = window;
        this.clock = clock;
    }

    /** One charge in a list. */
    record ChargeLine(
            long id,
            String externalId,
            String periodKey,
            LocalDate billingDate,
            String authNo,
            long amount,
            String status,
            int attempts,
            String lastResultCode,
            String reviewReason,
            Instant nextAttemptAt,
            Instant paidAt) {}

    /** One attempt of a charge. */
    record AttemptLine(
            int attemptNo,
            String platformOrderId,
            long amount,
            String outcome,
            String resultCode,
            String resultMessage,
            String unknownReason,
            String settledBy,
            Instant requestedAt,
            Integer latencyMs,
            Long paid) {}

    /** Charges and TWD paid. */
    record Paid(long count, long amount) {}

    /** What is left to refund of a paid order. */
    record Refundable(String platformOrderId, long paid, long refunded, long left) {}

    /** A filter of the charges page; null fields do not filter. */
    record ChargeFilter(String status, LocalDate date, String authNo, String subscription) {}

    private static final String CHARGE_COLUMNS = """
            SELECT c.id, s.external_id, c.period_key, c.billing_date, c.auth_no, c.amount, c.status, c.attempts,
                   c.last_result_code, c.review_reason, c.next_attempt_at, c.paid_at
            FROM charge c JOIN subscription s ON s.id = c.subscription_id
            """;

    List<ChargeLine> charges(ChargeFilter filter) {
        StringBuilder sql = new StringBuilder(CHARGE_COLUMNS).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.status() != null) {
            sql.append(" AND c.status = ?");
            args.add(filter.status());
        }
        if (filter.date() != null) {
            sql.append(" AND c.billing_date = ?");
            args.add(filter.date());
        }
        if (filter.authNo() != null) {
            sql.append(" AND c.auth_no = ?");
            args.add(filter.authNo());
        }
        if (filter.subscription() != null) {
            sql.append(" AND s.external_id = ?");
            args.add(filter.subscription());
        }
        sql.append(" ORDER BY c.id DESC LIMIT ").append(PAGE);
        return jdbc.query(sql.toString(), ConsoleReads::charge, args.toArray());
    }

    /** The NEEDS_REVIEW queue, oldest first. */
    List<ChargeLine> needsReview() {
        return jdbc.query(
                CHARGE_COLUMNS + " WHERE c.status = 'NEEDS_REVIEW' ORDER BY c.billing_date, c.id LIMIT " + PAGE,
                ConsoleReads::charge);
    }

    long needsReviewCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'NEEDS_REVIEW'", Long.class);
    }

    List<AttemptLine> attempts(long chargeId) {
        return jdbc.query(
                """
                SELECT attempt_no, platform_order_id, amount, outcome, result_code, result_message, unknown_reason,
                       settled_by, requested_at, latency_ms, CASE WHEN outcome = 'SUCCEEDED'
                       THEN COALESCE(final_price, amount) END
                FROM charge_attempt WHERE charge_id = ? ORDER BY attempt_no
                """,
                (rs, i) -> new AttemptLine(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        DbTime.instant(rs, 9),
                        (Integer) rs.getObject(10, Integer.class),
                        (Long) rs.getObject(11, Long.class)),
                chargeId);
    }

    /** Charges paid on the billing zone's {@code day}. */
    Paid paidOn(LocalDate day) {
        return jdbc.queryForObject(
                "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM charge WHERE status = 'SUCCEEDED'"
                        + " AND paid_at >= ? AND paid_at < ?",
                (rs, i) -> new Paid(rs.getLong(1), rs.getLong(2)),
                DbTime.utc(day.atStartOfDay(window.zone()).toInstant()),
                DbTime.utc(day.plusDays(1).atStartOfDay(window.zone()).toInstant()));
    }

    /** What is left to refund of the paid attempt of a charge, or null when it has none. */
    Refundable refundable(String platformOrderId) {
        List<Long> paid = jdbc.queryForList(
                "SELECT COALESCE(final_price, amount) FROM charge_attempt WHERE platform_order_id = ?"
                        + " AND outcome = 'SUCCEEDED'",
                Long.class,
                platformOrderId);
        if (paid.isEmpty()) {
            return null;
        }
        // The same sum RefundService checks against: refunds done or under way.
        long refunded = jdbc.queryForObject(
                "SELECT COALESCE(SUM(amount), 0) FROM refund WHERE platform_order_id = ?"
                        + " AND status IN ('SUCCEEDED', 'REQUESTED', 'UNKNOWN')",
                Long.class,
                platformOrderId);
        return new Refundable(platformOrderId, paid.get(0), refunded, paid.get(0) - refunded);
    }

    /** One audit event. */
    record AuditLine(
            Instant occurredAt,
            String actor,
            String action,
            String targetType,
            String targetId,
            String reason,
            String details) {}

    /** A filter of the audit page; null fields do not filter; the target is a type or an id. */
    record AuditFilter(String actor, String action, String target) {}

    List<AuditLine> audit(AuditFilter filter) {
        StringBuilder sql = new StringBuilder(
                "SELECT occurred_at, actor, action, target_type, target_id, reason, details FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action());
        }
        if (filter.target() != null) {
            sql.append(" AND (target_id = ? OR target_type = ?)");
            args.add(filter.target());
            args.add(filter.target());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(PAGE * 2);
        return jdbc.query(
                sql.toString(),
                (rs, i) -> new AuditLine(
                        DbTime.instant(rs, 1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)),
                args.toArray());
    }

    List<String> auditActions() {
        return jdbc.queryForList("SELECT DISTINCT action FROM audit_event ORDER BY action", String.class);
    }

    LocalDate today() {
        return window.dayOf(clock.instant());
    }

    private static ChargeLine charge(ResultSet rs, int i) throws SQLException {
        return new ChargeLine(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, LocalDate.class),
                rs.getString(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getString(9),
                rs.getString(10),
                DbTime.instant(rs, 11),
                DbTime.instant(rs, 12));
    }
}
