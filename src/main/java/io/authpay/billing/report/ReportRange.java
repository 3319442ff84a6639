package io.authpay.billing.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The calendar days a report covers, both ends included. A day is a day in the billing zone
 * (Asia/Taipei), so its bounds in the database's UTC are 16:00 of the day before to 16:00.
 *
 * @param from the first day
 * @param to the last day, not before {@code from}
 */
public record ReportRange(LocalDate from, LocalDate to) {

    /** The longest range a report accepts: a year, so a typo in a year cannot ask for decades of rows. */
    public static final int MAX_DAYS = 366;

    /** @throws IllegalArgumentException when a date is missing, {@code to} is before {@code from} or the range is too long */
    public ReportRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a report needs both a first and a last day");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the last day " + to + " is before the first day " + from);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "a report covers at most " + MAX_DAYS + " days; " + from + " to " + to + " is " + days);
        }
    }

    /** A report of one day. */
    public static ReportRange day(LocalDate day) {
        return new ReportRange(day, day);
    }

    /** Every day of the range, in order. */
    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }

    /** The first instant of the range: the start of {@code from} in {@code zone}. */
    public Instant start(ZoneId zone) {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the range: the start of the day after {@code to} in {@code zone}. */
    public Instant end(ZoneId zone) {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }
}
