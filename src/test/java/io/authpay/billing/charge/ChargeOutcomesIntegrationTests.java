package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.system.DbTime;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/** One outcome class at a time, produced by the sandbox over HTTP and recorded in the database. */
class ChargeOutcomesIntegrationTests extends ChargeEngineIntegrationTest {

    @Autowired
    ObjectProvider<AuthPayClient> gateway;

    @Autowired
    ChargeProcessor processor;

    /** Charges {@code platformOrderId} at the sandbox directly, as an earlier process would have. */
    void paidElsewhere(String authNo, String platformOrderId, long amount) {
        assertThat(gateway.getObject()
                        .charge(new ChargeRequest(authNo, platformOrderId, "Gold plan", amount))
                        .succeeded())
                .isTrue();
    }

    String orderId(long chargeId, int attemptNo) {
        return processor.platformOrderId(chargeId, attemptNo);
    }

    @Test
    void aPaidChargeRecordsTheTransactionAndAdvancesTheSubscription() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(summary.amount()).isEqualTo(499);
        assertThat(summary.byOutcome()).containsEntry(OutcomeClass.SUCCEEDED, 1);
        assertThat(summary.byResultCode()).containsEntry("000", 1);
        List<SandboxLedger.Charge> ledger = ledger().chargesFor(authNo);
        assertThat(ledger).hasSize(1);
        Map<String, Object> charge = chargeRow(chargeId);
        assertThat(charge)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("attempts", 1)
                .containsEntry("last_result_code", "000")
                .containsEntry("last_outcome", "SUCCEEDED")
                .containsEntry("trade_no", ledger.get(0).tradeNo());
        assertThat(charge.get("paid_at")).isNotNull();
        assertThat(charge.get("next_attempt_at")).isNull();
        Map<String, Object> attempt = attempts(chargeId).get(0);
        assertThat(attempt)
                .containsEntry("platform_order_id", ledger.get(0).platformOrderId())
                .containsEntry("platform_order_id", orderId(chargeId, 1))
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("result_code", "000")
                .containsEntry("settled_by", "RESPONSE")
                .containsEntry("trade_no", ledger.get(0).tradeNo())
                .containsEntry("final_price", 499L)
                .containsEntry("debit_amount", 499L)
                .containsEntry("redeem_amount", 0L)
                .containsEntry("jko_coin_amount", 0L)
                .containsEntry("official_coupon_amount", 0L)
                .containsEntry("store_coupon_amount", 0L);
        assertThat(attempt.get("trans_time")).isNotNull();
        assertThat(attempt.get("completed_at")).isNotNull();
        assertThat(attempt.get("latency_ms")).isNotNull();
        assertThat(subscriptionRow(subscriptionOf(chargeId)))
                .containsEntry("next_billing_date", Date.valueOf("2027-01-01"))
                .containsEntry("status", "ACTIVE");
        // Nothing is due any more: a second run sends nothing.
        assertThat(runOnce().attempts()).isZero();
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void aPaidChargeOnAJanuaryThirtyFirstAnchorMovesTheNextDateToTheEndOfFebruary() {
        CLOCK.setTaipei("2027-01-31T09:00");
        String authNo = binding(300, SandboxCyclePeriod.MONTH, 1);
        LocalDate anchor = LocalDate.of(2027, 1, 31);
        long subscriptionId = subscription(authNo, 300, BillingPeriod.MONTH, anchor, anchor);
        long chargeId = charge(subscriptionId, anchor);

        runOnce();

        assertThat(status(chargeId)).isEqualTo("SUCCEEDED");
        assertThat(subscriptionRow(subscriptionId)).containsEntry("next_billing_date", Date.valueOf("2027-02-28"));
    }

    @Test
    void alreadyPaidIsConfirmedByInquiryAndNotChargedAgain() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        paidElsewhere(authNo, orderId(chargeId, 1), 499);

        RunSummary summary = runOnce();

        assertThat(summary.byResultCode()).containsEntry("101", 1);
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
        assertThat(status(chargeId)).isEqualTo("SUCCEEDED");
        assertThat(chargeRow(chargeId))
                .containsEntry("attempts", 1)
                .containsEntry("trade_no", ledger().chargesFor(authNo).get(0).tradeNo());
        assertThat(attempts(chargeId).get(0))
                .containsEntry("result_code", "101")
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("settled_by", "INQUIRY");
        assertThat(subscriptionRow(subscriptionOf(chargeId)))
                .containsEntry("next_billing_date", Date.valueOf("2027-01-01"));
    }

    @Test
    void softDeclinesRetryAfterOneThreeAndFiveDaysThenFailAndTheSubscriptionIsPastDue() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        FaultTarget once = FaultTarget.authNo(authNo).times(1);
        SANDBOX.faults()
                .resultCode(ResultCode.OVER_MONTHLY_LIMIT, once)
                .resultCode(ResultCode.PAYMENT_FAILED, once)
                .resultCode(ResultCode.INSUFFICIENT_BALANCE, once)
                .resultCode(ResultCode.OVER_MONTHLY_LIMIT, once);

        Duration[] delays = {Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5)};
        for (int i = 0; i < delays.length; i++) {
            Instant before = CLOCK.instant();
            assertThat(runOnce().byOutcome()).containsEntry(OutcomeClass.SOFT_DECLINE, 1);
            Instant next = nextAttemptAt(chargeId);
            assertThat(chargeRow(chargeId))
                    .containsEntry("status", "RETRY_SCHEDULED")
                    .containsEntry("dunning_attempts", i + 1);
            assertThat(next)
                    .isBetween(before.plus(delays[i]), before.plus(delays[i]).plusSeconds(10));
            assertThat(BillingWindow.JKOPAY.contains(next)).isTrue();
            // Not before its time.
            assertThat(runOnce().attempts()).isZero();
            CLOCK.set(next);
        }
        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "FAILED")
                .containsEntry("attempts", 4)
                .containsEntry("last_result_code", "104");
        assertThat(nextAttemptAt(chargeId)).isNull();
        assertThat(attempts(chargeId))
                .extracting(a -> a.get("result_code"))
                .containsExactly("104", "115", "121", "104");
        assertThat(subscriptionRow(subscriptionOf(chargeId)))
                .containsEntry("status", "PAST_DUE")
                .containsEntry("next_billing_date", Date.valueOf("2026-12-01"));
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Test
    void aQuotaDeclineNeedsReviewAndIsNotRetried() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        SANDBOX.faults()
                .resultCode(
                        ResultCode.OVER_USER_QUOTA, FaultTarget.authNo(authNo).times(1));

        runOnce();
        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "NEEDS_REVIEW")
                .containsEntry("attempts", 1)
                .containsEntry("last_result_code", "303");
        assertThat((String) chargeRow(chargeId).get("review_reason")).contains("303");
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Test
    void anAmountMismatchRefreshesTheBindingNeedsReviewAndIsNeverRetried() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update("UPDATE binding SET billing_amount = 599 WHERE auth_no = ?", authNo); // stale
        long chargeId = dueCharge(authNo, 599);

        runOnce();
        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "NEEDS_REVIEW")
                .containsEntry("attempts", 1)
                .containsEntry("last_result_code", "304");
        Map<String, Object> binding = jdbc.queryForMap("SELECT * FROM binding WHERE auth_no = ?", authNo);
        assertThat(binding).containsEntry("billing_amount", 499L);
        assertThat(binding.get("refreshed_at")).isNotNull();
        assertThat(ledger().requests(AuthPayEndpoint.CHARGE).stream().filter(r -> authNo.equals(r.authNo())))
                .hasSize(1);
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Test
    void aCycleQuotaWhoseEarlierAttemptWasPaidSucceedsWithoutAnotherCharge() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        // Attempt 1 went through at JKoPay, but an inquiry that came too early made us think it had not.
        String first = orderId(chargeId, 1);
        paidElsewhere(authNo, first, 499);
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " unknown_reason, settled_by, requested_at) VALUES (?, 1, ?, ?, 499, 'UNKNOWN', 'TIMEOUT',"
                        + " 'INQUIRY', ?)",
                chargeId,
                first,
                authNo,
                DbTime.utc(CLOCK.instant().minusSeconds(600)));
        jdbc.update(
                "UPDATE charge SET status = 'RETRY_SCHEDULED', attempts = 1, next_attempt_at = ? WHERE id = ?",
                DbTime.utc(CLOCK.instant().minusSeconds(1)),
                chargeId);
        attemptTotals.recount(); // written by hand: count it as a run would have

        RunSummary summary = runOnce();

        assertThat(summary.byResultCode()).containsEntry("305", 1);
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
        assertThat(chargeRow(chargeId))
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("attempts", 2)
                .containsEntry("trade_no", ledger().chargesFor(authNo).get(0).tradeNo());
        List<Map<String, Object>> attempts = attempts(chargeId);
        assertThat(attempts.get(0)).containsEntry("outcome", "SUCCEEDED").containsEntry("settled_by", "INQUIRY");
        assertThat(attempts.get(1)).containsEntry("result_code", "305").containsEntry("outcome", "CYCLE_QUOTA");
        assertThat(subscriptionRow(subscriptionOf(chargeId)))
                .containsEntry("next_billing_date", Date.valueOf("2027-01-01"));
    }

    @Test
    void aCycleQuotaWithNoPaidAttemptIsDeferredToTheNextCycleAtEight() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        paidElsewhere(authNo, "elsewhere-" + System.nanoTime(), 499); // this month's one charge is used
        long chargeId = dueCharge(authNo, 499);

        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "RETRY_SCHEDULED")
                .containsEntry("dunning_attempts", 0)
                .containsEntry("last_result_code", "305");
        assertThat(nextAttemptAt(chargeId)).isEqualTo(taipei("2027-01-01T08:00"));
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void outsideJKoPaysWindowTheChargeWaitsForEightWithoutUsingADunningAttempt() {
        SANDBOX_CLOCK.skew(Duration.ofHours(10)); // our 10:00 is JKoPay's 20:00
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);

        RunSummary summary = runOnce();

        assertThat(summary.byOutcome()).containsEntry(OutcomeClass.OUTSIDE_WINDOW, 1);
        assertThat(chargeRow(chargeId))
                .containsEntry("status", "RETRY_SCHEDULED")
                .containsEntry("dunning_attempts", 0)
                .containsEntry("last_result_code", "306");
        assertThat(nextAttemptAt(chargeId)).isEqualTo(taipei("2026-12-02T08:00"));
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Test
    void busyAuthNoBacksOffAndSucceedsInTheSameRun() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        SANDBOX.faults()
                .resultCode(ResultCode.AUTH_NO_BUSY, FaultTarget.authNo(authNo).times(2));

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(summary.byResultCode()).containsEntry("307", 2).containsEntry("000", 1);
        assertThat(status(chargeId)).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> attempts = attempts(chargeId);
        assertThat(attempts).extracting(a -> a.get("result_code")).containsExactly("307", "307", "000");
        // Backed off: each retry came at least the jittered backoff (200 ms, 400 ms, -20%) after the last.
        Instant first =
                ((java.time.LocalDateTime) attempts.get(0).get("requested_at")).toInstant(java.time.ZoneOffset.UTC);
        Instant second =
                ((java.time.LocalDateTime) attempts.get(1).get("requested_at")).toInstant(java.time.ZoneOffset.UTC);
        Instant third =
                ((java.time.LocalDateTime) attempts.get(2).get("requested_at")).toInstant(java.time.ZoneOffset.UTC);
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(160));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(320));
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void busyAuthNoBeyondEveryBackoffIsLeftDueForTheNextSweep() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        SANDBOX.faults()
                .resultCode(ResultCode.AUTH_NO_BUSY, FaultTarget.authNo(authNo).times(4));

        RunSummary summary = runOnce();

        assertThat(summary.byResultCode()).containsEntry("307", 4);
        assertThat(chargeRow(chargeId)).containsEntry("status", "DUE").containsEntry("attempts", 4);
        assertThat(nextAttemptAt(chargeId)).isNull();
        runOnce();
        assertThat(status(chargeId)).isEqualTo("SUCCEEDED");
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void aCancelledBindingRevokesTheSubscriptionCancelsItsOpenChargesAndRefreshesTheBinding() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        long subscriptionId = subscriptionOf(chargeId);
        long nextPeriod = charge(subscriptionId, LocalDate.of(2027, 1, 1));
        jdbc.update(
                "UPDATE charge SET next_attempt_at = ? WHERE id = ?",
                DbTime.utc(taipei("2027-01-01T08:00")),
                nextPeriod);
        SANDBOX.bindings().cancelByUser(authNo);

        runOnce();
        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "CANCELED")
                .containsEntry("attempts", 1)
                .containsEntry("last_result_code", "302");
        assertThat(status(nextPeriod)).isEqualTo("CANCELED");
        assertThat(subscriptionRow(subscriptionId)).containsEntry("status", "AUTH_REVOKED");
        assertThat(jdbc.queryForObject("SELECT status FROM binding WHERE auth_no = ?", String.class, authNo))
                .isEqualTo("CANCELLED");
    }

    @Test
    void anInvalidAuthNoRevokesTheSubscriptionWithoutRetry() {
        String authNo = unknownBinding();
        long chargeId = dueCharge(authNo, 499);

        runOnce();
        runOnce();

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "CANCELED")
                .containsEntry("attempts", 1)
                .containsEntry("last_result_code", "301");
        assertThat(subscriptionRow(subscriptionOf(chargeId))).containsEntry("status", "AUTH_REVOKED");
    }

    @Test
    void requestErrorsNeedReview() {
        long[] charges = new long[2];
        ResultCode[] codes = {ResultCode.STORE_NOT_FOUND, ResultCode.BAD_REQUEST};
        for (int i = 0; i < codes.length; i++) {
            String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
            charges[i] = dueCharge(authNo, 499);
            SANDBOX.faults().resultCode(codes[i], FaultTarget.authNo(authNo).times(1));
        }

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(summary.byOutcome()).containsEntry(OutcomeClass.REQUEST_ERROR, 2);
        assertThat(chargeRow(charges[0]))
                .containsEntry("status", "NEEDS_REVIEW")
                .containsEntry("last_result_code", "110");
        assertThat(chargeRow(charges[1]))
                .containsEntry("status", "NEEDS_REVIEW")
                .containsEntry("last_result_code", "200");
        assertThat(runOnce().attempts()).isZero();
    }

    @Test
    void lostAnswersAreUnknownAndInquirySettlesThemAsPaidWithExactlyOneCharge() {
        String timedOut = binding(499, SandboxCyclePeriod.MONTH, 1);
        String internalError = binding(499, SandboxCyclePeriod.MONTH, 1);
        String html502 = binding(499, SandboxCyclePeriod.MONTH, 1);
        long timedOutCharge = dueCharge(timedOut, 499);
        long internalErrorCharge = dueCharge(internalError, 499);
        long html502Charge = dueCharge(html502, 499);
        SANDBOX.faults()
                .timeoutAfterCharge(
                        Duration.ofSeconds(3), FaultTarget.authNo(timedOut).times(1))
                .internalErrorAfterCharge(FaultTarget.authNo(internalError).times(1))
                .brokenAnswer(
                        AuthPayEndpoint.CHARGE,
                        BrokenAnswer.HTML_502,
                        FaultTarget.authNo(html502).times(1));

        RunSummary summary = runOnce();

        assertThat(summary.byOutcome()).containsEntry(OutcomeClass.UNKNOWN, 3);
        assertThat(summary.byResultCode()).containsEntry("TIMEOUT", 1).containsEntry("999", 1);
        assertThat(summary.succeeded()).isEqualTo(3);
        for (long chargeId : new long[] {timedOutCharge, internalErrorCharge, html502Charge}) {
            assertThat(chargeRow(chargeId)).containsEntry("status", "SUCCEEDED").containsEntry("attempts", 1);
            assertThat(attempts(chargeId).get(0))
                    .containsEntry("outcome", "SUCCEEDED")
                    .containsEntry("settled_by", "INQUIRY");
        }
        assertThat(attempts(timedOutCharge).get(0)).containsEntry("unknown_reason", "TIMEOUT");
        assertThat(attempts(internalErrorCharge).get(0)).containsEntry("result_code", "999");
        assertThat(attempts(html502Charge).get(0)).containsEntry("unknown_reason", "HTTP_ERROR");
        for (String authNo : List.of(timedOut, internalError, html502)) {
            assertThat(ledger().chargesFor(authNo)).hasSize(1);
        }
        assertThat(runOnce().attempts()).isZero();
    }

    @Test
    void anUnknownOutcomeThatInquiryProvesUnpaidIsChargedAgainOnlyAfterTheDelay() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        SANDBOX.faults().internalErrorWithoutEffect(FaultTarget.authNo(authNo).times(1));

        runOnce();

        // Right after the lost answer JKoPay may still be processing: "no such order" is not believed yet.
        assertThat(chargeRow(chargeId)).containsEntry("status", "UNKNOWN").containsEntry("inquiries", 1);
        assertThat(runOnce().attempts()).isZero();

        CLOCK.advance(Duration.ofMinutes(6));
        runOnce();

        assertThat(chargeRow(chargeId)).containsEntry("status", "RETRY_SCHEDULED");
        assertThat(nextAttemptAt(chargeId)).isAfter(CLOCK.instant().plus(Duration.ofMinutes(4)));
        assertThat(runOnce().attempts()).isZero();

        CLOCK.advance(Duration.ofMinutes(6));
        runOnce();

        assertThat(chargeRow(chargeId)).containsEntry("status", "SUCCEEDED").containsEntry("attempts", 2);
        assertThat(ledger().chargesFor(authNo))
                .extracting(SandboxLedger.Charge::platformOrderId)
                .containsExactly(orderId(chargeId, 2));
    }

    @Test
    void aChargeSetDueAgainWithAnUnsettledAttemptIsInquiredFirstAndNotChargedTwice() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        // An operator set a NEEDS_REVIEW charge due again; its attempt 1, whose answer was lost, was paid.
        String first = orderId(chargeId, 1);
        paidElsewhere(authNo, first, 499);
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " unknown_reason, requested_at) VALUES (?, 1, ?, ?, 499, 'UNKNOWN', 'TIMEOUT', ?)",
                chargeId,
                first,
                authNo,
                DbTime.utc(CLOCK.instant().minusSeconds(3600)));
        jdbc.update("UPDATE charge SET attempts = 1, inquiries = 1 WHERE id = ?", chargeId);
        attemptTotals.recount(); // written by hand: count it as a run would have

        RunSummary summary = runOnce();

        assertThat(summary.attempts()).isZero();
        assertThat(summary.succeeded()).isEqualTo(1);
        assertThat(chargeRow(chargeId)).containsEntry("status", "SUCCEEDED").containsEntry("attempts", 1);
        assertThat(attempts(chargeId)).hasSize(1);
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }
}
