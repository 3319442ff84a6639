package io.authpay.billing.subscription;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One valid row of a subscription CSV file, ready to be imported.
 *
 * @param line the physical line of the file where the row starts (the header is line 1)
 * @param externalId the merchant's id of the subscription, unique; at most 64 characters
 * @param authNo the AuthPay binding to charge; letters and digits, at most 30
 * @param amount what each period costs, in whole TWD
 * @param currency always {@code TWD}
 * @param period how often it is charged
 * @param anchorDate the first billing date, from which every later one is counted
 * @param nextBillingDate the next date to charge: a billing date on or after the anchor
 * @param tradeName what the customer sees in the JKoPay app; 1 to 30 characters
 */
public record SubscriptionRow(
        int line,
        String externalId,
        String authNo,
        long amount,
        String currency,
        BillingPeriod period,
        LocalDate anchorDate,
        LocalDate nextBillingDate,
        String tradeName) {

    /** Rejects rows the parser could never produce, so a row in hand is always importable. */
    public SubscriptionRow {
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(authNo, "authNo");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(anchorDate, "anchorDate");
        Objects.requireNonNull(nextBillingDate, "nextBillingDate");
        Objects.requireNonNull(tradeName, "tradeName");
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
        if (nextBillingDate.isBefore(anchorDate)) {
            throw new IllegalArgumentException(
                    "next billing date " + nextBillingDate + " is before the anchor " + anchorDate);
        }
    }
}
