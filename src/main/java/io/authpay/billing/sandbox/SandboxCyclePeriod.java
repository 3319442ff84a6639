package io.authpay.billing.sandbox;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code billing_cycle.period} of a binding. Periods are calendar periods in UTC+8: the cycle
 * quota ({@code times}) counts the charges whose UTC+8 date falls in the same period.
 */
public enum SandboxCyclePeriod {
    /** A calendar week, Monday to Sunday. */
    WEEK("week", 7),
    /** A calendar month. */
    MONTH("month", 7),
    /** A calendar quarter (January, April, July, October). */
    QUARTER("quarter", 7),
    /** A calendar year. */
    YEAR("year", 12);

    private final String wireName;
    private final int maxTimes;

    SandboxCyclePeriod(String wireName, int maxTimes) {
        this.wireName = wireName;
        this.maxTimes = maxTimes;
    }

    /** The name on the wire, e.g. {@code month}. */
    public String wireName() {
        return wireName;
    }

    /** The largest {@code times} JKoPay accepts for this period. */
    public int maxTimes() {
        return maxTimes;
    }

    /** The first day of the period that contains this (UTC+8) date. */
    public LocalDate startOf(LocalDate date) {
        return switch (this) {
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
            case QUARTER -> date.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR -> date.withDayOfYear(1);
        };
    }

    /** The period named on the wire, or empty for anything else. */
    public static Optional<SandboxCyclePeriod> fromWire(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }
}
