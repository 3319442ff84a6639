package io.authpay.billing.subscription;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When a subscription is charged. Billing dates are calendar dates in Asia/Taipei; the {@code n}-th is
 * always computed from the anchor, so an anchor on the 29th–31st bills on the last day of shorter months
 * and returns to its own day when the month allows (31 Jan, 28 Feb, 31 Mar, 30 Apr, 31 May).
 */
public final class BillingCalendar {

    /** The zone of billing dates and of JKoPay's billing cycles (UTC+8, no daylight saving). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Taipei");

    private BillingCalendar() {}

    /** The {@code n}-th billing date (n = 0 is the anchor itself). */
    public static LocalDate billingDate(LocalDate anchor, BillingPeriod period, long n) {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(period, "period");
        if (n < 0) {
            throw new IllegalArgumentException("billing date index must be 0 or more, was " + n);
        }
        return period.plusPeriods(anchor, n);
    }

    /**
     * The first billing date strictly after {@code current}; the anchor when {@code current} is before it.
     * Correct when {@code current} is a clamped month-end date: after 28 Feb on a 31st anchor comes 31 Mar.
     */
    public static LocalDate nextBillingDate(LocalDate anchor, BillingPeriod period, LocalDate current) {
        Objects.requireNonNull(current, "current");
        long n = Math.max(0, roughIndex(anchor, period, current) - 1);
        LocalDate date = billingDate(anchor, period, n);
        while (!date.isAfter(current)) {
            date = billingDate(anchor, period, ++n);
        }
        return date;
    }

    /** Whether {@code date} is one of the schedule's billing dates (the anchor included). */
    public static boolean isBillingDate(LocalDate anchor, BillingPeriod period, LocalDate date) {
        return nextBillingDate(anchor, period, date.minusDays(1)).equals(date);
    }

    /**
     * The billing dates from {@code from} through {@code through}, both inclusive, oldest first: what a
     * subscription that fell behind owes, one period at a time.
     */
    public static List<LocalDate> billingDatesBetween(
            LocalDate anchor, BillingPeriod period, LocalDate from, LocalDate through) {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate date = nextBillingDate(anchor, period, from.minusDays(1));
                !date.isAfter(through);
                date = nextBillingDate(anchor, period, date)) {
            dates.add(date);
        }
        return dates;
    }

    /**
     * Whole periods from the anchor to {@code date}. ChronoUnit compares days of month without the
     * month-end clamp (31 Jan to 28 Feb is 0 months, yet 28 Feb is billing date 1), so this is at most
     * one below the index of the last billing date on or before {@code date}; callers step from one
     * below it to stay safe.
     */
    private static long roughIndex(LocalDate anchor, BillingPeriod period, LocalDate date) {
        if (!date.isAfter(anchor)) {
            return 0;
        }
        return switch (period) {
            case WEEK -> ChronoUnit.WEEKS.between(anchor, date);
            case MONTH -> ChronoUnit.MONTHS.between(anchor, date);
            case QUARTER -> ChronoUnit.MONTHS.between(anchor, date) / 3;
            case YEAR -> ChronoUnit.YEARS.between(anchor, date);
        };
    }
}
