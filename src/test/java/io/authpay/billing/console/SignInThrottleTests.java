package io.authpay.billing.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTests {

    /** A clock that moves only when the test moves it. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T02:00:00Z");

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

    private final TestClock clock = new TestClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void theFirstFailuresAreFreeThenEachWaitDoublesPerClientUpToFiveMinutes() {
        throttle.failed("a");
        throttle.failed("a");
        clock.set(clock.instant().minusSeconds(60)); // even a clock set back does not make a free failure wait
        assertThat(throttle.wait("a")).isZero();

        throttle.failed("a");
        assertThat(throttle.wait("a")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("a");
        assertThat(throttle.wait("a")).isEqualTo(Duration.ofSeconds(4));
        for (int i = 0; i < 20; i++) {
            throttle.failed("a");
        }
        assertThat(throttle.wait("a")).isEqualTo(Duration.ofMinutes(5));
        assertThat(throttle.wait("b")).isZero();

        clock.set(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(throttle.wait("a")).isZero();
        throttle.succeeded("a");
        throttle.failed("a");
        assertThat(throttle.wait("a")).isZero();
    }
}
