package io.authpay.billing.subscription;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names the calendar period a billing date belongs to, so that a subscription is charged at most once
 * per period (the charge table is unique on subscription and key): MONTH {@code 2026-12}, QUARTER
 * {@code 2026-Q4}, YEAR {@code 2026}, WEEK the ISO week {@code 2026-W49}. The periods are the same as
 * JKoPay's billing cycles, so one key is also one cycle of the binding's quota.
 *
 * <p>Consecutive billing dates of one schedule always get different keys: monthly dates are
 * {@code anchor.plusMonths(n)}, one per month even when clamped; quarterly dates are three months apart,
 * so each lands in the next quarter; yearly dates one per year; weekly dates are exactly 7 days apart,
 * so they fall on the same weekday of consecutive ISO weeks, never twice in one week.
 *
 * @param value the key as stored, e.g. {@code 2026-W53}
 */
public record PeriodKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|W(0[1-9]|[1-4]\\d|5[0-3])))?");

    /** Checks the format, so a key read back from the database is one this class could have made. */
    public PeriodKey {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a period key: \"" + value + "\"");
        }
    }

    /**
     * The key of the period of {@code period} that contains {@code billingDate}. Weekly keys use the ISO
     * week-based year: 2027-01-01 is in {@code 2026-W53}, 2024-12-30 in {@code 2025-W01}.
     */
    public static PeriodKey of(BillingPeriod period, LocalDate billingDate) {
        int year = billingDate.getYear();
        return new PeriodKey(
                switch (period) {
                    case WEEK ->
                        String.format(
                                Locale.ROOT,
                                "%04d-W%02d",
                                billingDate.get(IsoFields.WEEK_BASED_YEAR),
                                billingDate.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                    case MONTH -> String.format(Locale.ROOT, "%04d-%02d", year, billingDate.getMonthValue());
                    case QUARTER ->
                        String.format(Locale.ROOT, "%04d-Q%d", year, billingDate.get(IsoFields.QUARTER_OF_YEAR));
                    case YEAR -> String.format(Locale.ROOT, "%04d", year);
                });
    }

    @Override
    public String toString() {
        return value;
    }
}
