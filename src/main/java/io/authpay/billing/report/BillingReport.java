package io.authpay.billing.report;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.charge.ChargeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What happened in billing over a range of days, as read from the database at one moment. Money is
 * integer TWD. Immutable: the lists and maps cannot be changed.
 *
 * @param range the days covered (in {@code zone})
 * @param zone the zone of the days and of the times shown to people
 * @param generatedAt when the report was read
 * @param summary the headline figures
 * @param charges the charges due in the range (by billing date), by status; every status, zeros included
 * @param outcomes the attempts made in the range, by outcome class; every class, zeros included
 * @param resultCodes the attempts made in the range, by result code; only the codes that occurred
 * @param byDay the attempts of each day of the range, by outcome class
 * @param retries the charges waiting for another attempt (RETRY_SCHEDULED or UNKNOWN), soonest first
 * @param review the charges an operator should look at: every open NEEDS_REVIEW, and the FAILED ones
 *     due or failed in the range
 * @param subscriptions every subscription, counted by status now
 * @param subscriptionChanges the subscriptions that are PAST_DUE or AUTH_REVOKED and changed in the range
 * @param refunds the refunds requested in the range, by status; every status, zeros included
 * @param latency the gateway's answer times of the attempts made in the range
 */
public record BillingReport(
        ReportRange range,
        ZoneId zone,
        Instant generatedAt,
        Summary summary,
        List<StatusTotal> charges,
        List<OutcomeTotal> outcomes,
        List<CodeTotal> resultCodes,
        List<DayOutcomes> byDay,
        List<RetryCharge> retries,
        List<ReviewCharge> review,
        List<StatusCount> subscriptions,
        List<SubscriptionChange> subscriptionChanges,
        List<StatusTotal> refunds,
        Latency latency,
        List<SettlementDay> settlement) {

    public BillingReport {
        charges = List.copyOf(charges);
        outcomes = List.copyOf(outcomes);
        resultCodes = List.copyOf(resultCodes);
        byDay = List.copyOf(byDay);
        retries = List.copyOf(retries);
        review = List.copyOf(review);
        subscriptions = List.copyOf(subscriptions);
        subscriptionChanges = List.copyOf(subscriptionChanges);
        refunds = List.copyOf(refunds);
        settlement = List.copyOf(settlement);
    }

    /**
     * One day's money, from what JKoPay's answers said (transaction and refund): {@code charged} is the paid
     * attempts' final_price, {@code debit} the part paid from the customer's wallet, {@code redeem} the part
     * paid with JKO coins and coupons (always charged = debit + redeem), split by redeem_detail into
     * {@code jkoCoins}, {@code officialCoupons} (JKoPay's) and {@code storeCoupons} (the merchant's own; the
     * three add up to redeem unless an answer came without redeem_detail); the same for the SUCCEEDED
     * refunds; {@code net} = charged - refunded, {@code netDebit} = debit - refund debit. By the day the call
     * was made.
     */
    public record SettlementDay(
            LocalDate date,
            long payments,
            long charged,
            long debit,
            long redeem,
            long jkoCoins,
            long officialCoupons,
            long storeCoupons,
            long refunds,
            long refunded,
            long refundDebit,
            long refundRedeem,
            long refundJkoCoins,
            long refundOfficialCoupons,
            long refundStoreCoupons,
            long net,
            long netDebit) {}

    /**
     * The headline figures.
     *
     * @param chargesDue charges whose billing date is in the range, whatever their status
     * @param amountDue what those charges ask for
     * @param chargesPaid those of them that are SUCCEEDED
     * @param paidAmount what the paid ones asked for
     * @param paidFinalAmount the final prices JKoPay recorded on the paid attempts of those charges (above
     *     {@code paidAmount} only if a charge was paid twice or at another price: worth a look)
     * @param paidDebitAmount what JKoPay debited on those attempts (the final price less points redeemed)
     * @param successRatePercent paid as a share of due, in percent with one decimal; null when nothing was due
     * @param attempts transaction calls made in the range
     * @param attemptsSucceeded those answered SUCCEEDED or ALREADY_PAID
     * @param attemptsInFlight those without an outcome yet
     * @param refunds refunds requested in the range
     * @param refundAmount what those refunds asked for
     */
    public record Summary(
            long chargesDue,
            long amountDue,
            long chargesPaid,
            long paidAmount,
            long paidFinalAmount,
            long paidDebitAmount,
            BigDecimal successRatePercent,
            long attempts,
            long attemptsSucceeded,
            long attemptsInFlight,
            long refunds,
            long refundAmount) {}

    /** A count and an amount for one status. */
    public record StatusTotal(String status, long count, long amount) {}

    /** A count for one status. */
    public record StatusCount(String status, long count) {}

    /**
     * Attempts of one outcome class.
     *
     * @param outcome the class name, or {@code IN_FLIGHT} for attempts without an outcome yet
     * @param amount what the attempts asked for
     * @param finalAmount the final prices recorded on them
     * @param debitAmount the debit amounts recorded on them
     */
    public record OutcomeTotal(String outcome, long count, long amount, long finalAmount, long debitAmount) {}

    /**
     * Attempts of one result code.
     *
     * @param resultCode the gateway's code; null when there was no answer (see {@code unknownReason}) or
     *     the attempt is still in flight
     * @param unknownReason why the outcome is unknown (TIMEOUT, NOT_JSON, ...), when it is
     * @param outcome the class the code maps to, or {@code IN_FLIGHT}
     * @param amount what the attempts asked for
     */
    public record CodeTotal(String resultCode, String unknownReason, String outcome, long count, long amount) {}

    /**
     * The attempts of one day.
     *
     * @param byOutcome attempts by outcome class, in the order of {@link BillingReport#OUTCOMES}, zeros included,
     *     then any other value found in the database
     */
    public record DayOutcomes(LocalDate date, long attempts, Map<String, Long> byOutcome) {
        public DayOutcomes {
            byOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(byOutcome));
        }
    }

    /** A charge waiting for its next attempt, and why (its last code and outcome). */
    public record RetryCharge(
            String externalId,
            String authNo,
            String tradeName,
            LocalDate billingDate,
            long amount,
            String status,
            int attempts,
            Instant nextAttemptAt,
            String lastResultCode,
            String lastOutcome) {}

    /** A charge that needs an operator, with the reason the engine recorded. */
    public record ReviewCharge(
            String externalId,
            String authNo,
            String tradeName,
            LocalDate billingDate,
            long amount,
            String status,
            int attempts,
            String lastResultCode,
            String lastOutcome,
            String reviewReason,
            Instant updatedAt) {}

    /** A subscription that became PAST_DUE or AUTH_REVOKED. */
    public record SubscriptionChange(
            String externalId, String authNo, String tradeName, long amount, String status, Instant updatedAt) {}

    /**
     * Gateway answer times in milliseconds, exact nearest-rank percentiles; all null when there were no samples.
     *
     * @param samples the attempts with a recorded latency
     */
    public record Latency(long samples, Long p50Ms, Long p90Ms, Long p99Ms, Long maxMs) {}

    /**
     * The outcome classes of charge attempts, in report order: the gateway's classes (less the refund-only
     * one), then {@code IN_FLIGHT} for "no outcome yet".
     */
    public static final List<String> OUTCOMES = Stream.concat(
                    Stream.of(OutcomeClass.values())
                            .filter(c -> c != OutcomeClass.REFUND_REJECTED)
                            .map(Enum::name),
                    Stream.of("IN_FLIGHT"))
            .toList();

    /** The statuses of a charge, in report order. */
    public static final List<String> CHARGE_STATUSES =
            Stream.of(ChargeStatus.values()).map(Enum::name).toList();

    /** The statuses of a subscription, in report order. */
    public static final List<String> SUBSCRIPTION_STATUSES =
            List.of("ACTIVE", "PAST_DUE", "PAUSED", "CANCELED", "AUTH_REVOKED");

    /** The statuses of a refund, in report order. */
    public static final List<String> REFUND_STATUSES = List.of("SUCCEEDED", "REJECTED", "UNKNOWN", "REQUESTED");
}
