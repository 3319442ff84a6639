package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.bench.NodesBench;
import io.authpay.billing.demo.LocalSetup;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bench --nodes 2} at a small size, so that it cannot rot, and what it prints is checked against what
 * happened: both measurements completed, the sandbox's ledger has every subscription of each measurement charged
 * exactly once, and the second measurement's partitions ran on two processes. No timing is asserted.
 */
@Tag("child-jvm")
class NodesBenchIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    static final int SUBSCRIPTIONS = 200;

    final CliRun cli = new CliRun();

    @Test
    void oneNodeThenTwoBillTheirOwnSetOnceEachAndTheSecondRunsOnBothNodes() throws Exception {
        SimulatedClock clock = SimulatedClock.startingAt(
                DAY.atTime(LocalTime.of(10, 0)).atZone(TAIPEI).toInstant(), TAIPEI);
        StringWriter text = new StringWriter();
        try (AuthPaySandbox sandbox = LocalSetup.sandbox(clock).build().start()) {
            int code = NodesBenchRun.run(
                    new PrintWriter(text, true),
                    sandbox,
                    clock,
                    DAY,
                    new NodesBench.Settings(SUBSCRIPTIONS, 20, 4, 2, 0),
                    List.of(
                            "--spring.datasource.url=" + cli.database.url(),
                            "--spring.datasource.username=" + cli.database.user(),
                            "--spring.datasource.password=" + cli.database.password()));

            String printed = text.toString();
            System.out.print(printed);
            assertThat(code).as(printed).isZero();
            assertThat(printed)
                    .containsPattern("(?m)^1 node: +COMPLETED, +[0-9.,]+ charges/s in [0-9.]+ s  \\(limit C/L 200/s")
                    .containsPattern(
                            "(?m)^2 nodes: +COMPLETED, +[0-9.,]+ charges/s in [0-9.]+ s  \\(limit 2 x C/L 400/s")
                    .containsPattern("(?m)^2 nodes / 1 node: [0-9.]+ x$")
                    .containsPattern(
                            "(?s)1 node: .*p0 \\([0-9]+ paid in [0-9]+ s\\) p1 \\([0-9]+ paid in [0-9]+ s\\)"
                                    + " p2 \\([0-9]+ paid in [0-9]+ s\\) p3 \\([0-9]+ paid in [0-9]+ s\\) on node 1 \\(.*2 nodes:")
                    .containsPattern("(?s)2 nodes: .* on node 1 \\(.* on node 2 \\(")
                    .containsPattern("[0-9.]+ ms per charge in all")
                    // each node's heap, from its GC log, under its maximum
                    .containsPattern("(?s)1 node: .*heap \\(at most 384 MiB a node\\): node 1 (no collection"
                            + "|[0-9]{1,3} MiB in use at most, [0-9]{1,3} MiB left after a collection).*2 nodes:")
                    .containsPattern("(?s)2 nodes: .*heap \\(at most 384 MiB a node\\): node 1 .*; node 2 ");
            assertThat(printed.split("ledger: 200 of 200 subscriptions charged exactly once\n", -1))
                    .as(printed)
                    .hasSize(3);

            // What the ledger says: each measurement's subscriptions charged once, no two calls at once on one.
            JdbcTemplate jdbc = cli.jdbc();
            for (String set : List.of("nodes-1-%", "nodes-2-%")) {
                List<String> authNos = jdbc.queryForList(
                        "SELECT auth_no FROM subscription WHERE external_id LIKE ?", String.class, set);
                assertThat(authNos).as(set).hasSize(SUBSCRIPTIONS);
                for (String authNo : authNos) {
                    assertThat(sandbox.ledger().chargesFor(authNo))
                            .as("charged once: " + authNo)
                            .hasSize(1);
                }
            }
            assertThat(sandbox.ledger().charges()).hasSize(2 * SUBSCRIPTIONS);
            assertThat(sandbox.ledger().overlaps()).isZero();
            assertThat(jdbc.queryForList("SELECT DISTINCT status FROM charge", String.class))
                    .containsExactly("SUCCEEDED");
        }

        // What the job repository says: two runs, the first on one process, the second on two.
        CliRun.Result listed = cli.run("executions", "--job", "daily-billing", "--format", "json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        List<JsonNode> runs = JsonMapper.builder()
                .build()
                .readTree(listed.out())
                .valueStream()
                .sorted((a, b) -> Long.compare(
                        a.get("execution_id").asLong(), b.get("execution_id").asLong()))
                .toList();
        assertThat(runs).hasSize(2);
        for (JsonNode run : runs) {
            assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(run.get("partitions")
                            .valueStream()
                            .map(p -> p.get("status").asString()))
                    .containsExactly("COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED");
            assertThat(run.get("partitions")
                            .valueStream()
                            .mapToLong(p -> p.get("paid").asLong())
                            .sum())
                    .isEqualTo(SUBSCRIPTIONS);
        }
        assertThat(nodes(runs.get(0))).as("the first measurement's nodes").hasSize(1);
        assertThat(nodes(runs.get(1))).as("the second measurement's nodes").hasSize(2);
        assertThat(nodes(runs.get(1))).as("node 1 is in both").containsAll(nodes(runs.get(0)));
    }

    private static List<String> nodes(JsonNode run) {
        return run.get("partitions")
                .valueStream()
                .map(p -> p.get("node").asString())
                .distinct()
                .toList();
    }
}
