package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.GatewayResult;
import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.Transaction;
import io.authpay.billing.authpay.UnknownReason;
import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A charge whose request never left (no pooled connection in time, connection refused) is not UNKNOWN:
 * JKoPay cannot have acted on it. It costs no inquiry, does not count towards the circuit breaker, and the
 * charge is tried again.
 */
class NotSentChargeTests {

    private static final GatewayResult<Transaction> NOT_SENT = new GatewayResult.Unknown<>(
            UnknownReason.CONNECTION_REFUSED,
            "ConnectionRequestTimeoutException: Timeout deadline: 3000 MILLISECONDS",
            null,
            null,
            Duration.ofSeconds(3));

    @Test
    void aRequestThatNeverLeftIsNotUnknown() {
        AttemptOutcome outcome = ChargeProcessor.outcome(NOT_SENT);

        assertThat(outcome.wasNotSent()).isTrue();
        assertThat(outcome.outcomeClass()).isNotEqualTo(OutcomeClass.UNKNOWN);
        AttemptOutcome timeout = ChargeProcessor.outcome(new GatewayResult.Unknown<Transaction>(
                UnknownReason.TIMEOUT, "read timed out", null, null, Duration.ofSeconds(30)));
        assertThat(timeout.outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
    }

    @Test
    void itCostsNoInquiryAndTheChargeIsTriedAgain() {
        ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, new SplittableRandom(7));

        ChargeDecision decision = policy.decide(
                ChargeProcessor.outcome(NOT_SENT),
                RetryCounters.none(),
                BillingPeriod.MONTH,
                taipei("2026-12-01T10:00"));

        assertThat(decision.status()).isNotEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.has(FollowUp.INQUIRE_FIRST)).isFalse();
        assertThat(decision.has(FollowUp.RETRY_NOW_AFTER)).isTrue();
        assertThat(decision.reason()).contains("never sent");
    }

    @Test
    void itNeitherTripsTheBreakerNorBreaksAStreakOfUnknowns() {
        CircuitBreaker breaker = CircuitBreaker.of(RetrySettings.defaults());
        for (int i = 0; i < 50; i++) {
            assertThat(breaker.record(ChargeProcessor.outcome(NOT_SENT))).isFalse();
        }
        int threshold = RetrySettings.defaults().unknownBreakerThreshold();
        for (int i = 0; i < threshold - 1; i++) {
            breaker.record(AttemptOutcome.unknown("TIMEOUT"));
            breaker.record(ChargeProcessor.outcome(NOT_SENT));
        }
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.record(AttemptOutcome.unknown("TIMEOUT"))).isTrue();
    }
}
