package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.NO_RANDOM;
import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Settling an attempt whose outcome was unknown (or 101) with what inquiry says about it. */
class ChargePolicyInquiryTests {

    private static final Instant MORNING = taipei("2026-11-30T10:00");

    private final ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, NO_RANDOM);

    @Test
    void paidAttemptSucceedsAndAdvancesTheSubscription() {
        ChargeDecision decision = policy.settleInquiry(InquiryVerdict.PAID, RetryCounters.none(), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.SUCCEEDED);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.ADVANCE);
        assertThat(decision.nextAttemptAt()).isNull();
        assertThat(decision.followUps()).isEmpty();
    }

    @Test
    void failedPaymentIsASoftDeclineThatUsesDunning() {
        ChargeDecision decision = policy.settleInquiry(InquiryVerdict.PAYMENT_FAILED, RetryCounters.none(), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T10:00"));
        assertThat(decision.dunningAttemptConsumed()).isTrue();
    }

    @Test
    void failedPaymentAfterTheLastDunningRetryFailsTheCharge() {
        ChargeDecision decision = policy.settleInquiry(
                InquiryVerdict.PAYMENT_FAILED, RetryCounters.none().withDunningAttemptsUsed(3), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.FAILED);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.PAST_DUE);
    }

    @ParameterizedTest
    @EnumSource(names = {"NOT_PAID_YET", "NO_SUCH_ORDER"})
    void attemptThatDidNotChargeIsFollowedByANewAttemptAfterTheBackoff(InquiryVerdict answer) {
        ChargeDecision decision = policy.settleInquiry(answer, RetryCounters.none(), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(MORNING.plus(Duration.ofMinutes(5)));
        assertThat(decision.dunningAttemptConsumed()).isFalse();
        assertThat(decision.followUps()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-30T19:58, 2026-12-01T08:00", // 20:03 is after the close
        "2026-12-01T01:00, 2026-12-01T08:00", // the nightly job settles it before the window opens
    })
    void newAttemptAfterANotChargedAnswerLandsInsideTheWindow(String settledAt, String expected) {
        assertThat(policy.settleInquiry(InquiryVerdict.NO_SUCH_ORDER, RetryCounters.none(), taipei(settledAt))
                        .nextAttemptAt())
                .isEqualTo(taipei(expected));
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESSING", "UNRECOGNISED", "INQUIRY_FAILED"})
    void stillUnknownIsAskedAgainLater(InquiryVerdict answer) {
        ChargeDecision decision = policy.settleInquiry(answer, RetryCounters.none(), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.followUps()).containsExactly(FollowUp.INQUIRE_FIRST);
        assertThat(decision.nextAttemptAt()).isEqualTo(MORNING.plus(Duration.ofMinutes(5)));
    }

    @Test
    void inquiriesFollowOneFiveThirtyMinutesAndTwoHoursThenTheChargeNeedsReview() {
        Instant now = MORNING;
        ChargeDecision decision =
                policy.decide(AttemptOutcome.unknown("TIMEOUT"), RetryCounters.none(), BillingPeriod.MONTH, now);
        assertThat(decision.nextAttemptAt()).isEqualTo(now.plus(Duration.ofMinutes(1)));

        RetryCounters counters = RetryCounters.none();
        for (Duration wait : new Duration[] {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)}) {
            now = decision.nextAttemptAt();
            decision = policy.settleInquiry(InquiryVerdict.PROCESSING, counters, now);
            assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
            assertThat(decision.nextAttemptAt()).isEqualTo(now.plus(wait));
            counters = counters.withInquiriesUsed(counters.inquiriesUsed() + 1);
        }
        ChargeDecision last = policy.settleInquiry(InquiryVerdict.PROCESSING, counters, decision.nextAttemptAt());

        assertThat(last.status()).isEqualTo(ChargeStatus.NEEDS_REVIEW);
        assertThat(last.nextAttemptAt()).isNull();
        assertThat(last.followUps()).isEmpty();
        assertThat(last.reason())
                .contains("4 inquiries")
                .contains("(last: processing)")
                .contains("money may have moved");
    }

    @Test
    void moreInquiriesThanDelaysRepeatTheLastDelay() {
        ChargePolicy patient =
                new ChargePolicy(RetrySettings.builder().maxInquiries(10).build(), BillingWindow.JKOPAY, NO_RANDOM);

        ChargeDecision decision = patient.settleInquiry(
                InquiryVerdict.UNRECOGNISED, RetryCounters.none().withInquiriesUsed(6), MORNING);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.nextAttemptAt()).isEqualTo(MORNING.plus(Duration.ofHours(2)));
    }

    @Test
    void paidAnswerWinsEvenWhenTheInquiryBudgetIsSpent() {
        assertThat(policy.settleInquiry(
                                InquiryVerdict.PAID, RetryCounters.none().withInquiriesUsed(9), MORNING)
                        .status())
                .isEqualTo(ChargeStatus.SUCCEEDED);
    }

    @Test
    void notChargedIsBelievedOnlyOnceTheLostCallIsOldEnough() {
        Instant lostCall = MORNING.minus(java.time.Duration.ofMinutes(2));

        assertThat(policy.believable(InquiryVerdict.NOT_PAID_YET, lostCall, MORNING))
                .isEqualTo(InquiryVerdict.PROCESSING);
        assertThat(policy.believable(InquiryVerdict.NO_SUCH_ORDER, lostCall, MORNING))
                .isEqualTo(InquiryVerdict.PROCESSING);
        assertThat(policy.believable(
                        InquiryVerdict.NO_SUCH_ORDER, lostCall.minus(java.time.Duration.ofMinutes(4)), MORNING))
                .isEqualTo(InquiryVerdict.NO_SUCH_ORDER);
        // what proves money moved (or failed) is believed at once
        assertThat(policy.believable(InquiryVerdict.PAID, lostCall, MORNING)).isEqualTo(InquiryVerdict.PAID);
        assertThat(policy.believable(InquiryVerdict.PAYMENT_FAILED, lostCall, MORNING))
                .isEqualTo(InquiryVerdict.PAYMENT_FAILED);
    }
}
