package io.authpay.billing.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@value #FREE_FAILURES} failed sign-ins from one client (its address), each
 * further try must wait, twice as long after every failure, up to {@link #LONGEST}. A successful sign-in
 * forgets the client. Tries during the wait are refused without looking at the credential.
 */
final class SignInThrottle {

    static final int FREE_FAILURES = 3;
    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration LONGEST = Duration.ofMinutes(5);
    private static final int MAX_CLIENTS = 10_000;

    private record Failures(int count, Instant notBefore) {}

    private final Map<String, Failures> clients = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the client must still wait before its next try; zero when it may try now. */
    Duration wait(String client) {
        Failures failures = clients.get(client);
        if (failures == null || failures.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), failures.notBefore());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String client) {
        if (clients.size() > MAX_CLIENTS) {
            clients.clear(); // bounded memory under a flood of addresses; the wait starts again
        }
        clients.compute(client, (key, before) -> {
            int count = before == null ? 1 : before.count() + 1;
            Duration wait = Duration.ZERO;
            if (count >= FREE_FAILURES) {
                int doublings = Math.min(count - FREE_FAILURES, 16);
                wait = FIRST.multipliedBy(1L << doublings);
                if (wait.compareTo(LONGEST) > 0) {
                    wait = LONGEST;
                }
            }
            return new Failures(count, clock.instant().plus(wait));
        });
    }

    void succeeded(String client) {
        clients.remove(client);
    }
}
