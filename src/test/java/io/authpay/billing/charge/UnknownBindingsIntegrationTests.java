package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayEndpoint;
import io.authpay.billing.authpay.OutcomeClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway that knows none of our bindings (the wrong environment or store, a restarted sandbox) answers
 * 301 for every charge. The run must stop FAILED after a few, revoke nobody beyond them, and an operator
 * must be able to undo the few revocations.
 */
class UnknownBindingsIntegrationTests extends ChargeEngineIntegrationTest {

    static final int CONCURRENCY = 8;
    static final int THRESHOLD = 5;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("billing.charge.concurrency", () -> String.valueOf(CONCURRENCY));
        registry.add("billing.retry.unknown-binding-breaker-threshold", () -> String.valueOf(THRESHOLD));
        // A schema of its own numbers charges from 1 again: its order ids must not meet the other tests' ones.
        registry.add("billing.charge.order-id-prefix", () -> "unknown-bindings");
    }

    @Autowired
    Reactivations reactivations;

    @BeforeEach
    void noAuditYet() {
        jdbc.update("DELETE FROM audit_event");
    }

    @Test
    void aGatewayThatKnowsNoBindingStopsTheRunAndRevokesAlmostNobodyAndReactivationUndoesIt() {
        Instant before = CLOCK.instant();
        List<Long> charges = new ArrayList<>();
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String authNo = unknownBinding(); // the sandbox has never heard of it: 301
            authNos.add(authNo);
            charges.add(dueCharge(authNo, 499));
        }
        long callsBefore = ledger().requests(AuthPayEndpoint.CHARGE).size();

        RunSummary summary = runOnce();

        assertThat(summary.stopReason()).isEqualTo(StopReason.CIRCUIT_OPEN);
        assertThat(summary.detail()).startsWith("JKoPay does not know these bindings: check base-url and store-id");
        assertThat(summary.byOutcome()).containsOnlyKeys(OutcomeClass.AUTH_REVOKED);
        // calls in flight when the breaker opened finish, nothing new starts
        assertThat(summary.attempts()).isBetween(THRESHOLD, THRESHOLD + CONCURRENCY);
        assertThat(ledger().requests(AuthPayEndpoint.CHARGE).size() - callsBefore)
                .isEqualTo(summary.attempts());

        List<Long> revoked = charges.stream()
                .filter(c ->
                        "AUTH_REVOKED".equals(subscriptionRow(subscriptionOf(c)).get("status")))
                .toList();
        // only the answers before the breaker opened are believed: the streak that opened it, less its last
        assertThat(revoked).hasSize(THRESHOLD - 1);
        assertThat(revoked).allSatisfy(c -> assertThat(status(c)).isEqualTo("CANCELED"));
        List<Long> rest = charges.stream().filter(c -> !revoked.contains(c)).toList();
        assertThat(rest).allSatisfy(c -> {
            assertThat(status(c)).isEqualTo("DUE");
            assertThat(subscriptionRow(subscriptionOf(c))).containsEntry("status", "ACTIVE");
        });
        // a 301 that arrived after the breaker opened is recorded, and left the charge due
        assertThat(rest.stream().filter(c -> attempts(c).size() == 1))
                .hasSize(summary.attempts() - revoked.size())
                .allSatisfy(c -> assertThat(chargeRow(c))
                        .containsEntry("last_result_code", "301")
                        .containsEntry("attempts", 1));

        List<Reactivations.Reactivated> undone =
                reactivations.reactivateRevokedSince(before, "wrong store-id in the test", "cli:operator");

        assertThat(undone)
                .hasSize(THRESHOLD - 1)
                .allSatisfy(r -> assertThat(r.chargesDue()).isEqualTo(1));
        assertThat(charges).allSatisfy(c -> {
            assertThat(status(c)).isEqualTo("DUE");
            assertThat(subscriptionRow(subscriptionOf(c))).containsEntry("status", "ACTIVE");
        });
        List<Map<String, Object>> audit = jdbc.queryForList(
                "SELECT actor, target_id, reason FROM audit_event WHERE action = 'REACTIVATE_SUBSCRIPTION'");
        assertThat(audit)
                .hasSize(THRESHOLD - 1)
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("actor", "cli:operator")
                        .containsEntry("reason", "wrong store-id in the test"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'REVOKE_BINDING' AND actor = ?",
                        Integer.class,
                        ChargeStore.RUN_ACTOR))
                .isEqualTo(THRESHOLD - 1);
    }

    @Test
    void reactivationRefusesASubscriptionThatIsNotRevokedAndChangesNothing() {
        String authNo = unknownBinding();
        long revokedCharge = dueCharge(authNo, 499);
        runOnce(); // one 301 alone is believed
        long active = dueCharge(unknownBinding(), 299);
        String revokedId = externalId(subscriptionOf(revokedCharge));
        String activeId = externalId(subscriptionOf(active));
        assertThat(subscriptionRow(subscriptionOf(revokedCharge))).containsEntry("status", "AUTH_REVOKED");

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> reactivations.reactivate(List.of(revokedId, activeId), "oops", "cli:operator"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(activeId + " is ACTIVE, not AUTH_REVOKED");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> reactivations.reactivate(List.of(revokedId, "no-such-sub"), "oops", "cli:operator"))
                .hasMessageContaining("no subscription no-such-sub");

        assertThat(subscriptionRow(subscriptionOf(revokedCharge))).containsEntry("status", "AUTH_REVOKED");
        assertThat(status(revokedCharge)).isEqualTo("CANCELED");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'REACTIVATE_SUBSCRIPTION'", Integer.class))
                .isZero();

        assertThat(reactivations.reactivate(List.of(revokedId), "customer re-bound", "cli:operator"))
                .containsExactly(new Reactivations.Reactivated(revokedId, 1));
        assertThat(status(revokedCharge)).isEqualTo("DUE");
    }

    String externalId(long subscriptionId) {
        return (String) subscriptionRow(subscriptionId).get("external_id");
    }
}
