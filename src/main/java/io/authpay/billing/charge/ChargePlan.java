package io.authpay.billing.charge;

import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.PeriodKey;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The charge a subscription owes for the period of its next billing date: what the nightly run inserts as
 * a DUE row. Amount, auth_no and trade name are copied, so a later change of the subscription does not
 * change what this period was billed for.
 *
 * @param subscriptionId the subscription
 * @param periodKey the period, e.g. {@code 2026-02}; unique per subscription
 * @param billingDate the subscription's next billing date (Asia/Taipei)
 * @param authNo the binding to charge
 * @param amount TWD
 * @param tradeName as the customer sees it in JKoPay
 */
record ChargePlan(
        long subscriptionId, PeriodKey periodKey, LocalDate billingDate, String authNo, long amount, String tradeName) {

    ChargePlan {
        Objects.requireNonNull(periodKey, "periodKey");
        Objects.requireNonNull(billingDate, "billingDate");
        Objects.requireNonNull(authNo, "authNo");
        Objects.requireNonNull(tradeName, "tradeName");
    }

    /** The charge for the period that contains {@code nextBillingDate}. */
    static ChargePlan forNextBillingDate(
            long subscriptionId,
            BillingPeriod period,
            LocalDate nextBillingDate,
            String authNo,
            long amount,
            String tradeName) {
        return new ChargePlan(
                subscriptionId, PeriodKey.of(period, nextBillingDate), nextBillingDate, authNo, amount, tradeName);
    }
}
