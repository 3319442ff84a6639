package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code subscriptions reactivate}: wrong revocations undone, audited; bad input changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactivateCommandIntegrationTests {

    final CliRun cli = new CliRun();
    JdbcTemplate jdbc;

    @BeforeAll
    void migrate() {
        assertThat(cli.run("subscriptions", "list").exitCode()).isZero();
        jdbc = cli.jdbc();
    }

    /** A subscription revoked as the engine revokes (its open charge CANCELED with the revocation's mark). */
    void revoked(String externalId, String authNo) {
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-12-01',"
                        + " '2026-12-01', 'Gold', 'AUTH_REVOKED', NOW(6), NOW(6))",
                externalId,
                authNo);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " review_reason, created_at, updated_at) SELECT id, '2026-12', '2026-12-01', auth_no, 499,"
                        + " 'Gold', 'CANCELED', 'revoked: JKoPay does not know this auth_no', NOW(6), NOW(6)"
                        + " FROM subscription WHERE external_id = ?",
                externalId);
    }

    String subscriptionStatus(String externalId) {
        return jdbc.queryForObject("SELECT status FROM subscription WHERE external_id = ?", String.class, externalId);
    }

    String chargeStatus(String externalId) {
        return jdbc.queryForObject(
                "SELECT c.status FROM charge c JOIN subscription s ON s.id = c.subscription_id"
                        + " WHERE s.external_id = ?",
                String.class,
                externalId);
    }

    @Test
    void reactivatesTheNamedSubscriptionsMakesTheirChargesDueAndAuditsIt() {
        revoked("re-1", "700000000000000001");
        revoked("re-2", "700000000000000002");

        CliRun.Result result = cli.run("subscriptions", "reactivate", "re-1", "re-2", "--reason", "wrong store-id");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("re-1: ACTIVE again, 1 charges due again", "2 subscriptions reactivated");
        assertThat(subscriptionStatus("re-1")).isEqualTo("ACTIVE");
        assertThat(chargeStatus("re-2")).isEqualTo("DUE");
        assertThat(jdbc.queryForList(
                        "SELECT target_id FROM audit_event WHERE action = 'REACTIVATE_SUBSCRIPTION'"
                                + " AND reason = 'wrong store-id' ORDER BY target_id",
                        String.class))
                .containsExactly("re-1", "re-2");
    }

    @Test
    void anUnknownOrActiveSubscriptionIsRefusedWithExitTwoAndNothingChanges() {
        revoked("re-3", "700000000000000003");

        CliRun.Result unknown = cli.run("subscriptions", "reactivate", "re-3", "no-such", "--reason", "x");
        CliRun.Result noReason = cli.run("subscriptions", "reactivate", "re-3");
        CliRun.Result both = cli.run(
                "subscriptions", "reactivate", "re-3", "--all-revoked-since", "2026-12-01T08:00", "--reason", "x");
        CliRun.Result badTime =
                cli.run("subscriptions", "reactivate", "--all-revoked-since", "yesterday", "--reason", "x");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("error: no subscription no-such; nothing was changed");
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--all-revoked-since").doesNotContain("Exception");
        assertThat(subscriptionStatus("re-3")).isEqualTo("AUTH_REVOKED");
        assertThat(chargeStatus("re-3")).isEqualTo("CANCELED");
    }
}
