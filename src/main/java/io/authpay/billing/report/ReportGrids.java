package io.authpay.billing.report;

import io.authpay.billing.report.BillingReport.CodeTotal;
import io.authpay.billing.report.BillingReport.DayOutcomes;
import io.authpay.billing.report.BillingReport.Latency;
import io.authpay.billing.report.BillingReport.OutcomeTotal;
import io.authpay.billing.report.BillingReport.RetryCharge;
import io.authpay.billing.report.BillingReport.ReviewCharge;
import io.authpay.billing.report.BillingReport.StatusCount;
import io.authpay.billing.report.BillingReport.StatusTotal;
import io.authpay.billing.report.BillingReport.SubscriptionChange;
import io.authpay.billing.report.BillingReport.Summary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Lays a report out as one {@link ReportGrid} per section: the columns every format shares. */
final class ReportGrids {

    private ReportGrids() {}

    static Map<ReportSection, ReportGrid> of(BillingReport report) {
        Map<ReportSection, ReportGrid> grids = new EnumMap<>(ReportSection.class);
        for (ReportSection section : ReportSection.values()) {
            grids.put(section, of(report, section));
        }
        return grids;
    }

    static ReportGrid of(BillingReport report, ReportSection section) {
        return switch (section) {
            case SUMMARY -> summary(report);
            case CHARGES -> statusTotals(section, report.charges());
            case OUTCOMES -> outcomes(report.outcomes());
            case RESULT_CODES -> resultCodes(report.resultCodes());
            case BY_DAY -> byDay(report.byDay());
            case RETRIES -> retries(report.retries());
            case REVIEW -> review(report.review());
            case SUBSCRIPTIONS -> subscriptions(report.subscriptions());
            case SUBSCRIPTION_CHANGES -> subscriptionChanges(report.subscriptionChanges());
            case REFUNDS -> statusTotals(section, report.refunds());
            case LATENCY -> latency(report.latency());
            case SETTLEMENT -> settlement(report.settlement());
        };
    }

    private static ReportGrid summary(BillingReport report) {
        Summary s = report.summary();
        return ReportGrid.of(
                        ReportSection.SUMMARY,
                        "from",
                        "to",
                        "charges_due",
                        "amount_due",
                        "charges_paid",
                        "paid_amount",
                        "paid_final_amount",
                        "paid_debit_amount",
                        "success_rate_percent",
                        "attempts",
                        "attempts_succeeded",
                        "attempts_in_flight",
                        "refunds",
                        "refund_amount")
                .row(
                        report.range().from(),
                        report.range().to(),
                        s.chargesDue(),
                        s.amountDue(),
                        s.chargesPaid(),
                        s.paidAmount(),
                        s.paidFinalAmount(),
                        s.paidDebitAmount(),
                        s.successRatePercent(),
                        s.attempts(),
                        s.attemptsSucceeded(),
                        s.attemptsInFlight(),
                        s.refunds(),
                        s.refundAmount())
                .single();
    }

    private static ReportGrid settlement(List<BillingReport.SettlementDay> days) {
        ReportGrid.Builder grid = ReportGrid.of(
                ReportSection.SETTLEMENT,
                "date",
                "payments",
                "charged",
                "debit_amount",
                "redeem_amount",
                "jko_coin_amount",
                "official_coupon_amount",
                "store_coupon_amount",
                "refunds",
                "refunded",
                "refund_debit_amount",
                "refund_redeem_amount",
                "refund_jko_coin_amount",
                "refund_official_coupon_amount",
                "refund_store_coupon_amount",
                "net",
                "net_debit_amount");
        days.forEach(d -> grid.row(
                d.date(),
                d.payments(),
                d.charged(),
                d.debit(),
                d.redeem(),
                d.jkoCoins(),
                d.officialCoupons(),
                d.storeCoupons(),
                d.refunds(),
                d.refunded(),
                d.refundDebit(),
                d.refundRedeem(),
                d.refundJkoCoins(),
                d.refundOfficialCoupons(),
                d.refundStoreCoupons(),
                d.net(),
                d.netDebit()));
        return grid.table();
    }

    private static ReportGrid statusTotals(ReportSection section, List<StatusTotal> totals) {
        ReportGrid.Builder grid = ReportGrid.of(section, "status", "count", "amount");
        totals.forEach(t -> grid.row(t.status(), t.count(), t.amount()));
        return grid.table();
    }

    private static ReportGrid outcomes(List<OutcomeTotal> totals) {
        ReportGrid.Builder grid =
                ReportGrid.of(ReportSection.OUTCOMES, "outcome", "count", "amount", "final_amount", "debit_amount");
        totals.forEach(t -> grid.row(t.outcome(), t.count(), t.amount(), t.finalAmount(), t.debitAmount()));
        return grid.table();
    }

    private static ReportGrid resultCodes(List<CodeTotal> totals) {
        ReportGrid.Builder grid = ReportGrid.of(
                ReportSection.RESULT_CODES, "result_code", "unknown_reason", "outcome", "count", "amount");
        totals.forEach(t -> grid.row(t.resultCode(), t.unknownReason(), t.outcome(), t.count(), t.amount()));
        return grid.table();
    }

    /** One column per outcome class, lower-cased ({@code soft_decline}), zeros included. */
    private static ReportGrid byDay(List<DayOutcomes> days) {
        Set<String> outcomes = new LinkedHashSet<>(BillingReport.OUTCOMES);
        days.forEach(d -> outcomes.addAll(d.byOutcome().keySet()));
        List<String> columns = new ArrayList<>(List.of("date", "attempts"));
        outcomes.forEach(o -> columns.add(outcomeKey(o)));
        ReportGrid.Builder grid = ReportGrid.of(ReportSection.BY_DAY, columns);
        for (DayOutcomes day : days) {
            List<Object> row = new ArrayList<>(List.of(day.date(), day.attempts()));
            outcomes.forEach(o -> row.add(day.byOutcome().getOrDefault(o, 0L)));
            grid.row(row);
        }
        return grid.table();
    }

    /** The by_day column of an outcome class: {@code SOFT_DECLINE} → {@code soft_decline}. */
    static String outcomeKey(String outcome) {
        return outcome.toLowerCase(Locale.ROOT);
    }

    private static ReportGrid retries(List<RetryCharge> retries) {
        ReportGrid.Builder grid = ReportGrid.of(
                ReportSection.RETRIES,
                "external_id",
                "auth_no",
                "trade_name",
                "billing_date",
                "amount",
                "status",
                "attempts",
                "next_attempt_at",
                "last_result_code",
                "last_outcome");
        retries.forEach(r -> grid.row(
                r.externalId(),
                r.authNo(),
                r.tradeName(),
                r.billingDate(),
                r.amount(),
                r.status(),
                r.attempts(),
                r.nextAttemptAt(),
                r.lastResultCode(),
                r.lastOutcome()));
        return grid.table();
    }

    private static ReportGrid review(List<ReviewCharge> review) {
        ReportGrid.Builder grid = ReportGrid.of(
                ReportSection.REVIEW,
                "external_id",
                "auth_no",
                "trade_name",
                "billing_date",
                "amount",
                "status",
                "attempts",
                "last_result_code",
                "last_outcome",
                "review_reason",
                "updated_at");
        review.forEach(r -> grid.row(
                r.externalId(),
                r.authNo(),
                r.tradeName(),
                r.billingDate(),
                r.amount(),
                r.status(),
                r.attempts(),
                r.lastResultCode(),
                r.lastOutcome(),
                r.reviewReason(),
                r.updatedAt()));
        return grid.table();
    }

    private static ReportGrid subscriptions(List<StatusCount> counts) {
        ReportGrid.Builder grid = ReportGrid.of(ReportSection.SUBSCRIPTIONS, "status", "count");
        counts.forEach(c -> grid.row(c.status(), c.count()));
        return grid.table();
    }

    private static ReportGrid subscriptionChanges(List<SubscriptionChange> changes) {
        ReportGrid.Builder grid = ReportGrid.of(
                ReportSection.SUBSCRIPTION_CHANGES,
                "external_id",
                "auth_no",
                "trade_name",
                "amount",
                "status",
                "updated_at");
        changes.forEach(
                c -> grid.row(c.externalId(), c.authNo(), c.tradeName(), c.amount(), c.status(), c.updatedAt()));
        return grid.table();
    }

    private static ReportGrid latency(Latency latency) {
        return ReportGrid.of(ReportSection.LATENCY, "samples", "p50_ms", "p90_ms", "p99_ms", "max_ms")
                .row(latency.samples(), latency.p50Ms(), latency.p90Ms(), latency.p99Ms(), latency.maxMs())
                .single();
    }
}
