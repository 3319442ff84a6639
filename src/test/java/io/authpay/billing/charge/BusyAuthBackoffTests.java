package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.NO_RANDOM;
import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** 307: another charge on the same auth_no is in flight. */
class BusyAuthBackoffTests {

    private static final Instant MORNING = taipei("2026-11-30T10:00");

    /** Answers {@code nextLong(bound)} from a script and remembers the bounds it was asked for. */
    private static final class ScriptedRandom implements RandomGenerator {
        private final Deque<Long> answers = new ArrayDeque<>();
        private final List<Long> bounds = new ArrayList<>();

        ScriptedRandom(long... answers) {
            for (long answer : answers) {
                this.answers.add(answer);
            }
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            return answers.removeFirst();
        }

        @Override
        public long nextLong() {
            throw new AssertionError("the policy must ask for a bounded value");
        }
    }

    private static ChargeDecision busy(ChargePolicy policy, int retriesUsed, Instant now) {
        return policy.decide(
                AttemptOutcome.of("307"),
                RetryCounters.none().withBusyRetriesThisRun(retriesUsed),
                BillingPeriod.MONTH,
                now);
    }

    @Test
    void backsOffTwoFiveFifteenAndSixtySecondsJitteredThenLeavesTheChargeDueForTheNextSweep() {
        // Spreads of ±20%: 400, 1000, 3000 and 12000 ms; the script picks low end, high end, middle, near low end.
        ScriptedRandom random = new ScriptedRandom(0, 2000, 3000, 100);
        ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, random);
        Duration[] expected = {
            Duration.ofMillis(1600), Duration.ofMillis(6000), Duration.ofMillis(15000), Duration.ofMillis(48100)
        };

        for (int used = 0; used < expected.length; used++) {
            ChargeDecision decision = busy(policy, used, MORNING);
            assertThat(decision.status()).isEqualTo(ChargeStatus.DUE);
            assertThat(decision.followUps()).containsExactly(FollowUp.RETRY_NOW_AFTER);
            assertThat(decision.retryNowAfter()).isEqualTo(expected[used]);
            assertThat(decision.nextAttemptAt()).isEqualTo(MORNING.plus(expected[used]));
            assertThat(decision.dunningAttemptConsumed()).isFalse();
        }
        assertThat(random.bounds).containsExactly(801L, 2001L, 6001L, 24001L);

        ChargeDecision exhausted = busy(policy, 4, MORNING);

        assertThat(exhausted.status()).isEqualTo(ChargeStatus.DUE);
        assertThat(exhausted.followUps()).isEmpty();
        assertThat(exhausted.retryNowAfter()).isNull();
        assertThat(exhausted.nextAttemptAt()).isNull();
        assertThat(exhausted.dunningAttemptConsumed()).isFalse();
        assertThat(exhausted.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
        assertThat(exhausted.reason()).contains("307").contains("next sweep");
    }

    @Test
    void jitterStaysWithinTwentyPercentEitherWay() {
        ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, new SplittableRandom(7));
        List<Long> waits = new ArrayList<>();

        for (int i = 0; i < 2000; i++) {
            waits.add(busy(policy, 0, MORNING).retryNowAfter().toMillis());
        }

        assertThat(waits).allSatisfy(ms -> assertThat(ms).isBetween(1600L, 2400L));
        // Spread over the whole range, not stuck at one value (the generator is seeded: no flakiness).
        assertThat(waits.stream().distinct().count()).isGreaterThan(600);
        assertThat(waits).anySatisfy(ms -> assertThat(ms).isLessThan(1650L));
        assertThat(waits).anySatisfy(ms -> assertThat(ms).isGreaterThan(2350L));
    }

    @Test
    void withoutJitterTheBackoffIsExactAndNeedsNoRandomness() {
        ChargePolicy policy =
                new ChargePolicy(RetrySettings.builder().busyJitterPercent(0).build(), BillingWindow.JKOPAY, NO_RANDOM);

        assertThat(busy(policy, 1, MORNING).retryNowAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryThatWouldFallAfterTheCloseIsLeftDueInsteadOfMeeting306() {
        ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, new ScriptedRandom(800));

        ChargeDecision decision = busy(policy, 0, taipei("2026-11-30T19:59:58"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.DUE);
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.reason()).contains("window closes");
    }
}
