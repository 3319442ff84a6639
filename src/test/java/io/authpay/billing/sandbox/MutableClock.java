package io.authpay.billing.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test sets: the sandbox's "now" only moves when the test moves it. */
final class MutableClock extends Clock {

    private volatile Instant now;

    private MutableClock(Instant now) {
        this.now = now;
    }

    /** A clock at this local time in UTC+8, e.g. {@code 2026-12-01T10:00}. */
    static MutableClock atTaipei(String localDateTime) {
        return new MutableClock(taipei(localDateTime));
    }

    static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.ofHours(8));
    }

    void setTaipei(String localDateTime) {
        now = taipei(localDateTime);
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox only asks for instants");
    }
}
