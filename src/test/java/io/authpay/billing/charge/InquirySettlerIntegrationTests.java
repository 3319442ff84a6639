package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.metrics.BillingMetrics;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.BillingProperties;
import io.authpay.billing.system.DbTime;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/** Settling UNKNOWN charges in bulk (the nightly job's and the daily run's first step), and the rate limit. */
class InquirySettlerIntegrationTests extends ChargeEngineIntegrationTest {

    @Autowired
    ObjectProvider<AuthPayClient> gateway;

    @Autowired
    ChargeProcessor processor;

    @Autowired
    ChargeStore store;

    @Autowired
    RetrySettings retrySettings;

    @Autowired
    CallWindow calls;

    @Autowired
    PlatformTransactionManager transactions;

    /** A charge whose attempt 1, ten minutes ago, got no answer; its inquiry is due. */
    long unknownCharge(String authNo) {
        return unknownCharge(authNo, Duration.ofMinutes(10));
    }

    long unknownCharge(String authNo, Duration attemptAge) {
        long chargeId = dueCharge(authNo, 499);
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " unknown_reason, requested_at, completed_at) VALUES (?, 1, ?, ?, 499, 'UNKNOWN', 'TIMEOUT', ?, ?)",
                chargeId,
                processor.platformOrderId(chargeId, 1),
                authNo,
                DbTime.utc(CLOCK.instant().minus(attemptAge)),
                DbTime.utc(CLOCK.instant().minus(attemptAge).plusSeconds(1)));
        attemptTotals.recount(); // written by hand: count it as a run would have
        jdbc.update(
                "UPDATE charge SET status = 'UNKNOWN', attempts = 1, next_attempt_at = ? WHERE id = ?",
                DbTime.utc(CLOCK.instant().minusSeconds(30)),
                chargeId);
        return chargeId;
    }

    List<SandboxLedger.Request> inquiriesNaming(List<String> orderIds) {
        return ledger().requests(AuthPayEndpoint.INQUIRY).stream()
                .filter(r -> r.platformOrderIds().stream().anyMatch(orderIds::contains))
                .toList();
    }

    @Test
    void unknownChargesAreSettledTwentyOrdersAnInquiry() {
        List<Long> charges = new ArrayList<>();
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
            long chargeId = unknownCharge(authNo);
            charges.add(chargeId);
            orderIds.add(processor.platformOrderId(chargeId, 1));
            if (i % 2 == 0) { // JKoPay took these
                assertThat(gateway.getObject()
                                .charge(new ChargeRequest(authNo, orderIds.get(i), "Gold plan", 499))
                                .succeeded())
                        .isTrue();
            }
        }

        assertThat(settler.settleDue(RunControl.unattended())).isEqualTo(25);

        assertThat(inquiriesNaming(orderIds))
                .extracting(r -> r.platformOrderIds().size())
                .containsExactly(20, 5);
        for (int i = 0; i < 25; i++) {
            long chargeId = charges.get(i);
            if (i % 2 == 0) {
                assertThat(chargeRow(chargeId)).containsEntry("status", "SUCCEEDED");
                assertThat(attempts(chargeId).get(0))
                        .containsEntry("outcome", "SUCCEEDED")
                        .containsEntry("settled_by", "INQUIRY")
                        // what inquiry said of the payment: all debited, redeem_detail all 0 (not absent)
                        .containsEntry("debit_amount", 499L)
                        .containsEntry("redeem_amount", 0L)
                        .containsEntry("jko_coin_amount", 0L)
                        .containsEntry("official_coupon_amount", 0L)
                        .containsEntry("store_coupon_amount", 0L);
                assertThat(subscriptionRow(subscriptionOf(chargeId)))
                        .containsEntry("next_billing_date", Date.valueOf("2027-01-01"));
            } else {
                assertThat(chargeRow(chargeId)).containsEntry("status", "RETRY_SCHEDULED");
                assertThat(nextAttemptAt(chargeId)).isAfter(CLOCK.instant().plus(Duration.ofMinutes(4)));
            }
        }
        assertThat(settler.settleDue(RunControl.unattended())).isZero();
    }

    @Test
    void notChargedSoonAfterALostAnswerIsAskedAgainBeforeAnyNewAttempt() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = unknownCharge(authNo, Duration.ofSeconds(90));

        assertThat(settler.settleDue(RunControl.unattended())).isEqualTo(1);

        // JKoPay may still be processing the lost call: believing "not charged" now could charge twice
        assertThat(chargeRow(chargeId)).containsEntry("status", "UNKNOWN");
        assertThat(attempts(chargeId)).hasSize(1);

        CLOCK.set(CLOCK.instant().plus(Duration.ofMinutes(5)));
        assertThat(settler.settleDue(RunControl.unattended())).isEqualTo(1);

        assertThat(chargeRow(chargeId)).containsEntry("status", "RETRY_SCHEDULED");
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Test
    void aFailingInquiryAsksAgainLaterAndAfterFourFailuresTheChargeNeedsReview() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = unknownCharge(authNo);
        SANDBOX.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.INQUIRY, BrokenAnswer.HTML_502, FaultTarget.everyCall());

        Duration[] waits = {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2)};
        for (int i = 0; i < waits.length; i++) {
            Instant before = CLOCK.instant();
            assertThat(settler.settleDue(RunControl.unattended())).isEqualTo(1);
            assertThat(chargeRow(chargeId)).containsEntry("status", "UNKNOWN").containsEntry("inquiries", i + 1);
            assertThat(nextAttemptAt(chargeId))
                    .isBetween(before.plus(waits[i]), before.plus(waits[i]).plusSeconds(5));
            assertThat(settler.settleDue(RunControl.unattended())).isZero(); // not before its time
            CLOCK.set(nextAttemptAt(chargeId));
        }
        settler.settleDue(RunControl.unattended());

        Map<String, Object> charge = chargeRow(chargeId);
        assertThat(charge).containsEntry("status", "NEEDS_REVIEW").containsEntry("inquiries", 4);
        assertThat((String) charge.get("review_reason")).contains("4 inquiries");
        assertThat(attempts(chargeId).get(0)).containsEntry("settled_by", null);
        assertThat(runOnce().attempts()).isZero();
        assertThat(ledger().chargesFor(authNo)).isEmpty();
    }

    @Autowired
    ChargePolicy policy;

    @Test
    void theMaxRateSpacesTheStartsOfCalls() {
        BillingProperties limited = new Binder(new MapConfigurationPropertySource(
                        Map.of("billing.charge.max-rate", "5", "billing.charge.concurrency", "4")))
                .bindOrCreate("billing", BillingProperties.class);
        DailyChargeRun slow = new DailyChargeRun(
                processor,
                settler,
                lease,
                store,
                retrySettings,
                calls,
                CLOCK,
                limited,
                transactions,
                BillingMetrics.discarding(),
                policy,
                new NodeCallSlots(limited));
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            authNos.add(binding(499, SandboxCyclePeriod.MONTH, 1));
            dueCharge(authNos.get(i), 499);
        }

        RunSummary summary = slow.chargeDue(RunControl.unattended());

        assertThat(summary.succeeded()).isEqualTo(8);
        List<Instant> arrivals = ledger().requests(AuthPayEndpoint.CHARGE).stream()
                .filter(r -> authNos.contains(r.authNo()))
                .map(SandboxLedger.Request::arrivedAt)
                .sorted()
                .toList();
        assertThat(arrivals).hasSize(8);
        // 5 starts a second: 8 calls spread over at least 7 intervals of 200 ms. Only a lower bound, which a
        // slow machine cannot break; without the limit, 4 threads send all 8 within a few milliseconds.
        assertThat(Duration.between(arrivals.get(0), arrivals.get(7))).isGreaterThan(Duration.ofMillis(1_200));
    }
}
