package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} refuses to start when it would run unprotected or with schedules it cannot use. */
class ServeCommandIntegrationTests {

    final CliRun cli = new CliRun();

    @TempDir
    Path schedules;

    @Test
    void withoutAnOperatorTokenServeRefusesToStartNamingTheKey() {
        CliRun.Result result = cli.run("serve", "--server.port=0", "--billing.schedule.dir=" + schedules);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains("error: billing.operator.token is not set: serve refuses to start without the bearer token");
    }

    @Test
    void withoutADatabaseUrlServeRefusesTheEmbeddedDatabaseNamingTheFlag() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = BillingCli.run(
                new java.io.PrintWriter(out),
                new java.io.PrintWriter(err),
                "serve",
                "--server.port=0",
                "--billing.operator.token=a-long-enough-test-token",
                "--billing.schedule.dir=" + schedules);

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains("serve refuses the embedded database")
                .contains("--billing.database.allow-embedded=true")
                .doesNotContain("\tat ");
    }

    @Test
    void aBadScheduleFileStopsTheStartNamingTheFileAndTheField() throws IOException {
        Files.writeString(schedules.resolve("daily-billing.yml"), """
                job: daily-billing
                description: Charge what is due
                cron: "0 5 8 * * ?"
                zone: Asia/Taipei
                misfire: fire-once
                enabled: true
                """);
        Files.writeString(schedules.resolve("typo.yml"), """
                job: daily-billing
                description: A typo
                cron: "0 61 8 * * ?"
                zone: Asia/Taipei
                misfire: fire-once
                enabled: true
                """);

        CliRun.Result result = cli.run(
                "serve",
                "--server.port=0",
                "--billing.operator.token=a-long-enough-test-token",
                // Quartz registers a JDBC store's connections JVM-wide under the scheduler's name: this failed
                // start must not replace those of the serve nodes other test classes keep running.
                "--spring.quartz.scheduler-name=serve-command-test",
                "--billing.schedule.dir=" + schedules);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .contains(
                        "error: invalid schedule: " + schedules.resolve("typo.yml") + ": field 'cron': '0 61 8 * * ?'");
    }
}
