package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.subscription.BillingPeriod;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchQueueTests {

    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

    final DispatchQueue queue = new DispatchQueue();

    static ChargeStore.Due due(long id, String authNo) {
        LocalDate day = LocalDate.of(2026, 12, 1);
        return new ChargeStore.Due(
                new ChargeRow(
                        id,
                        id,
                        "2026-12",
                        day,
                        authNo,
                        100,
                        "Plan",
                        ChargeStatus.DUE,
                        null,
                        0,
                        0,
                        0,
                        day,
                        BillingPeriod.MONTH,
                        "ACTIVE",
                        null),
                false);
    }

    static List<Long> ids(List<ChargeStore.Due> dues) {
        return dues.stream().map(ChargeStore.Due::id).toList();
    }

    @Test
    void aBatchTakesOneChargePerAuthNoAndTheSiblingsWaitForIt() {
        queue.offer(due(1, "A"));
        queue.offer(due(2, "A"));
        queue.offer(due(3, "B"));
        queue.offer(due(4, "A"));

        assertThat(ids(queue.take(10, NOW))).containsExactly(1L, 3L);
        assertThat(queue.take(10, NOW)).isEmpty();

        queue.done(due(1, "A"));
        assertThat(ids(queue.take(10, NOW))).containsExactly(2L);
        queue.done(due(2, "A"));
        assertThat(ids(queue.take(10, NOW))).containsExactly(4L);
    }

    @Test
    void aBatchIsNoLargerThanAsked() {
        for (int i = 1; i <= 5; i++) {
            queue.offer(due(i, "auth-" + i));
        }

        assertThat(ids(queue.take(3, NOW))).containsExactly(1L, 2L, 3L);
        assertThat(ids(queue.take(3, NOW))).containsExactly(4L, 5L);
    }

    @Test
    void aChargeReadAgainIsSkippedWhileQueuedAndOnceDone() {
        assertThat(queue.offer(due(1, "A"))).isTrue();
        assertThat(queue.offer(due(1, "A"))).isFalse();
        queue.take(1, NOW);
        assertThat(queue.offer(due(1, "A"))).isFalse();
        queue.done(due(1, "A"));

        assertThat(queue.offer(due(1, "A"))).isFalse();
        assertThat(queue.idle()).isTrue();
        assertThat(queue.hasReady()).isFalse();
    }

    @Test
    void aChargeNotStartedMayBeReadAndTakenAgain() {
        queue.offer(due(1, "A"));
        queue.take(1, NOW);
        queue.notStarted(due(1, "A"));

        assertThat(queue.offer(due(1, "A"))).isTrue();
        assertThat(ids(queue.take(1, NOW))).containsExactly(1L);
    }

    @Test
    void aRetryComesBackFirstAtItsTimeAndCountsAsABusyRetry() {
        queue.offer(due(1, "A"));
        queue.offer(due(2, "B"));
        queue.take(1, NOW);
        queue.retryAt(due(1, "A"), NOW.plusSeconds(2));

        assertThat(queue.busyRetries(1)).isEqualTo(1);
        assertThat(queue.nextRetryAt()).contains(NOW.plusSeconds(2));
        assertThat(queue.idle()).isFalse();
        assertThat(ids(queue.take(5, NOW.plusSeconds(1)))).containsExactly(2L);
        assertThat(ids(queue.take(5, NOW.plusSeconds(2)))).containsExactly(1L);
        queue.done(due(1, "A"));
        queue.done(due(2, "B"));
        assertThat(queue.idle()).isTrue();
    }

    @Test
    void whileAnAuthNoIsInWorkTheQueueIsNotIdleAndItsWaitingSiblingIsReadyOnceItIsFree() {
        queue.offer(due(1, "A"));
        queue.offer(due(2, "A"));
        queue.take(5, NOW);

        assertThat(queue.idle()).isFalse();
        assertThat(queue.hasReady()).isFalse();
        queue.done(due(1, "A"));
        assertThat(queue.idle()).isTrue();
        assertThat(queue.hasReady()).isTrue();
    }
}
