package io.authpay.billing.subscription;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One JKoPay billing cycle: the calendar week (Monday to Sunday), month, quarter or year in UTC+8
 * within which a binding allows {@code billing_cycle.times} charges.
 *
 * @param period the kind of cycle
 * @param start its first day
 * @param nextStart the first day of the following cycle (exclusive end of this one)
 */
public record BillingCycle(BillingPeriod period, LocalDate start, LocalDate nextStart) {

    /** Checks that the dates really delimit one cycle of {@code period}. */
    public BillingCycle {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(nextStart, "nextStart");
        if (!period.cycleStart(start).equals(start)
                || !period.nextCycleStart(start).equals(nextStart)) {
            throw new IllegalArgumentException(
                    "[" + start + ", " + nextStart + ") is not one " + period + " billing cycle");
        }
    }

    /** The cycle of {@code period} that contains this calendar date (already in Asia/Taipei). */
    public static BillingCycle containing(BillingPeriod period, LocalDate date) {
        return new BillingCycle(period, period.cycleStart(date), period.nextCycleStart(date));
    }

    /** The cycle of {@code period} that contains this instant, read in Asia/Taipei (UTC+8). */
    public static BillingCycle containing(BillingPeriod period, Instant instant) {
        return containing(period, LocalDate.ofInstant(instant, BillingCalendar.ZONE));
    }

    /** Midnight in Asia/Taipei at the start of this cycle. */
    public Instant startInstant() {
        return start.atStartOfDay(BillingCalendar.ZONE).toInstant();
    }

    /** Midnight in Asia/Taipei at the start of the next cycle: the earliest a 305-refused charge can pass. */
    public Instant nextStartInstant() {
        return nextStart.atStartOfDay(BillingCalendar.ZONE).toInstant();
    }

    /** Whether this calendar date falls in the cycle. */
    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && date.isBefore(nextStart);
    }

    /** The following cycle. */
    public BillingCycle next() {
        return containing(period, nextStart);
    }
}
