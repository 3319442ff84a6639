package io.authpay.billing.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a callback may cost a {@code detail} call now: at most one per auth_no per interval, and
 * a token bucket (refilled at {@code perSecond}, holding as many) for all of them together. Memory stays
 * bounded: an auth_no is remembered only once admitted, so at most {@code perSecond} times the interval
 * (in seconds) of them are live, and expired ones are dropped.
 */
final class DetailThrottle {

    private final Clock clock;
    private final Duration interval;
    private final int perSecond;
    private final Map<String, Instant> lastAsked = new HashMap<>();
    private double tokens;
    private Instant refilledAt;

    DetailThrottle(Clock clock, Duration interval, int perSecond) {
        this.clock = clock;
        this.interval = interval;
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = clock.instant();
    }

    /** Empty when a {@code detail} for this auth_no may be asked now (and counts it); else how long to wait. */
    synchronized Optional<Duration> admit(String authNo) {
        Instant now = clock.instant();
        Instant last = lastAsked.get(authNo);
        if (last != null && now.isBefore(last.plus(interval))) {
            return Optional.of(Duration.between(now, last.plus(interval)));
        }
        refill(now);
        if (tokens < 1) {
            long waitMillis = (long) Math.ceil((1 - tokens) * 1000 / perSecond);
            return Optional.of(Duration.ofMillis(Math.max(1, waitMillis)));
        }
        tokens -= 1;
        if (lastAsked.size() >= perSecond * Math.max(1, interval.toSeconds())) {
            lastAsked.values().removeIf(at -> !now.isBefore(at.plus(interval)));
        }
        lastAsked.put(authNo, now);
        return Optional.empty();
    }

    private void refill(Instant now) {
        long elapsedMillis = Math.max(0, Duration.between(refilledAt, now).toMillis());
        tokens = Math.min(perSecond, tokens + elapsedMillis * perSecond / 1000.0);
        refilledAt = now;
    }
}
