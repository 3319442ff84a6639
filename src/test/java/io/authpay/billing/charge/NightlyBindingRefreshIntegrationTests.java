package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.BrokenAnswer;
import io.authpay.billing.sandbox.CyclePeriod;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

    int serial;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM charge");
        jdbc.update("DELETE FROM subscription");
        jdbc.update("DELETE FROM binding");
        jdbc.update("DELETE FROM audit_event");
    }

    @Test
    void aGrantedBindingGetsItsStatusAmountAndCycleStored() {
        String authNo = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 2);
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
        String authNo = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
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
        String authNo = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
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
    void onlyStaleBindingsOfLiveSubscriptionsAreAsked() {
        String fresh = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
        String stale = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
        String ofCanceledOnly = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
        subscription(fresh, "ACTIVE");
        subscription(stale, "PAST_DUE");
        subscription(ofCanceledOnly, "CANCELED");
        refreshedAgo(fresh, Duration.ofHours(19));
        refreshedAgo(stale, Duration.ofHours(21));

        NightlyRefresh result = nightly.refreshStaleBindings(RunControl.unattended());

        assertThat(result).isEqualTo(new NightlyRefresh(1, 0, 0, false));
        assertThat(detailCalls(fresh)).isEmpty();
        assertThat(detailCalls(ofCanceledOnly)).isEmpty();
        assertThat(detailCalls(stale)).hasSize(1);
        assertThat(refreshedAt(stale)).isCloseTo(clock.instant(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aFailedDetailCallChangesNothingAndTheRunGoesOn() {
        String broken = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
        sandbox.bindings().cancelByUser(broken);
        sandbox.faults()
                .brokenAnswerWithoutEffect(AuthPayEndpoint.DETAIL, BrokenAnswer.HTML_502, FaultTarget.authNo(broken));
        String healthy = sandbox.bindings().createGranted(299, CyclePeriod.WEEK, 1);
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
    void aStopRequestEndsTheRunBeforeTheNextCall() {
        String authNo = sandbox.bindings().createGranted(499, CyclePeriod.MONTH, 1);
        subscription(authNo, "ACTIVE");

        NightlyRefresh result = nightly.refreshStaleBindings(() -> true);

        assertThat(result).isEqualTo(new NightlyRefresh(0, 0, 0, true));
        assertThat(detailCalls(authNo)).isEmpty();
        assertThat(nightly.refreshBindings(RunControl.unattended())).isEqualTo(1);
    }

    List<SandboxLedger.Request> detailCalls(String authNo) {
        return sandbox.ledger().requests(AuthPayEndpoint.DETAIL).stream()
                .filter(r -> authNo.equals(r.authNo()))
                .toList();
    }

    long subscription(String authNo, String status) {
        String externalId = "sub-" + ++serial;
        jdbc.update("INSERT IGNORE INTO binding (auth_no) VALUES (?)", authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status) VALUES (?, ?, 499, 'MONTH', '2026-01-10', '2026-03-10', '黃金方案', ?)",
                externalId,
                authNo,
                status);
        return jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = ?", Long.class, externalId);
    }

    long charge(long subscriptionId, String periodKey, String status) {
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status)"
                        + " SELECT id, ?, ?, auth_no, amount, trade_name, ? FROM subscription WHERE id = ?",
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
