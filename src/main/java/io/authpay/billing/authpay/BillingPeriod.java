package io.authpay.billing.authpay;

import java.util.Locale;
import java.util.Optional;

/** The {@code billing_cycle.period} of a binding; periods are calendar periods in UTC+8. */
public enum BillingPeriod {
    /** A calendar week; up to 7 charges. */
    WEEK(7),
    /** A calendar month; up to 7 charges. */
    MONTH(7),
    /** A calendar quarter; up to 7 charges. */
    QUARTER(7),
    /** A calendar year; up to 12 charges. */
    YEAR(12);

    private final int maxTimes;

    BillingPeriod(int maxTimes) {
        this.maxTimes = maxTimes;
    }

    /** The most charges per period JKoPay accepts for this period. */
    public int maxTimes() {
        return maxTimes;
    }

    /** The value on the wire: {@code week}, {@code month}, {@code quarter}, {@code year}. */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period of a wire value, or empty for anything else. */
    public static Optional<BillingPeriod> fromWire(String value) {
        for (BillingPeriod period : values()) {
            if (period.wireValue().equals(value)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }
}
