package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A read-only command (listings, reports) migrates the schema only when it is behind this build: on a current
 * schema it runs no Flyway at all, so it works with an account that may only read; a schema behind it
 * migrates as every other command does.
 */
class ReadOnlyStartIntegrationTests {

    static final List<List<String>> READ_ONLY_COMMANDS = List.of(
            List.of("executions"),
            List.of("charges", "--limit", "20"),
            List.of("report", "--date", "2026-05-01"),
            List.of("subscriptions", "list"));

    @Test
    void onACurrentSchemaAReadOnlyCommandRunsNoMigrationAndNeedsOnlyTheRightToRead() {
        CliRun cli = new CliRun();
        assertThat(cli.run("executions").exitCode()).isZero(); // a new database: migrated
        JdbcTemplate jdbc = cli.jdbc();
        // A history Flyway would refuse (a changed checksum) and an account that may only read: a command
        // that started Flyway's migrate would fail on either.
        jdbc.update("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        List<Map<String, Object>> history = jdbc.queryForList("SELECT * FROM flyway_schema_history ORDER BY 1");
        String schema = jdbc.queryForObject("SELECT DATABASE()", String.class);
        String reader = "ro_" + schema.replace("test_", "");
        jdbc.execute("CREATE USER '" + reader + "'@'%' IDENTIFIED BY 'read-only'");
        jdbc.execute("GRANT SELECT ON " + schema + ".* TO '" + reader + "'@'%'");

        for (List<String> command : READ_ONLY_COMMANDS) {
            CliRun.Result result = cli.runAs(reader, "read-only", command.toArray(String[]::new));
            assertThat(result.exitCode()).as(command + ": " + result.err()).isZero();
            assertThat(result.err()).as(String.join(" ", command)).isEmpty();
        }
        assertThat(jdbc.queryForList("SELECT * FROM flyway_schema_history ORDER BY 1"))
                .isEqualTo(history);

        // The premise: a writing command still runs Flyway, which refuses the changed checksum.
        CliRun.Result writing = cli.run("stop", "999999");
        assertThat(writing.exitCode()).as(writing.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(writing.err()).contains("checksum");
    }

    @Test
    void aReadOnlyCommandOnASchemaBehindMigratesItAsEveryCommandDoes() throws IOException {
        CliRun cli = new CliRun();
        CliRun.Result fresh = cli.run("charges", "--limit", "20");
        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        JdbcTemplate jdbc = cli.jdbc();
        assertThat(jdbc.queryForList(
                        "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL",
                        String.class))
                .containsExactlyInAnyOrderElementsOf(packagedVersions());

        // An older build's schema: the newest migration not applied yet (each migration may run again).
        String newest = packagedVersions().stream()
                .max(Comparator.comparingInt(Integer::parseInt))
                .orElseThrow();
        jdbc.update("DELETE FROM flyway_schema_history WHERE version = ?", newest);
        CliRun.Result behind = cli.run("executions");

        assertThat(behind.exitCode()).as(behind.err()).isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM flyway_schema_history WHERE version = ? AND success = 1",
                        Integer.class,
                        newest))
                .as("V%s applied again by a read-only command", newest)
                .isOne();
    }

    /** The versions of the migrations in {@code sql/}, as the build packages them. */
    private static List<String> packagedVersions() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> name.substring(1, name.indexOf("__")))
                    .toList();
        }
    }
}
