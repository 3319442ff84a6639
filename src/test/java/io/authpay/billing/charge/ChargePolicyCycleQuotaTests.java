package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.NO_RANDOM;
import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.subscription.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 305: the binding's charges for this UTC+8 period are used up. */
class ChargePolicyCycleQuotaTests {

    private final ChargePolicy policy = new ChargePolicy(RetrySettings.defaults(), BillingWindow.JKOPAY, NO_RANDOM);

    private ChargeDecision quotaHit(BillingPeriod cycle, Instant now) {
        return policy.decide(AttemptOutcome.of("305"), RetryCounters.none(), cycle, now);
    }

    @Test
    void monthlyBindingChargedOnThirtiethOfNovemberIsDeferredToFirstOfDecemberAtEight() {
        ChargeDecision decision = quotaHit(BillingPeriod.MONTH, taipei("2026-11-30T10:00"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(taipei("2026-12-01T08:00"));
        assertThat(decision.dunningAttemptConsumed()).isFalse();
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.NONE);
    }

    @Test
    void cycleQuotaAsksInquiryAboutThePeriodsEarlierAttemptsFirst() {
        assertThat(quotaHit(BillingPeriod.MONTH, taipei("2026-11-30T10:00")).followUps())
                .containsExactly(FollowUp.INQUIRE_FIRST);
    }

    @ParameterizedTest(name = "{0} charged {1} → {2}")
    @CsvSource({
        "WEEK,    2026-11-29T19:59, 2026-11-30T08:00", // Sunday → Monday
        "WEEK,    2026-11-30T08:00, 2026-12-07T08:00", // Monday → the Monday after
        "MONTH,   2026-12-31T12:00, 2027-01-01T08:00",
        "MONTH,   2026-01-31T12:00, 2026-02-01T08:00",
        "QUARTER, 2026-11-30T10:00, 2027-01-01T08:00",
        "QUARTER, 2026-04-01T08:00, 2026-07-01T08:00",
        "QUARTER, 2026-03-31T19:00, 2026-04-01T08:00",
        "YEAR,    2026-11-30T10:00, 2027-01-01T08:00",
        "YEAR,    2026-01-01T08:00, 2027-01-01T08:00",
    })
    void deferredToTheWindowsOpeningOnTheFirstDayOfTheNextPeriod(
            BillingPeriod cycle, String chargedAt, String expected) {
        assertThat(quotaHit(cycle, taipei(chargedAt)).nextAttemptAt()).isEqualTo(taipei(expected));
    }

    @Test
    void periodsAreCountedInTaipeiNotUtc() {
        // Inside the window the UTC and Taipei dates agree; just before it opens they do not. At 07:59 on
        // 1 Dec in Taipei (23:59 on 30 Nov in UTC) December's quota is the one in use.
        Instant firstOfDecemberInTaipei = Instant.parse("2026-11-30T23:59:00Z");

        assertThat(quotaHit(BillingPeriod.MONTH, firstOfDecemberInTaipei).nextAttemptAt())
                .isEqualTo(taipei("2027-01-01T08:00"));
    }

    @Test
    void anEarlierPaidAttemptOfThePeriodSettlesTheChargeAsPaid() {
        ChargeDecision decision = policy.settleCycleQuota(
                List.of(InquiryVerdict.NO_SUCH_ORDER, InquiryVerdict.PAID),
                RetryCounters.none(),
                taipei("2026-12-01T08:00"),
                taipei("2026-11-30T10:01"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.SUCCEEDED);
        assertThat(decision.subscriptionEffect()).isEqualTo(SubscriptionEffect.ADVANCE);
        assertThat(decision.nextAttemptAt()).isNull();
    }

    @Test
    void withoutAPaidEarlierAttemptTheDeferralStandsAndNeedsNoFurtherInquiry() {
        Instant deferredUntil = taipei("2026-12-01T08:00");

        ChargeDecision decision = policy.settleCycleQuota(
                List.of(InquiryVerdict.PAYMENT_FAILED, InquiryVerdict.NOT_PAID_YET, InquiryVerdict.NO_SUCH_ORDER),
                RetryCounters.none(),
                deferredUntil,
                taipei("2026-12-01T01:00"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.RETRY_SCHEDULED);
        assertThat(decision.nextAttemptAt()).isEqualTo(deferredUntil);
        assertThat(decision.followUps()).isEmpty();
        assertThat(decision.dunningAttemptConsumed()).isFalse();
    }

    @Test
    void withNoEarlierAttemptsTheDeferralStands() {
        Instant deferredUntil = taipei("2026-12-01T08:00");

        assertThat(policy.settleCycleQuota(List.of(), RetryCounters.none(), deferredUntil, taipei("2026-11-30T10:01"))
                        .nextAttemptAt())
                .isEqualTo(deferredUntil);
    }

    @Test
    void anEarlierAttemptStillUnsettledIsInquiredAgainBeforeAnyDeferral() {
        Instant now = taipei("2026-11-30T10:01");

        ChargeDecision decision = policy.settleCycleQuota(
                List.of(InquiryVerdict.NO_SUCH_ORDER, InquiryVerdict.PROCESSING),
                RetryCounters.none(),
                taipei("2026-12-01T08:00"),
                now);

        assertThat(decision.status()).isEqualTo(ChargeStatus.UNKNOWN);
        assertThat(decision.followUps()).containsExactly(FollowUp.INQUIRE_FIRST);
        assertThat(decision.nextAttemptAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void anEarlierAttemptStillUnsettledWhenTheInquiryBudgetIsSpentNeedsReview() {
        ChargeDecision decision = policy.settleCycleQuota(
                List.of(InquiryVerdict.INQUIRY_FAILED),
                RetryCounters.none().withInquiriesUsed(3),
                taipei("2026-12-01T08:00"),
                taipei("2026-11-30T10:01"));

        assertThat(decision.status()).isEqualTo(ChargeStatus.NEEDS_REVIEW);
        assertThat(decision.reason()).contains("4 inquiries").contains("inquiry failed");
    }
}
