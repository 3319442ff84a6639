package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.NO_RANDOM;
import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per row of the result-code policy, plus the dunning sequence and the window. */
class ChargePolicyTests {

    private static final Instant MORNING = taipei("2026-11-30T10:00");

    private final ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, NO_RANDOM);

    private ChargeDecision decide(String code, RetryCounters counters, Instant now) {
        return policy.decide(AttemptOutcome.of(code), counters, BillingPeriod.MONTH, now);
    }

    private ChargeDecision decide(String code, Instant now) {
        return decide(code, RetryCounters.none(), now);
    }

    @Test
    void successAdvancesTheSubscriptionAndIsNeverRetried() {
        ChargeDecision decision = decide("000", MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.SUCCEEDED);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.ADVANCE);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.dunningAttemptConsumed()).isFalse();
    }

    @Test
    void alreadyPaidIsConfirmedByInquiryAtOnceBeforeAnythingElse() {
        ChargeDecision decision = decide("101", MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.followUps()).containsExactly(FollowUp.INQUIRE_FIRST);
        assertThat(decision.nextAttemptAt()).isEqualTo(MORNING);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"104", "115", "121"})
    void softDeclineSchedulesTheFirstDunningRetryOneDayLater(String code) {
        ChargeDecision decision = decide(code, MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T10:00"));
        assertThat(decision.dunningAttemptConsumed()).isTrue();
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.reason()).contains(code).contains("dunning retry 1 of 3");
    }

    @Test
    void dunningRetriesAfterOneThreeAndFiveDaysThenFailsAndMakesTheSubscriptionPastDue() {
        Instant declinedAt = taipei("2026-11-02T10:00");
        RetryCounters counters = RetryCounters.none();
        Instant[] expected = {taipei("2026-11-03T10:00"), taipei("2026-11-06T10:00"), taipei("2026-11-11T10:00")};

        for (Instant retryAt : expected) {
            ChargeDecision decision = decide("121", counters, declinedAt);
            assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
            assertThat(decision.nextAttemptAt()).isEqualTo(retryAt);
            assertThat(decision.dunningAttemptConsumed()).isTrue();
            counters = counters.withDunningAttemptsUsed(counters.dunningAttemptsUsed() + 1);
            declinedAt = retryAt;
        }
        ChargeDecision last = decide("121", counters, declinedAt);

        assertThat(last.status()).isEqualTo(ChargeStatus.FAILED);
        assertThat(last.subscriptionEffect()).isEqualTo(SubscriptionEffect.PAST_DUE);
        assertThat(last.nextAttemptAt()).isNull();
        assertThat(last.dunningAttemptConsumed()).isFalse();
        assertThat(last.reason()).contains("121").contains("3 dunning retries").contains("past due");
    }

    @Test
    void declineAtTenToEightIsRetriedAtTenToEightTheNextDay() {
        assertThat(decide("115", taipei("2026-11-30T19:50")).nextAttemptAt()).isEqualTo(taipei("2026-12-01T19:50"));
    }

    @Test
    void dunningRetryLandingAtTwentyMovesToEightTheNextMorning() {
        ChargePolicy oneSecond = new ChargePolicy(
                RetrySettings.builder().dunningDelays(Duration.ofSeconds(1)).build(), BillingWindow.JKOPAY, NO_RANDOM);

        ChargeDecision decision = oneSecond.decide(
                AttemptOutcome.of("115"), RetryCounters.none(), BillingPeriod.MONTH, taipei("2026-11-30T19:59:59"));

        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T08:00"));
    }

    @Test
    void dunningRetryLandingBeforeEightMovesToEightThatMorning() {
        ChargePolicy twelveHours = new ChargePolicy(
                RetrySettings.builder().dunningDelays(Duration.ofHours(12)).build(), BillingWindow.JKOPAY, NO_RANDOM);

        ChargeDecision decision = twelveHours.decide(
                AttemptOutcome.of("104"), RetryCounters.none(), BillingPeriod.MONTH, taipei("2026-11-30T19:59:59"));

        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T08:00"));
    }

    @Test
    void quotaDeclineNeedsReviewAndIsNotRetriedThisPeriod() {
        ChargeDecision decision = decide("303", MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.NEEDS_REVIEW);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
        assertThat(decision.reason()).contains("303").contains("limit the customer set");
    }

    @Test
    void amountMismatchRefreshesTheBindingNeedsReviewAndNeverRetriesTheSameAmount() {
        ChargeDecision decision = decide("304", MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.NEEDS_REVIEW);
        assertThat(decision.followUps()).containsExactly(FollowUp.REFRESH_BINDING);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.reason()).contains("304").contains("never retried");
    }

    @Test
    void outsideWindowAtTwentyExactlyIsDeferredToEightTheNextMorningWithoutUsingDunning() {
        ChargeDecision decision = decide("306", taipei("2026-11-30T20:00:00"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T08:00"));
        assertThat(decision.dunningAttemptConsumed()).isFalse();
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
        assertThat(decision.followUps()).isEmpty();
    }

    @Test
    void outsideWindowAtSevenFiftyNineIsDeferredToEightTheSameMorning() {
        assertThat(decide("306", taipei("2026-11-30T07:59")).nextAttemptAt()).isEqualTo(taipei("2026-11-30T08:00"));
    }

    @Test
    void outsideWindowWhileOurClockSaysOpenWaitsForTheNextOpeningInsteadOfLoopingOn306() {
        assertThat(decide("306", taipei("2026-11-30T19:59:59.900")).nextAttemptAt())
                .isEqualTo(taipei("2026-12-01T08:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"301", "302"})
    void revokedBindingCancelsTheChargeRevokesTheSubscriptionAndRefreshesTheBinding(String code) {
        ChargeDecision decision = decide(code, MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.CANCELED);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.AUTH_REVOKED);
        assertThat(decision.followUps()).containsExactly(FollowUp.REFRESH_BINDING);
        assertThat(decision.nextAttemptAt()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"110", "200", "201"})
    void requestErrorNeedsReviewNamingTheCode(String code) {
        ChargeDecision decision = decide(code, MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.NEEDS_REVIEW);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.reason()).contains(code).contains("configuration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "999", "777", "", "TIMEOUT"})
    void unknownOutcomeIsInquiredOneMinuteLaterNeverChargedAgainBlindly(String code) {
        ChargeDecision decision = decide(code, MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.followUps()).containsExactly(FollowUp.INQUIRE_FIRST);
        assertThat(decision.nextAttemptAt()).isEqualTo(MORNING.plus(Duration.ofMinutes(1)));
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
        assertThat(decision.dunningAttemptConsumed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TIMEOUT", "HTTP 502", "NON_JSON", "CONNECTION_ERROR"})
    void transportFailuresAreUnknownOutcomes(String label) {
        ChargeDecision decision =
                policy.decide(AttemptOutcome.unknown(label), RetryCounters.none(), BillingPeriod.MONTH, MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.has(FollowUp.INQUIRE_FIRST)).isTrue();
        assertThat(decision.reason()).contains(label);
    }

    @Test
    void refundOnlyCodeAnsweringAChargeIsTreatedAsUnknownAndSaysSo() {
        ChargeDecision decision = decide("113", MORNING);

        assertThat(AttemptOutcome.of("113").outcomeClass()).isEqualTo(OutcomeClass.REFUND_REJECTED);
        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.followUps()).containsExactly(FollowUp.INQUIRE_FIRST);
        assertThat(decision.reason()).contains("refund-only code").contains("113");
    }

    @Test
    void attemptOutcomesAreClassifiedByTheResultCodeCatalogue() {
        assertThat(AttemptOutcome.of(" 307 ")).isEqualTo(new AttemptOutcome(OutcomeClass.BUSY_AUTH, "307"));
        assertThat(AttemptOutcome.of("123").outcomeClass()).isEqualTo(OutcomeClass.UNKNOWN);
        assertThat(AttemptOutcome.of(null)).isEqualTo(new AttemptOutcome(OutcomeClass.UNKNOWN, "NO_CODE"));
    }

    @Test
    void decisionsThatStopTheChargeMustCarryAReasonAndNoNextAttempt() {
        assertThatThrownBy(() -> new ChargeDecision(
                        ChargeStatus.NEEDS_REVIEW, null, SubscriptionEffect.NONE, Set.of(), null, false, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChargeDecision(
                        ChargeStatus.FAILED, MORNING, SubscriptionEffect.PAST_DUE, Set.of(), null, false, "declined"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChargeDecision(
                        ChargeStatus.RETRY_SCHEDULED, null, SubscriptionEffect.NONE, Set.of(), null, true, "declined"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ChargeDecision(
                        ChargeStatus.DUE,
                        null,
                        SubscriptionEffect.NONE,
                        Set.of(FollowUp.RETRY_NOW_AFTER),
                        null,
                        false,
                        "busy"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
