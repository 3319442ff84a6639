package io.authpay.billing.report;

import io.authpay.billing.report.BillingReport.CodeTotal;
import io.authpay.billing.report.BillingReport.DayOutcomes;
import io.authpay.billing.report.BillingReport.OutcomeTotal;
import io.authpay.billing.report.BillingReport.RetryCharge;
import io.authpay.billing.report.BillingReport.ReviewCharge;
import io.authpay.billing.report.BillingReport.StatusCount;
import io.authpay.billing.report.BillingReport.StatusTotal;
import io.authpay.billing.report.BillingReport.SubscriptionChange;
import io.authpay.billing.report.BillingReport.Summary;
import io.authpay.billing.system.DbTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads a {@link BillingReport} from the billing tables. Every query is bounded by an indexed column:
 * attempts' totals by hour, attempts in flight by {@code outcome, requested_at}, charges by {@code billing_date}
 * or {@code status}, refunds by {@code requested_at}. A day's attempts are never read one by one: their
 * totals are kept as they are written ({@code AttemptTotals}, sql/V12).
 */
@Component
class ReportQuery {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    ReportQuery(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        // One InnoDB snapshot for every query, so the sections add up even while a run is writing.
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    BillingReport read(ReportRange range, ZoneId zone, Instant generatedAt) {
        return readOnly.execute(status -> readInSnapshot(range, zone, generatedAt));
    }

    private BillingReport readInSnapshot(ReportRange range, ZoneId zone, Instant generatedAt) {
        Instant start = range.start(zone);
        Instant end = range.end(zone);

        ChargeTotals charges = charges(range);
        AttemptTotals attempts = new AttemptTotals();
        List<DayOutcomes> byDay = new ArrayList<>();
        List<BillingReport.SettlementDay> settlement = new ArrayList<>();
        for (LocalDate day : range.days()) {
            List<AttemptGroup> groups = attemptGroups(ReportRange.day(day), zone);
            byDay.add(attempts.addDay(day, groups));
            settlement.add(settlement(day, zone, groups));
        }
        List<StatusTotal> refunds = refunds(start, end);

        long attemptCount = attempts.byOutcome.values().stream()
                .mapToLong(OutcomeTotal::count)
                .sum();
        long succeeded = attempts.count("SUCCEEDED") + attempts.count("ALREADY_PAID");
        Summary summary = new Summary(
                charges.count(),
                charges.amount(),
                charges.paidCount(),
                charges.paidAmount(),
                charges.paidFinal(),
                charges.paidDebit(),
                percent(charges.paidCount(), charges.count()),
                attemptCount,
                succeeded,
                attempts.count("IN_FLIGHT"),
                refunds.stream().mapToLong(StatusTotal::count).sum(),
                refunds.stream().mapToLong(StatusTotal::amount).sum());

        return new BillingReport(
                range,
                zone,
                generatedAt,
                summary,
                charges.byStatus(),
                List.copyOf(attempts.byOutcome.values()),
                attempts.byCode(),
                byDay,
                retries(range),
                review(range, start, end),
                subscriptions(),
                subscriptionChanges(start, end),
                refunds,
                attempts.latency().latency(),
                settlement);
    }

    /**
     * One day's settlement: the paid (SUCCEEDED) attempts, summed from that day's attempt groups, and the
     * SUCCEEDED refunds asked for that day.
     */
    private BillingReport.SettlementDay settlement(LocalDate day, ZoneId zone, List<AttemptGroup> groups) {
        ReportRange range = ReportRange.day(day);
        long[] paid = new long[7];
        for (AttemptGroup g : groups) {
            if ("SUCCEEDED".equals(g.outcome())) {
                paid[0] += g.count();
                paid[1] += g.finalAmount();
                paid[2] += g.debitAmount();
                paid[3] += g.redeemAmount();
                paid[4] += g.jkoCoinAmount();
                paid[5] += g.officialCouponAmount();
                paid[6] += g.storeCouponAmount();
            }
        }
        long[] refunded =
                jdbc.queryForObject("""
                SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(debit_amount), 0),
                       COALESCE(SUM(redeem_amount), 0), COALESCE(SUM(jko_coin_amount), 0),
                       COALESCE(SUM(official_coupon_amount), 0), COALESCE(SUM(store_coupon_amount), 0)
                FROM refund
                WHERE requested_at >= ? AND requested_at < ? AND status = 'SUCCEEDED'
                """, ReportQuery::sums, DbTime.utc(range.start(zone)), DbTime.utc(range.end(zone)));
        return new BillingReport.SettlementDay(
                day,
                paid[0],
                paid[1],
                paid[2],
                paid[3],
                paid[4],
                paid[5],
                paid[6],
                refunded[0],
                refunded[1],
                refunded[2],
                refunded[3],
                refunded[4],
                refunded[5],
                refunded[6],
                paid[1] - refunded[1],
                paid[2] - refunded[2]);
    }

    /** The columns of a settlement sum: count, amount, debit, redeem, coins, JKoPay's and the store's coupons. */
    private static long[] sums(ResultSet rs, int row) throws SQLException {
        long[] sums = new long[7];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = rs.getLong(i + 1);
        }
        return sums;
    }

    /** {@code part} of {@code whole} in percent, one decimal, rounded half up; null when whole is zero. */
    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private record ChargeTotals(
            List<StatusTotal> byStatus,
            long count,
            long amount,
            long paidCount,
            long paidAmount,
            long paidFinal,
            long paidDebit) {}

    private ChargeTotals charges(ReportRange range) {
        Map<String, StatusTotal> byStatus = new LinkedHashMap<>();
        BillingReport.CHARGE_STATUSES.forEach(s -> byStatus.put(s, new StatusTotal(s, 0, 0)));
        Date from = Date.valueOf(range.from());
        Date to = Date.valueOf(range.to());
        // What JKoPay recorded on the paid attempts of the SUCCEEDED charges: kept on each charge with its
        // attempts (sql/V12), one attempt's figures, or two if a charge was ever paid twice, which the operator
        // must then see. Read in the same pass as the statuses: the join to the attempts cost 1.3 s a million.
        long[] paid = new long[2];
        jdbc.query(
                """
                SELECT status, COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(paid_final_price), 0),
                    COALESCE(SUM(paid_debit_amount), 0)
                FROM charge
                WHERE billing_date BETWEEN ? AND ?
                GROUP BY status
                """,
                rs -> {
                    String status = rs.getString(1);
                    byStatus.put(status, new StatusTotal(status, rs.getLong(2), rs.getLong(3)));
                    if ("SUCCEEDED".equals(status)) {
                        paid[0] = rs.getLong(4);
                        paid[1] = rs.getLong(5);
                    }
                },
                from,
                to);
        List<StatusTotal> totals = List.copyOf(byStatus.values());
        StatusTotal succeeded = byStatus.get("SUCCEEDED");
        return new ChargeTotals(
                totals,
                totals.stream().mapToLong(StatusTotal::count).sum(),
                totals.stream().mapToLong(StatusTotal::amount).sum(),
                succeeded.count(),
                succeeded.amount(),
                paid[0],
                paid[1]);
    }

    /** Attempts of one group (outcome, code, unknown reason, latency in ms or null) on one day. */
    record AttemptGroup(
            String outcome,
            String resultCode,
            String unknownReason,
            Long latencyMs,
            long count,
            long amount,
            long finalAmount,
            long debitAmount,
            long redeemAmount,
            long jkoCoinAmount,
            long officialCouponAmount,
            long storeCouponAmount) {}

    /**
     * Every figure of a day's attempts: the answered ones from the totals kept with them (sql/V12, by UTC
     * hour, summed over their writers), the few still in flight from {@code charge_attempt}'s outcome index.
     * A few thousand rows at most, whatever the number of attempts; grouped by latency too, for the
     * percentiles. A day's bounds are computed in Java for the zone, so the SQL needs no time-zone tables.
     */
    private List<AttemptGroup> attemptGroups(ReportRange day, ZoneId zone) {
        Instant start = day.start(zone);
        Instant end = day.end(zone);
        if (!wholeHour(start) || !wholeHour(end)) {
            throw new IllegalStateException("the attempts' totals are kept by UTC hour, and a day in " + zone
                    + " starts at " + DbTime.utc(start).toLocalTime() + " UTC: set billing.window.zone to a zone"
                    + " a whole number of hours from UTC");
        }
        List<AttemptGroup> groups = new ArrayList<>(jdbc.query(
                """
                SELECT outcome, result_code, unknown_reason, latency_ms, SUM(attempts), SUM(amount), SUM(final_price),
                    SUM(debit_amount), SUM(redeem_amount), SUM(jko_coin_amount), SUM(official_coupon_amount),
                    SUM(store_coupon_amount)
                FROM charge_attempt_total
                WHERE hour_start >= ? AND hour_start < ?
                GROUP BY outcome, result_code, unknown_reason, latency_ms
                HAVING SUM(attempts) <> 0
                ORDER BY NULL
                """,
                (rs, i) -> new AttemptGroup(
                        rs.getString(1),
                        emptyAsNull(rs.getString(2)),
                        emptyAsNull(rs.getString(3)),
                        rs.getLong(4) < 0 ? null : rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getLong(10),
                        rs.getLong(11),
                        rs.getLong(12)),
                DbTime.utc(start),
                DbTime.utc(end)));
        jdbc.query(
                """
                SELECT COUNT(*), COALESCE(SUM(amount), 0)
                FROM charge_attempt FORCE INDEX (ix_charge_attempt_outcome_requested_at)
                WHERE outcome IS NULL AND requested_at >= ? AND requested_at < ?
                """,
                rs -> {
                    if (rs.getLong(1) > 0) {
                        groups.add(new AttemptGroup(
                                "IN_FLIGHT", null, null, null, rs.getLong(1), rs.getLong(2), 0, 0, 0, 0, 0, 0));
                    }
                },
                DbTime.utc(start),
                DbTime.utc(end));
        return groups;
    }

    private static boolean wholeHour(Instant instant) {
        return instant.getEpochSecond() % 3600 == 0 && instant.getNano() == 0;
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Sums the days' attempt groups into the range's totals by outcome and by code. */
    private static final class AttemptTotals {
        final Map<String, OutcomeTotal> byOutcome = new LinkedHashMap<>();
        final Map<List<String>, CodeTotal> byCode = new LinkedHashMap<>();
        /** Attempts by latency in whole milliseconds, in ascending order for {@link Percentiles}. */
        private final TreeMap<Long, Long> latencies = new TreeMap<>();

        AttemptTotals() {
            BillingReport.OUTCOMES.forEach(o -> byOutcome.put(o, new OutcomeTotal(o, 0, 0, 0, 0)));
        }

        DayOutcomes addDay(LocalDate day, List<AttemptGroup> groups) {
            Map<String, Long> counts = new LinkedHashMap<>();
            BillingReport.OUTCOMES.forEach(o -> counts.put(o, 0L));
            long total = 0;
            for (AttemptGroup g : groups) {
                if (g.latencyMs() != null) {
                    latencies.merge(g.latencyMs(), g.count(), Long::sum);
                }
                counts.merge(g.outcome(), g.count(), Long::sum);
                total += g.count();
                byOutcome.merge(
                        g.outcome(),
                        new OutcomeTotal(g.outcome(), g.count(), g.amount(), g.finalAmount(), g.debitAmount()),
                        (a, b) -> new OutcomeTotal(
                                a.outcome(),
                                a.count() + b.count(),
                                a.amount() + b.amount(),
                                a.finalAmount() + b.finalAmount(),
                                a.debitAmount() + b.debitAmount()));
                // Arrays.asList, not List.of: the code and the reason may be null
                byCode.merge(
                        Arrays.asList(g.resultCode(), g.unknownReason(), g.outcome()),
                        new CodeTotal(g.resultCode(), g.unknownReason(), g.outcome(), g.count(), g.amount()),
                        (a, b) -> new CodeTotal(
                                a.resultCode(),
                                a.unknownReason(),
                                a.outcome(),
                                a.count() + b.count(),
                                a.amount() + b.amount()));
            }
            return new DayOutcomes(day, total, counts);
        }

        /** The latency percentiles of every attempt added. */
        Percentiles latency() {
            Percentiles percentiles = new Percentiles();
            latencies.forEach(percentiles::add);
            return percentiles;
        }

        long count(String outcome) {
            OutcomeTotal total = byOutcome.get(outcome);
            return total == null ? 0 : total.count();
        }

        /** Most frequent first; ties by code, so the order is stable. */
        List<CodeTotal> byCode() {
            Comparator<String> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
            return byCode.values().stream()
                    .sorted(Comparator.comparingLong(CodeTotal::count)
                            .reversed()
                            .thenComparing(CodeTotal::resultCode, nullsLast)
                            .thenComparing(CodeTotal::unknownReason, nullsLast)
                            .thenComparing(CodeTotal::outcome, nullsLast))
                    .toList();
        }
    }

    /**
     * Charges waiting for another attempt, read through {@code ix_charge_status_next_attempt_at}. A waiting
     * charge is current state, not history: every one due by the end of the range is listed, however old.
     */
    private List<RetryCharge> retries(ReportRange range) {
        return jdbc.query(
                """
                SELECT s.external_id, c.auth_no, c.trade_name, c.billing_date, c.amount, c.status, c.attempts,
                    c.next_attempt_at, c.last_result_code, c.last_outcome
                FROM charge c JOIN subscription s ON s.id = c.subscription_id
                WHERE c.status IN ('RETRY_SCHEDULED', 'UNKNOWN') AND c.billing_date <= ?
                ORDER BY c.next_attempt_at, c.id
                """,
                (rs, i) -> new RetryCharge(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getInt(7),
                        DbTime.instant(rs, 8),
                        rs.getString(9),
                        rs.getString(10)),
                Date.valueOf(range.to()));
    }

    /**
     * Every open NEEDS_REVIEW charge due by the end of the range (they wait for an operator however old), and
     * the FAILED charges due in the range or that failed in it ({@code updated_at}: FAILED is final, so its
     * last change is when it failed).
     */
    private List<ReviewCharge> review(ReportRange range, Instant start, Instant end) {
        return jdbc.query(
                """
                SELECT s.external_id, c.auth_no, c.trade_name, c.billing_date, c.amount, c.status, c.attempts,
                    c.last_result_code, c.last_outcome, c.review_reason, c.updated_at
                FROM charge c JOIN subscription s ON s.id = c.subscription_id
                WHERE (c.status = 'NEEDS_REVIEW' AND c.billing_date <= ?)
                   OR (c.status = 'FAILED'
                       AND (c.billing_date BETWEEN ? AND ? OR (c.updated_at >= ? AND c.updated_at < ?)))
                ORDER BY c.status DESC, c.billing_date, c.id
                """,
                (rs, i) -> new ReviewCharge(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getInt(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        DbTime.instant(rs, 11)),
                Date.valueOf(range.to()),
                Date.valueOf(range.from()),
                Date.valueOf(range.to()),
                DbTime.utc(start),
                DbTime.utc(end));
    }

    private List<StatusCount> subscriptions() {
        Map<String, StatusCount> byStatus = new LinkedHashMap<>();
        BillingReport.SUBSCRIPTION_STATUSES.forEach(s -> byStatus.put(s, new StatusCount(s, 0)));
        jdbc.query("SELECT status, COUNT(*) FROM subscription GROUP BY status", rs -> {
            byStatus.put(rs.getString(1), new StatusCount(rs.getString(1), rs.getLong(2)));
        });
        return List.copyOf(byStatus.values());
    }

    /** Few subscriptions are PAST_DUE or AUTH_REVOKED, so the status index narrows this well enough. */
    private List<SubscriptionChange> subscriptionChanges(Instant start, Instant end) {
        return jdbc.query(
                """
                SELECT external_id, auth_no, trade_name, amount, status, updated_at
                FROM subscription
                WHERE status IN ('PAST_DUE', 'AUTH_REVOKED') AND updated_at >= ? AND updated_at < ?
                ORDER BY updated_at, id
                """,
                (rs, i) -> new SubscriptionChange(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        DbTime.instant(rs, 6)),
                DbTime.utc(start),
                DbTime.utc(end));
    }

    private List<StatusTotal> refunds(Instant start, Instant end) {
        Map<String, StatusTotal> byStatus = new LinkedHashMap<>();
        BillingReport.REFUND_STATUSES.forEach(s -> byStatus.put(s, new StatusTotal(s, 0, 0)));
        jdbc.query(
                """
                SELECT status, COUNT(*), COALESCE(SUM(amount), 0) FROM refund
                WHERE requested_at >= ? AND requested_at < ?
                GROUP BY status
                """,
                rs -> {
                    byStatus.put(rs.getString(1), new StatusTotal(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                },
                DbTime.utc(start),
                DbTime.utc(end));
        return List.copyOf(byStatus.values());
    }
}
