package io.authpay.billing.subscription;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * How often a subscription is charged. The same four values name JKoPay's {@code billing_cycle.period}
 * ({@code week|month|quarter|year}), whose cycles are calendar periods in UTC+8.
 */
public enum BillingPeriod {
    /** Every 7 days from the anchor; JKoPay's cycle is the calendar week, Monday to Sunday. */
    WEEK,
    /** Every month on the anchor's day, or the month's last day when it is shorter. */
    MONTH,
    /** Every 3 months on the anchor's day, or the month's last day when it is shorter. */
    QUARTER,
    /** Every year on the anchor's month and day; a 29 February anchor bills on 28 February in common years. */
    YEAR;

    /**
     * The period named by CSV or JSON text, ignoring case and surrounding spaces ({@code month},
     * {@code MONTH}, {@code Month}); empty when the text names no period.
     */
    public static Optional<BillingPeriod> fromText(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (BillingPeriod period : values()) {
            if (period.name().equals(name)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code n}-th billing date of a schedule starting at {@code anchor} (n = 0 is the anchor).
     * Always counted from the anchor, never from the previous date: chaining would lose the anchor's
     * day after the first short month (31 Jan, 28 Feb, 28 Mar...).
     */
    LocalDate plusPeriods(LocalDate anchor, long n) {
        return switch (this) {
            case WEEK -> anchor.plusWeeks(n);
            case MONTH -> anchor.plusMonths(n);
            case QUARTER -> anchor.plusMonths(3 * n);
            case YEAR -> anchor.plusYears(n);
        };
    }

    /** The first day of the calendar period (JKoPay billing cycle) that contains {@code date}. */
    public LocalDate cycleStart(LocalDate date) {
        return switch (this) {
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
            case QUARTER -> date.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR -> date.withDayOfYear(1);
        };
    }

    /**
     * The first day of the calendar period after the one that contains {@code date}: where a charge
     * refused with 305 (cycle quota used up) may be tried again.
     */
    public LocalDate nextCycleStart(LocalDate date) {
        LocalDate start = cycleStart(date);
        return switch (this) {
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case YEAR -> start.plusYears(1);
        };
    }
}
