package io.authpay.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DetailThrottleTests {

    final SettableClock clock = new SettableClock();

    /** A clock that stands still until a test moves it. */
    static final class SettableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T02:00:00Z");

        void set(Instant instant) {
            now = instant;
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
            return this;
        }
    }

    @Test
    void oneDetailPerAuthNoPerInterval() {
        DetailThrottle throttle = new DetailThrottle(clock, Duration.ofSeconds(30), 10);
        assertThat(throttle.admit("111")).isEmpty();
        clock.set(clock.instant().plusSeconds(10));
        assertThat(throttle.admit("111"))
                .hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofSeconds(20)));
        assertThat(throttle.admit("222")).isEmpty();
        clock.set(clock.instant().plusSeconds(20));
        assertThat(throttle.admit("111")).isEmpty();
    }

    @Test
    void allAuthNosTogetherGetAtMostTheRateAfterABurstOfAsMany() {
        DetailThrottle throttle = new DetailThrottle(clock, Duration.ofSeconds(30), 5);
        int admitted = 0;
        for (int i = 0; i < 300; i++) {
            if (throttle.admit("a" + i).isEmpty()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5);
        clock.set(clock.instant().plusSeconds(2));
        admitted = 0;
        for (int i = 300; i < 600; i++) {
            if (throttle.admit("a" + i).isEmpty()) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(5); // the bucket holds at most one second's worth
    }

    @Test
    void aRefusedCallbackDoesNotCountAgainstItsAuthNo() {
        DetailThrottle throttle = new DetailThrottle(clock, Duration.ofSeconds(30), 1);
        assertThat(throttle.admit("111")).isEmpty();
        assertThat(throttle.admit("222")).isPresent(); // over the rate
        clock.set(clock.instant().plusSeconds(1));
        assertThat(throttle.admit("222")).isEmpty();
    }
}
