package io.authpay.billing.charge;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The daily hours in which JKoPay accepts AuthPay charges: by default 08:00 (inclusive) to 20:00
 * (exclusive), Asia/Taipei. Outside them the gateway answers 306.
 *
 * <p>Every calculation goes through the zone's rules for each calendar day rather than a fixed offset,
 * so the window stays right in a zone with daylight saving time even though Taiwan has none.
 *
 * @param zone the zone whose wall clock the window follows ({@code billing.window.zone})
 * @param start the first moment of the window each day, inclusive ({@code billing.window.start})
 * @param end the end of the window each day, exclusive ({@code billing.window.end}); after {@code start}
 */
public record BillingWindow(ZoneId zone, LocalTime start, LocalTime end) {

    /** JKoPay's window: 08:00–20:00 Asia/Taipei. */
    public static final BillingWindow JKOPAY = of(ZoneId.of("Asia/Taipei"), LocalTime.of(8, 0), LocalTime.of(20, 0));

    public BillingWindow {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            // A window spanning midnight would make "the window of a day" ambiguous; JKoPay's does not.
            throw new IllegalArgumentException(
                    "billing window start " + start + " must be before its end " + end + " on the same day");
        }
    }

    /** A window of {@code start} (inclusive) to {@code end} (exclusive) each day in {@code zone}. */
    public static BillingWindow of(ZoneId zone, LocalTime start, LocalTime end) {
        return new BillingWindow(zone, start, end);
    }

    /** Whether a charge sent at {@code instant} falls inside the window. */
    public boolean contains(Instant instant) {
        LocalDate day = dayOf(instant);
        return !instant.isBefore(openingOn(day)) && instant.isBefore(closingOn(day));
    }

    /** Whether the window is open now, by the given clock. */
    public boolean isOpen(Clock clock) {
        return contains(clock.instant());
    }

    /** {@code instant} itself when it is inside the window, else the next opening after it. */
    public Instant nextOpening(Instant instant) {
        return contains(instant) ? instant : openingAfter(instant);
    }

    /** The first opening strictly after {@code instant}, even when the window is open at {@code instant}. */
    public Instant openingAfter(Instant instant) {
        LocalDate day = dayOf(instant);
        while (!openingOn(day).isAfter(instant)) {
            day = day.plusDays(1);
        }
        return openingOn(day);
    }

    /**
     * The end of the window that contains {@code instant}.
     *
     * @throws IllegalArgumentException when {@code instant} is outside the window: there is no window to close
     */
    public Instant closesAt(Instant instant) {
        if (!contains(instant)) {
            throw new IllegalArgumentException(instant + " is outside the billing window " + this);
        }
        return closingOn(dayOf(instant));
    }

    /** The moment the window opens on a calendar day of the zone. */
    public Instant openingOn(LocalDate day) {
        return ZonedDateTime.of(day, start, zone).toInstant();
    }

    /** The moment the window closes on a calendar day of the zone. */
    public Instant closingOn(LocalDate day) {
        return ZonedDateTime.of(day, end, zone).toInstant();
    }

    /** The calendar day of the zone that {@code instant} falls on. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    @Override
    public String toString() {
        return start + "–" + end + " " + zone;
    }
}
