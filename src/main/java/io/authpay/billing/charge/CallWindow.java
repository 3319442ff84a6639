package io.authpay.billing.charge;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * When a call to JKoPay may start: inside the {@link BillingWindow} with {@code billing.charge.window-guard}
 * to spare, so that a call sent now cannot reach JKoPay after the window closes (it would answer 306). The
 * one place of that rule: the daily run, an operator's charge, a dry run and the launch of daily-billing
 * all ask here.
 *
 * @param window JKoPay's hours
 * @param guard how long before the window closes no call starts any more
 */
public record CallWindow(BillingWindow window, Duration guard) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public CallWindow {
        Objects.requireNonNull(window, "window");
        if (guard == null || guard.isNegative()) {
            throw new IllegalArgumentException("billing.charge.window-guard must be zero or more, was " + guard);
        }
    }

    /** Whether a call started at {@code now} reaches JKoPay inside the window, with the guard to spare. */
    public boolean mayStartCall(Instant now) {
        return window.contains(now) && window.contains(now.plus(guard));
    }

    /** The last moment of {@code day} at which a call may start. */
    public Instant lastStartOn(LocalDate day) {
        return window.closingOn(day).minus(guard);
    }

    /** {@code now} when a call may start now, else the next moment one may. */
    public Instant nextStart(Instant now) {
        return mayStartCall(now) ? now : window.openingAfter(now);
    }

    /** Why no call may start at {@code now}, in one line: the window, the local time there, the next opening. */
    public String shutReason(Instant now) {
        return "JKoPay takes charges only inside the billing window " + window
                + (guard.isZero() ? "" : " (and not in its last " + guard.toSeconds() + " s)")
                + "; it is " + LOCAL.format(now.atZone(window.zone())) + " there now, and the window next opens at "
                + LOCAL.format(nextStart(now).atZone(window.zone())) + " " + window.zone();
    }

    @Override
    public String toString() {
        return window + (guard.isZero() ? "" : " less its last " + guard.toSeconds() + " s");
    }
}
