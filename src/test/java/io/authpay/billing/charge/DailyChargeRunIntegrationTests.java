package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.DbTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/** The daily run as a whole: the window, concurrency on shared auth_nos, the breaker, crash recovery. */
class DailyChargeRunIntegrationTests extends ChargeEngineIntegrationTest {

    @Autowired
    ObjectProvider<AuthPayClient> gateway;

    @Autowired
    ChargeProcessor processor;

    List<SandboxLedger.Request> transactionRequestsFor(String authNo) {
        return ledger().requests(AuthPayEndpoint.CHARGE).stream()
                .filter(r -> authNo.equals(r.authNo()))
                .toList();
    }

    @Test
    void outsideTheWindowTheRunRefusesToStartAndTouchesNothing() {
        CLOCK.setTaipei("2026-12-01T07:59:50");
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = dueCharge(authNo, 499);
        jdbc.update(
                "UPDATE binding SET lock_owner = 'dead', lock_until = NOW(6) - INTERVAL 1 MINUTE WHERE auth_no = ?",
                authNo);
        int requestsBefore = ledger().requests().size();

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.OUTSIDE_WINDOW);
        assertThat(summary.attempts()).isZero();
        assertThat(ledger().requests()).hasSize(requestsBefore);
        assertThat(chargeRow(chargeId)).containsEntry("status", "DUE").containsEntry("attempts", 0);
        assertThat(jdbc.queryForObject("SELECT lock_owner FROM binding WHERE auth_no = ?", String.class, authNo))
                .isEqualTo("dead");
    }

    @Test
    void theRunStopsStartingCallsBeforeTheWindowClosesAndLeavesTheRestDue() {
        CLOCK.setTaipei("2026-12-01T19:59:55");
        SANDBOX.faults().latency(Duration.ofMillis(300));
        List<Long> charges = new ArrayList<>();
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
            authNos.add(authNo);
            charges.add(dueCharge(authNo, 499));
        }
        List<RunProgress> progress = new CopyOnWriteArrayList<>();

        RunSummary summary = run.chargeDue(new RunControl() {
            @Override
            public boolean stopRequested() {
                return false;
            }

            @Override
            public void progress(RunProgress figures) {
                progress.add(figures);
            }
        });

        assertThat(summary.stopReason()).isEqualTo(StopReason.WINDOW_CLOSED);
        assertThat(summary.attempts()).isBetween(4, 79);
        assertThat(summary.succeeded()).isEqualTo(summary.attempts());
        Instant closing = taipei("2026-12-01T20:00");
        List<SandboxLedger.Request> sent = authNos.stream()
                .flatMap(a -> transactionRequestsFor(a).stream())
                .toList();
        assertThat(sent).hasSize(summary.attempts());
        assertThat(sent).allSatisfy(r -> assertThat(r.arrivedAt()).isBefore(closing));
        assertThat(charges.stream().map(this::status))
                .containsOnly("SUCCEEDED", "DUE")
                .filteredOn("DUE"::equals)
                .hasSize(80 - summary.attempts());
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM charge_attempt WHERE outcome IS NULL OR completed_at IS NULL",
                        Integer.class))
                .isZero();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).attempts()).isEqualTo(summary.attempts());
    }

    @Test
    void chargesSharingAnAuthNoAreNeverInFlightTogetherEvenAcrossConcurrentRuns() throws Exception {
        SANDBOX.faults().latency(Duration.ofMillis(100));
        List<String> authNos = new ArrayList<>();
        List<Long> charges = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            String authNo = binding(499, SandboxCyclePeriod.MONTH, 7);
            authNos.add(authNo);
            for (int s = 0; s < 4; s++) {
                charges.add(dueCharge(authNo, 499));
            }
        }

        // Two runs at once, as two nodes would: in memory and by the database lease, one call per auth_no.
        CompletableFuture<RunSummary> first = CompletableFuture.supplyAsync(this::runOnce);
        CompletableFuture<RunSummary> second = CompletableFuture.supplyAsync(this::runOnce);
        int attempts = first.get().attempts() + second.get().attempts();
        attempts += runOnce().attempts(); // the next sweep takes what busy leases left due

        assertThat(authNos)
                .allSatisfy(authNo -> assertThat(ledger().overlaps(authNo)).isZero());
        assertThat(attempts).isEqualTo(12);
        assertThat(charges).allSatisfy(id -> {
            assertThat(chargeRow(id)).containsEntry("status", "SUCCEEDED").containsEntry("attempts", 1);
            assertThat(ledger().chargeCount(processor.platformOrderId(id, 1))).isEqualTo(1);
        });
        assertThat(authNos)
                .allSatisfy(authNo -> assertThat(ledger().chargesFor(authNo)).hasSize(4));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE lock_owner IS NOT NULL", Integer.class))
                .isZero();
    }

    @Test
    void requestErrorsInARowOpenTheCircuitAndLeaveTheRestUntouched() {
        SANDBOX.faults().latency(Duration.ofMillis(50));
        SANDBOX.faults().resultCode(ResultCode.VALIDATION_ERROR, FaultTarget.everyCall());
        List<Long> charges = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            charges.add(dueCharge(binding(499, SandboxCyclePeriod.MONTH, 1), 499));
        }

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.CIRCUIT_OPEN);
        assertThat(summary.detail()).contains("REQUEST_ERROR");
        // Three in a row trip it; at most three more (concurrency 4) were already in flight.
        assertThat(summary.attempts()).isBetween(3, 6);
        assertThat(charges.stream().map(this::status).filter("NEEDS_REVIEW"::equals))
                .hasSize(summary.attempts());
        assertThat(charges.stream().map(this::status).filter("DUE"::equals)).hasSize(12 - summary.attempts());
    }

    @Test
    void unknownOutcomesInARowOpenTheCircuit() {
        SANDBOX.faults().internalErrorWithoutEffect(FaultTarget.everyCall());
        List<Long> charges = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            charges.add(dueCharge(binding(499, SandboxCyclePeriod.MONTH, 1), 499));
        }

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.CIRCUIT_OPEN);
        assertThat(summary.detail()).contains("UNKNOWN");
        assertThat(summary.attempts()).isBetween(10, 13);
        // Each was asked about at once; "no such order" so soon after a lost answer is asked again later.
        assertThat(charges.stream().map(this::status).filter("UNKNOWN"::equals)).hasSize(summary.attempts());
        assertThat(charges.stream().map(this::status).filter("DUE"::equals)).hasSize(16 - summary.attempts());
    }

    @Test
    void aStopRequestEndsTheRunBeforeItCharges() {
        long chargeId = dueCharge(binding(499, SandboxCyclePeriod.MONTH, 1), 499);

        RunSummary summary = run.chargeDue(() -> true);

        assertThat(summary.stopReason()).isEqualTo(StopReason.STOP_REQUESTED);
        assertThat(chargeRow(chargeId)).containsEntry("status", "DUE").containsEntry("attempts", 0);
    }

    /** A process died after writing attempt 1 and before recording its outcome; its lease has expired. */
    long crashedInFlight(String authNo) {
        long chargeId = dueCharge(authNo, 499);
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, requested_at)"
                        + " VALUES (?, 1, ?, ?, 499, ?)",
                chargeId,
                processor.platformOrderId(chargeId, 1),
                authNo,
                DbTime.utc(CLOCK.instant().minusSeconds(120)));
        jdbc.update("UPDATE charge SET status = 'IN_FLIGHT', attempts = 1 WHERE id = ?", chargeId);
        jdbc.update(
                "UPDATE binding SET lock_owner = 'dead-node', lock_until = NOW(6) - INTERVAL 1 MINUTE"
                        + " WHERE auth_no = ?",
                authNo);
        return chargeId;
    }

    @Test
    void aCrashAfterJKoPayTookTheMoneyIsSettledAsPaidWithoutChargingAgain() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = crashedInFlight(authNo);
        assertThat(gateway.getObject()
                        .charge(new ChargeRequest(authNo, processor.platformOrderId(chargeId, 1), "Gold plan", 499))
                        .succeeded())
                .isTrue();

        assertThat(lease.freeExpired()).isEqualTo(1);
        assertThat(chargeRow(chargeId)).containsEntry("status", "UNKNOWN");
        assertThat(jdbc.queryForObject("SELECT lock_owner FROM binding WHERE auth_no = ?", String.class, authNo))
                .isNull();
        assertThat(settler.settleDue(RunControl.unattended())).isEqualTo(1);

        assertThat(chargeRow(chargeId))
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("trade_no", ledger().chargesFor(authNo).get(0).tradeNo());
        assertThat(attempts(chargeId).get(0))
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("settled_by", "INQUIRY");
        assertThat(runOnce().attempts()).isZero();
        assertThat(ledger().chargesFor(authNo)).hasSize(1);
    }

    @Test
    void aCrashBeforeJKoPayTookTheMoneyIsChargedOnceLaterByTheDailyRun() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = crashedInFlight(authNo);

        // The daily run frees the lease and settles by inquiry before charging anything.
        RunSummary first = runOnce();

        assertThat(first.attempts()).isZero();
        // "Not charged" is believed only once the lost call is older than the not-charged delay.
        assertThat(chargeRow(chargeId)).containsEntry("status", "UNKNOWN").containsEntry("attempts", 1);
        CLOCK.advance(Duration.ofMinutes(6));
        runOnce();
        assertThat(chargeRow(chargeId))
                .containsEntry("status", "RETRY_SCHEDULED")
                .containsEntry("attempts", 1);
        assertThat(attempts(chargeId).get(0))
                .containsEntry("outcome", "UNKNOWN")
                .containsEntry("unknown_reason", "ABANDONED")
                .containsEntry("settled_by", "INQUIRY");
        assertThat(ledger().chargesFor(authNo)).isEmpty();

        CLOCK.advance(Duration.ofMinutes(6));
        runOnce();
        runOnce();

        assertThat(chargeRow(chargeId)).containsEntry("status", "SUCCEEDED").containsEntry("attempts", 2);
        assertThat(ledger().chargesFor(authNo))
                .extracting(SandboxLedger.Charge::platformOrderId)
                .containsExactly(processor.platformOrderId(chargeId, 2));
    }
}
