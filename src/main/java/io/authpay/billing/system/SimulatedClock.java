package io.authpay.billing.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs at real speed from a chosen instant and can be moved forward, for simulated
 * billing days (the demo jumps from the nightly run at 01:00 to the daily run at 08:05). The
 * program and the sandbox share one, so both see the same time.
 */
public final class SimulatedClock extends Clock {
    private final Clock real;
    private final AtomicLong offsetNanos;
    private final ZoneId zone;

    private SimulatedClock(Clock real, AtomicLong offsetNanos, ZoneId zone) {
        this.real = real;
        this.offsetNanos = offsetNanos;
        this.zone = zone;
    }

    /** A clock that reads {@code start} now and runs on from there. */
    public static SimulatedClock startingAt(Instant start, ZoneId zone) {
        Clock real = Clock.systemUTC();
        return new SimulatedClock(
                real, new AtomicLong(Duration.between(real.instant(), start).toNanos()), zone);
    }

    /** Moves the clock so that it reads {@code instant} now; it runs on from there. */
    public void set(Instant instant) {
        offsetNanos.set(Duration.between(real.instant(), instant).toNanos());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new SimulatedClock(real, offsetNanos, other);
    }

    @Override
    public Instant instant() {
        return real.instant().plusNanos(offsetNanos.get());
    }
}
