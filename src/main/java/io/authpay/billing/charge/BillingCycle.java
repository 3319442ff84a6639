package io.authpay.billing.charge;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The period of a binding's {@code billing_cycle}, over which JKoPay counts charges against
 * {@code billing_cycle.times} (code 305). Periods are calendar periods of UTC+8: a week runs Monday to
 * Sunday, quarters start in January, April, July and October.
 */
public enum BillingCycle {
    WEEK,
    MONTH,
    QUARTER,
    YEAR;

    /** The first day of the period after the one that contains {@code day}. */
    public LocalDate startOfNextPeriod(LocalDate day) {
        return switch (this) {
            case WEEK -> day.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1).plusMonths(1);
            case QUARTER ->
                day.withDayOfMonth(1).withMonth(firstMonthOfQuarter(day)).plusMonths(3);
            case YEAR -> day.withDayOfYear(1).plusYears(1);
        };
    }

    /** The cycle JKoPay names {@code week}, {@code month}, {@code quarter} or {@code year}. */
    public static BillingCycle of(String period) {
        try {
            return valueOf(period.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown billing cycle period: " + period, e);
        }
    }

    private static int firstMonthOfQuarter(LocalDate day) {
        return (day.getMonthValue() - 1) / 3 * 3 + 1;
    }
}
