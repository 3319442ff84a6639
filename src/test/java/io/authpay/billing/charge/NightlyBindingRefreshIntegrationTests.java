package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.binding.BindingService;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class NightlyBindingRefreshIntegrationTests extends DatabaseIntegrationTest {

    static final AuthPaySandbox sandbox = AuthPaySandbox.builder().build().start();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("billing.authpay.base-url", () -> sandbox.baseUrl().toString());
        registry.add("billing.authpay.api-key", () -> "sandbox-api-key");
        registry.add("billing.authpay.secret-key", () -> "sandbox-secret");
        registry.add("billing.authpay.store-id", () -> "sandbox-store");
    }

    @AfterAll
    static void closeSandbox() {
        sandbox.close();
    }

    @Autowired
    NightlyBilling nightly;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @Autowired
    BindingService bindingService;

    @Autowired
    BillingJobLauncher launcher;

    int serial;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM charge_attempt");
        jdbc.update("DELETE FROM charge_attempt_total");
        jdbc.update("DELETE FROM charge");
        jdbc.update("DELETE FROM subscription");
        jdbc.update("DELETE FROM binding");
        jdbc.update("DELETE FROM audit_event");
    }

    @Test
    void aGrantedBindingGetsItsStatusAmountAndCycleStored() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 2);
        long subscription = subscription(authNo, "ACTIVE");
        long charge = charge(subscription, "2026-03", "DUE");

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(result).isEqualTo(new NightlyRefresh(1, 0, 0, false));
        assertThat(jdbc.queryForMap(
                        "SELECT status, billing_amount, billing_period, billing_times FROM binding WHERE auth_no = ?",
                        authNo))
                .containsEntry("status", "GRANTED")
                .containsEntry("billing_amount", 499L)
                .containsEntry("billing_period", "MONTH")
                .containsEntry("billing_times", 2);
        assertThat(refreshedAt(authNo)).isCloseTo(clock.instant(), within(1, ChronoUnit.MINUTES));
        assertThat(statusOf("subscription", subscription)).isEqualTo("ACTIVE");
        assertThat(statusOf("charge", charge)).isEqualTo("DUE");
    }

    @Test
    void aBindingTheCustomerCancelledRevokesItsLiveSubscriptionsAndCancelsTheirOpenCharges() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(authNo);
        long active = subscription(authNo, "ACTIVE");
        long pastDue = subscription(authNo, "PAST_DUE");
        long paused = subscription(authNo, "PAUSED");
        long due = charge(active, "2026-03", "DUE");
        long retrying = charge(pastDue, "2026-03", "RETRY_SCHEDULED");
        long paid = charge(active, "2026-02", "SUCCEEDED");
        long unknown = charge(pastDue, "2026-02", "UNKNOWN");
        long pausedDue = charge(paused, "2026-03", "DUE");

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(result).isEqualTo(new NightlyRefresh(1, 1, 0, false));
        assertThat(jdbc.queryForObject("SELECT status FROM binding WHERE auth_no = ?", String.class, authNo))
                .isEqualTo("CANCELLED");
        assertThat(statusOf("subscription", active)).isEqualTo("AUTH_REVOKED");
        assertThat(statusOf("subscription", pastDue)).isEqualTo("AUTH_REVOKED");
        assertThat(statusOf("subscription", paused)).isEqualTo("PAUSED");
        assertThat(statusOf("charge", due)).isEqualTo("CANCELED");
        assertThat(statusOf("charge", retrying)).isEqualTo("CANCELED");
        assertThat(jdbc.queryForObject("SELECT review_reason FROM charge WHERE id = ?", String.class, due))
                .contains("cancelled at JKoPay");
        // paid stays paid; an unknown outcome is inquiry's to settle, money may have moved
        assertThat(statusOf("charge", paid)).isEqualTo("SUCCEEDED");
        assertThat(statusOf("charge", unknown)).isEqualTo("UNKNOWN");
        assertThat(statusOf("charge", pausedDue)).isEqualTo("DUE");
        List<Map<String, Object>> audit =
                jdbc.queryForList("SELECT actor, action, target_type, target_id, reason, details FROM audit_event");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0))
                .containsEntry("actor", "system:nightly-billing")
                .containsEntry("action", "REVOKE_BINDING")
                .containsEntry("target_type", "BINDING")
                .containsEntry("target_id", authNo);
        assertThat((String) audit.get(0).get("details")).contains("2 subscriptions AUTH_REVOKED", "2 open charges");

        // nothing live is left on it: the next run does not call JKoPay about it again
        int calls = detailCalls(authNo).size();
        assertThat(nightly.refreshStaleBindings(RunControl.unattended())).isEqualTo(new NightlyRefresh(0, 0, 0, false));
        assertThat(detailCalls(authNo)).hasSize(calls);
    }

    @Test
    void aRecentlyRefreshedCancelledBindingWithLiveSubscriptionsIsAskedAgainAndRevoked() {
        // a run that stored the cancel and stopped before revoking: the next run finishes the job
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(authNo);
        long subscription = subscription(authNo, "ACTIVE");
        jdbc.update("UPDATE binding SET status = 'CANCELLED' WHERE auth_no = ?", authNo);
        refreshedAgo(authNo, Duration.ofHours(1));

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(result).isEqualTo(new NightlyRefresh(1, 1, 0, false));
        assertThat(statusOf("subscription", subscription)).isEqualTo("AUTH_REVOKED");
    }

    @Test
    void anAuthNoJkoPayDoesNotKnowIsRevokedToo() {
        String authNo = "999000111222333444";
        long subscription = subscription(authNo, "ACTIVE");
        long due = charge(subscription, "2026-03", "DUE");

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(detailCalls(authNo))
                .extracting(SandboxLedger.Request::result)
                .containsExactly("301");
        assertThat(result).isEqualTo(new NightlyRefresh(1, 1, 0, false));
        assertThat(statusOf("subscription", subscription)).isEqualTo("AUTH_REVOKED");
        assertThat(statusOf("charge", due)).isEqualTo("CANCELED");
        assertThat(jdbc.queryForObject("SELECT reason FROM audit_event WHERE target_id = ?", String.class, authNo))
                .contains("301");
    }

    @Test
    void onlyTheBindingsTheRulesNameAreAsked() {
        Instant now = clock.instant();
        String quiet = liveBinding(Duration.ofDays(2));
        String stale = liveBinding(Duration.ofDays(8));
        String neverAsked = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        subscription(neverAsked, "ACTIVE");
        String dueTomorrow = liveBinding(Duration.ofDays(2));
        dueCharge(dueTomorrow, now.plus(Duration.ofHours(20)));
        String dueButJustAsked = liveBinding(Duration.ofHours(2));
        dueCharge(dueButJustAsked, now.plus(Duration.ofHours(6)));
        String dueNextWeek = liveBinding(Duration.ofDays(2));
        dueCharge(dueNextWeek, now.plus(Duration.ofDays(3)));
        String answered304 = liveBinding(Duration.ofDays(2));
        attempt(answered304, "AMOUNT_MISMATCH", "304", now.minus(Duration.ofDays(1)));
        String answered301 = liveBinding(Duration.ofDays(2));
        attempt(answered301, "AUTH_REVOKED", "301", now.minus(Duration.ofHours(3)));
        String answered304BeforeItsRefresh = liveBinding(Duration.ofDays(2));
        attempt(answered304BeforeItsRefresh, "AMOUNT_MISMATCH", "304", now.minus(Duration.ofDays(3)));
        String declinedSince = liveBinding(Duration.ofDays(2));
        attempt(declinedSince, "SOFT_DECLINE", "104", now.minus(Duration.ofHours(3)));
        String staleOfCanceledOnly = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        subscription(staleOfCanceledOnly, "CANCELED");
        refreshedAgo(staleOfCanceledOnly, Duration.ofDays(30));
        int mark = detailCallsSoFar();

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(detailCallsSince(mark))
                .extracting(SandboxLedger.Request::authNo)
                .containsExactlyInAnyOrder(stale, neverAsked, dueTomorrow, answered304, answered301);
        assertThat(result).isEqualTo(new NightlyRefresh(5, 0, 0, false));
        assertThat(refreshedAt(stale)).isCloseTo(now, within(1, ChronoUnit.MINUTES));
        assertThat(refreshedAt(answered301)).isCloseTo(now, within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aGatewayThatKnowsNoneOfOurBindingsFailsTheStepAndRevokesNobody() {
        // what a wrong base-url or store-id looks like: every binding answers 301
        List<Long> subscriptions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            subscriptions.add(subscription("888000" + (100000 + i), "ACTIVE"));
        }
        int mark = detailCallsSoFar();

        JobExecution execution = launcher.run(BillingJobs.NIGHTLY, LocalDate.now(clock), "01:00");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(execution.getExitStatus().getExitDescription())
                .contains("JKoPay does not know these bindings: check base-url and store-id");
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM subscription", String.class))
                .containsExactly("ACTIVE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE status = 'CANCELLED'", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class))
                .isZero();
        // it stopped asking once the streak was long enough (16 were in flight at most when it tripped)
        assertThat(detailCallsSince(mark)).hasSizeLessThanOrEqualTo(10 + 16).hasSizeLessThan(subscriptions.size());
    }

    @Test
    void aFewUnknownBindingsAmongKnownOnesAreStillRevoked() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            known.add(sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1));
            subscription(known.get(i), "ACTIVE");
        }
        long unknown1 = subscription("777000100001", "ACTIVE");
        long unknown2 = subscription("777000100002", "ACTIVE");

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(result).isEqualTo(new NightlyRefresh(8, 2, 0, false));
        assertThat(statusOf("subscription", unknown1)).isEqualTo("AUTH_REVOKED");
        assertThat(statusOf("subscription", unknown2)).isEqualTo("AUTH_REVOKED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subscription WHERE status = 'ACTIVE'", Integer.class))
                .isEqualTo(6);
    }

    @Test
    void asManyDetailCallsAreInFlightAsTheConcurrencyAllowsAndNoMore() {
        Duration latency = Duration.ofMillis(300);
        sandbox.faults().latency(latency).latencyOnAllEndpoints(true);
        try {
            for (int i = 0; i < 32; i++) {
                subscription(sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1), "ACTIVE");
            }
            int mark = detailCallsSoFar();
            // more than the client's small pool for callback confirmations (4), which once capped the refresh too
            NightlyProperties eightAtOnce = new NightlyProperties(Duration.ofDays(7), Duration.ofHours(20), 8, 0, 10);

            NightlyRefresh result = new BindingRefreshRun(
                            jdbc,
                            bindingService,
                            eightAtOnce,
                            (authNo, reason, details, markCancelled) -> {
                                throw new AssertionError("nothing to revoke");
                            },
                            clock.instant())
                    .run(RunControl.unattended());

            assertThat(result).isEqualTo(new NightlyRefresh(32, 0, 0, false));
            List<Instant> arrivals = detailCallsSince(mark).stream()
                    .map(SandboxLedger.Request::arrivedAt)
                    .sorted()
                    .toList();
            assertThat(arrivals).hasSize(32);
            // every call sleeps the whole latency in the sandbox, so the calls that arrived within one
            // latency of each other were in flight together
            int mostAtOnce = 0;
            for (Instant arrival : arrivals) {
                int together = (int) arrivals.stream()
                        .filter(at -> !at.isAfter(arrival) && at.isAfter(arrival.minus(latency)))
                        .count();
                mostAtOnce = Math.max(mostAtOnce, together);
            }
            assertThat(mostAtOnce).isBetween(5, 8);
        } finally {
            sandbox.faults().reset();
        }
    }

    @Test
    void aFailedDetailCallChangesNothingAndTheRunGoesOn() {
        String broken = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(broken);
        sandbox.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.DETAIL, BrokenAnswer.HTML_502, FaultTarget.authNo(broken));
        String healthy = sandbox.bindings().createGranted(299, SandboxCyclePeriod.WEEK, 1);
        long subscription = subscription(broken, "ACTIVE");
        long due = charge(subscription, "2026-03", "DUE");
        subscription(healthy, "ACTIVE");

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(detailCalls(broken)).hasSize(1);
        assertThat(result).isEqualTo(new NightlyRefresh(1, 0, 1, false));
        assertThat(jdbc.queryForMap("SELECT status, refreshed_at FROM binding WHERE auth_no = ?", broken))
                .containsEntry("status", "UNKNOWN")
                .containsEntry("refreshed_at", null);
        assertThat(statusOf("subscription", subscription)).isEqualTo("ACTIVE");
        assertThat(statusOf("charge", due)).isEqualTo("DUE");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM binding WHERE auth_no = ?", String.class, healthy))
                .isEqualTo("GRANTED");
    }

    @Test
    void manyFailedDetailCallsInARowStopTheRefreshWithTheReason() {
        sandbox.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.DETAIL, BrokenAnswer.HTML_502, FaultTarget.everyCall());
        try {
            for (int i = 0; i < 60; i++) {
                subscription(sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1), "ACTIVE");
            }
            int mark = detailCallsSoFar();

            assertThatThrownBy(() -> nightly.refreshStaleBindings(RunControl.unattended()))
                    .hasMessageContaining("10 detail calls in a row had no usable answer")
                    .hasMessageContaining("the gateway looks broken");
            // it stopped starting calls (at most the 16 in flight went on)
            assertThat(detailCallsSince(mark)).hasSizeLessThanOrEqualTo(10 + 16);
            assertThat(jdbc.queryForList("SELECT DISTINCT status FROM subscription", String.class))
                    .containsExactly("ACTIVE");
        } finally {
            sandbox.faults().reset();
        }
    }

    @Test
    void aStopRequestEndsTheRunBeforeTheNextCall() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        subscription(authNo, "ACTIVE");

        NightlyRefresh result = nightly.refreshStaleBindings(() -> true);

        assertThat(result).isEqualTo(new NightlyRefresh(0, 0, 0, true));
        assertThat(detailCalls(authNo)).isEmpty();
        assertThat(nightly.refreshBindings(RunControl.unattended())).isEqualTo(1);
    }

    String liveBinding(Duration refreshedAgo) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        subscription(authNo, "ACTIVE");
        refreshedAgo(authNo, refreshedAgo);
        return authNo;
    }

    void dueCharge(String authNo, Instant nextAttemptAt) {
        long id = charge(
                jdbc.queryForObject("SELECT MIN(id) FROM subscription WHERE auth_no = ?", Long.class, authNo),
                "2026-03",
                "DUE");
        jdbc.update("UPDATE charge SET next_attempt_at = ? WHERE id = ?", DbTime.utc(nextAttemptAt), id);
    }

    void attempt(String authNo, String outcome, String code, Instant at) {
        long charge = charge(
                jdbc.queryForObject("SELECT MIN(id) FROM subscription WHERE auth_no = ?", Long.class, authNo),
                "2026-02",
                "NEEDS_REVIEW");
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, requested_at) VALUES (?, 1, ?, ?, 499, ?, ?, ?)",
                charge,
                "t-" + charge,
                authNo,
                outcome,
                code,
                DbTime.utc(at));
    }

    int detailCallsSoFar() {
        return sandbox.ledger().requests(AuthPayEndpoint.DETAIL).size();
    }

    List<SandboxLedger.Request> detailCallsSince(int mark) {
        List<SandboxLedger.Request> calls = sandbox.ledger().requests(AuthPayEndpoint.DETAIL);
        return calls.subList(mark, calls.size());
    }

    List<SandboxLedger.Request> detailCalls(String authNo) {
        return sandbox.ledger().requests(AuthPayEndpoint.DETAIL).stream()
                .filter(r -> authNo.equals(r.authNo()))
                .toList();
    }

    long subscription(String authNo, String status) {
        String externalId = "sub-" + ++serial;
        jdbc.update("INSERT IGNORE INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-01-10',"
                        + " '2026-03-10', '黃金方案', ?, NOW(6), NOW(6))",
                externalId,
                authNo,
                status);
        return jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = ?", Long.class, externalId);
    }

    long charge(long subscriptionId, String periodKey, String status) {
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) SELECT id, ?, ?, auth_no, amount, trade_name, ?, NOW(6), NOW(6)"
                        + " FROM subscription WHERE id = ?",
                periodKey,
                LocalDate.parse(periodKey + "-10"),
                status,
                subscriptionId);
        return jdbc.queryForObject(
                "SELECT id FROM charge WHERE subscription_id = ? AND period_key = ?",
                Long.class,
                subscriptionId,
                periodKey);
    }

    void refreshedAgo(String authNo, Duration age) {
        jdbc.update(
                "UPDATE binding SET refreshed_at = ? WHERE auth_no = ?",
                DbTime.utc(clock.instant().minus(age)),
                authNo);
    }

    Instant refreshedAt(String authNo) {
        return jdbc.queryForObject(
                "SELECT refreshed_at FROM binding WHERE auth_no = ?", (rs, i) -> DbTime.instant(rs, 1), authNo);
    }

    String statusOf(String table, long id) {
        return jdbc.queryForObject("SELECT status FROM " + table + " WHERE id = ?", String.class, id);
    }
}
