package io.authpay.billing.report;

import io.authpay.billing.charge.AttemptTotals;
import io.authpay.billing.system.DbTime;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Writes billing rows the way the engine would, with every time given explicitly (UTC in the database). */
final class ReportSeed {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    final JdbcTemplate jdbc;
    private final AttemptTotals totals;

    ReportSeed(JdbcTemplate jdbc, AttemptTotals totals) {
        this.totals = totals;
        this.jdbc = jdbc;
    }

    /** {@code "2026-06-10T08:05"} on a Taipei wall clock. */
    static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TAIPEI).toInstant();
    }

    static Instant utc(String instant) {
        return Instant.parse(instant);
    }

    /** Empties the billing tables, children first. */
    void clear() {
        for (String table :
                new String[] {"refund", "charge_attempt_total", "charge_attempt", "charge", "subscription", "binding"
                }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    record Sub(long id, String externalId, String authNo, String tradeName, long amount) {}

    Sub subscription(
            String externalId, String authNo, String tradeName, long amount, String status, Instant updatedAt) {
        jdbc.update(
                "INSERT IGNORE INTO binding (auth_no, status, created_at, updated_at) VALUES (?, 'GRANTED', NOW(6), NOW(6))",
                authNo);
        long id = insert(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status, created_at, updated_at) VALUES (?, ?, ?, 'MONTH', '2026-01-10',"
                        + " '2026-07-10', ?, ?, ?, ?)",
                externalId,
                authNo,
                amount,
                tradeName,
                status,
                DbTime.utc(Instant.parse("2026-01-01T00:00:00Z")),
                DbTime.utc(updatedAt));
        return new Sub(id, externalId, authNo, tradeName, amount);
    }

    Sub subscription(String externalId, String authNo, String tradeName, long amount) {
        return subscription(externalId, authNo, tradeName, amount, "ACTIVE", Instant.parse("2026-01-01T00:00:00Z"));
    }

    ChargeRow charge(Sub sub, String periodKey, LocalDate billingDate, String status) {
        return new ChargeRow(sub, periodKey, billingDate, status);
    }

    /** A charge row to write; everything but the status defaults to what a fresh charge has. */
    final class ChargeRow {
        private final Sub sub;
        private final String periodKey;
        private final LocalDate billingDate;
        private final String status;
        private long amount;
        private Instant nextAttemptAt;
        private int attempts;
        private String lastResultCode;
        private String lastOutcome;
        private String reviewReason;
        private Instant updatedAt;

        private ChargeRow(Sub sub, String periodKey, LocalDate billingDate, String status) {
            this.sub = sub;
            this.periodKey = periodKey;
            this.billingDate = billingDate;
            this.status = status;
            this.amount = sub.amount();
            this.updatedAt = billingDate.atTime(9, 0).atZone(TAIPEI).toInstant();
        }

        ChargeRow amount(long value) {
            amount = value;
            return this;
        }

        ChargeRow next(Instant value) {
            nextAttemptAt = value;
            return this;
        }

        ChargeRow last(int attemptCount, String code, String outcome) {
            attempts = attemptCount;
            lastResultCode = code;
            lastOutcome = outcome;
            return this;
        }

        ChargeRow reason(String value) {
            reviewReason = value;
            return this;
        }

        ChargeRow updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        long insert() {
            return ReportSeed.this.insert(
                    "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                            + " next_attempt_at, attempts, last_result_code, last_outcome, review_reason, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sub.id(),
                    periodKey,
                    java.sql.Date.valueOf(billingDate),
                    sub.authNo(),
                    amount,
                    sub.tradeName(),
                    status,
                    DbTime.utc(nextAttemptAt),
                    attempts,
                    lastResultCode,
                    lastOutcome,
                    reviewReason,
                    DbTime.utc(updatedAt),
                    DbTime.utc(updatedAt));
        }
    }

    /**
     * One transaction call. {@code outcome} null is an attempt still in flight; {@code finalPrice} and
     * {@code debit} are what JKoPay recorded (null unless paid); {@code latencyMs} null when no answer came.
     */
    void attempt(
            long chargeId,
            int attemptNo,
            Instant requestedAt,
            String outcome,
            String code,
            String unknownReason,
            long amount,
            Long finalPrice,
            Long debit,
            Integer latencyMs) {
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, unknown_reason, final_price, debit_amount, redeem_amount, requested_at,"
                        + " completed_at, latency_ms)"
                        + " SELECT ?, ?, ?, auth_no, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM charge WHERE id = ?",
                chargeId,
                attemptNo,
                "ord-" + chargeId + "-" + attemptNo,
                amount,
                outcome,
                code,
                unknownReason,
                finalPrice,
                debit,
                finalPrice == null || debit == null ? null : finalPrice - debit,
                DbTime.utc(requestedAt),
                latencyMs == null ? null : DbTime.utc(requestedAt.plusMillis(latencyMs)),
                latencyMs,
                chargeId);
        // counted as the run that wrote it would have (sql/V12): the report reads these totals
        totals.added(AttemptTotals.Attempts.byPlatformOrderIds(List.of("ord-" + chargeId + "-" + attemptNo)));
    }

    void refund(String refundOrderId, long amount, String status, Instant requestedAt) {
        jdbc.update(
                "INSERT INTO refund (platform_order_id, refund_order_id, amount, status, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                "ord-" + refundOrderId,
                refundOrderId,
                amount,
                status,
                DbTime.utc(requestedAt));
    }

    private long insert(String sql, Object... args) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(
                connection -> {
                    PreparedStatement ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
                    for (int i = 0; i < args.length; i++) {
                        ps.setObject(i + 1, args[i]);
                    }
                    return ps;
                },
                keys);
        return keys.getKey().longValue();
    }
}
