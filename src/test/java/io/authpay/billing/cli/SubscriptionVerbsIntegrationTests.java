package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code subscriptions create|show|pause|resume|cancel} on a database of their own. */
class SubscriptionVerbsIntegrationTests {

    final CliRun cli = new CliRun();

    @Test
    void theVerbsCreateShowPauseResumeAndCancelASubscription() {
        CliRun.Result created = cli.run(
                "subscriptions",
                "create",
                "--external-id",
                "cli-1",
                "--auth-no",
                "650660555924205599",
                "--amount",
                "499",
                "--period",
                "MONTH",
                "--anchor-date",
                "2026-12-01",
                "--trade-name",
                "Gold plan");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("cli-1", "499 TWD every MONTH", "ACTIVE");
        JdbcTemplate jdbc = cli.jdbc();

        CliRun.Result bad = cli.run(
                "subscriptions",
                "create",
                "--external-id",
                "cli-2",
                "--auth-no",
                "650660555924205599",
                "--amount",
                "499.5",
                "--period",
                "MONTH",
                "--anchor-date",
                "2026-12-01",
                "--trade-name",
                "Gold plan");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().lines().toList()).hasSize(1);
        assertThat(bad.err()).startsWith("error: amount: ");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subscription WHERE external_id = 'cli-2'", Long.class))
                .isZero();

        assertThat(cli.run("subscriptions", "pause", "cli-1").out()).contains("PAUSED");
        CliRun.Result again = cli.run("subscriptions", "pause", "cli-1");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("cli-1 is PAUSED");
        assertThat(cli.run("subscriptions", "resume", "cli-1").out()).contains("ACTIVE");
        assertThat(cli.run("subscriptions", "cancel", "cli-1").out()).contains("(cancels on 2026-12-01)");
        CliRun.Result now = cli.run("subscriptions", "cancel", "cli-1", "--now", "--reason", "asked by phone");
        assertThat(now.exitCode()).as(now.err()).isZero();
        assertThat(cli.run("subscriptions", "show", "cli-1", "--format", "json").out())
                .contains("\"status\" : \"CANCELED\"");
        assertThat(jdbc.queryForObject("SELECT status FROM subscription WHERE external_id = 'cli-1'", String.class))
                .isEqualTo("CANCELED");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM webhook_event WHERE type = 'subscription.canceled'", Long.class))
                .isEqualTo(1);

        CliRun.Result unknown = cli.run("subscriptions", "show", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: no subscription has external_id nobody\n");
    }
}
