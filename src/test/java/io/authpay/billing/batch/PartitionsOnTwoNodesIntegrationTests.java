package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.ServeProcess;
import io.authpay.billing.testing.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real {@code serve} processes on one database: a daily run started on one of them has its partitions
 * run on both (each partition names the process that ran it), and every due charge is paid exactly once,
 * never two calls at once on one auth_no.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("child-jvm")
class PartitionsOnTwoNodesIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final String TOKEN = "two-node-partitions-token-0123456789";
    static final Instant TEN_AM =
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant();

    final SimulatedClock clock = SimulatedClock.startingAt(TEN_AM, TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start();
    final TestDatabase.Database database = TestDatabase.newDatabase();
    final List<ServeProcess> nodes = new ArrayList<>();
    JdbcTemplate jdbc;

    @AfterAll
    void stopAll() {
        nodes.forEach(ServeProcess::close);
        sandbox.close();
    }

    @Test
    void aDailyRunsPartitionsRunOnBothNodesAndEveryDueChargeIsPaidOnce() throws IOException {
        ServeProcess a = start("node-a"); // migrates the schema
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.user(), database.password()));
        ServeProcess b = start("node-b");
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            authNos.add(dueCharge(i));
        }
        // Each call takes a while, so a node's two partitions keep it busy while the other takes the rest.
        sandbox.faults().latency(Duration.ofMillis(150));

        HttpResponse<String> started = a.post("/api/jobs/daily-billing/runs", TOKEN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long execution = json(started).get("execution_id").asLong();
        awaitFor(
                Duration.ofSeconds(120),
                "the run to end",
                () -> !List.of("STARTING", "STARTED", "STOPPING").contains(status(execution)));

        assertThat(status(execution)).isEqualTo("COMPLETED");
        HttpResponse<String> shown = b.get("/api/executions/" + execution, TOKEN);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        JsonNode partitions = json(shown).get("partitions");
        assertThat(partitions.valueStream().map(p -> p.get("partition").asString()))
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        assertThat(partitions.valueStream().map(p -> p.get("status").asString()))
                .containsOnly("COMPLETED");
        assertThat(partitions.valueStream().map(p -> p.get("node").asString()).distinct())
                .as("partitions ran on both nodes")
                .hasSize(2);
        assertThat(partitions
                        .valueStream()
                        .mapToLong(p -> p.get("paid").asLong())
                        .sum())
                .isEqualTo(authNos.size());
        for (String authNo : authNos) {
            assertThat(sandbox.ledger().chargesFor(authNo))
                    .as("charged once: " + authNo)
                    .hasSize(1);
        }
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM charge", String.class))
                .containsExactly("SUCCEEDED");
        assertThat(sandbox.ledger().overlaps()).isZero();
    }

    private ServeProcess start(String instanceId) throws IOException {
        ServeProcess node = ServeProcess.start(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.quartz.scheduler-name=two-node-partitions-test",
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId,
                "--billing.clock.start=" + clock.instant(),
                "--billing.operator.token=" + TOKEN,
                "--billing.schedule.dir=" + Files.createTempDirectory("two-node-partitions-schedules-"),
                "--billing.batch.heartbeat-interval=300ms",
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=" + sandbox.apiKey(),
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=" + sandbox.storeId(),
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=2s",
                "--billing.charge.concurrency=4",
                "--billing.charge.partitions=4",
                "--billing.charge.partitions-per-node=2"));
        nodes.add(node);
        node.awaitReady(Duration.ofSeconds(120));
        return node;
    }

    private String dueCharge(int i) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times,"
                        + " created_at, updated_at) VALUES (?, 'GRANTED', 499, 'TWD', 'MONTH', 1, NOW(6), NOW(6))",
                authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-12-01', '2026-12-01',"
                        + " 'Gold plan', NOW(6), NOW(6))",
                "sub-" + i,
                authNo);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) SELECT id, '2026-12', '2026-12-01', auth_no, amount, trade_name,"
                        + " 'DUE', NOW(6), NOW(6) FROM subscription"
                        + " WHERE external_id = ?",
                "sub-" + i);
        return authNo;
    }

    private String status(long execution) {
        return jdbc.queryForObject(
                "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, execution);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    private void awaitFor(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                nodes.forEach(n -> logs.append("\nnode log:\n").append(n.log()));
                throw new AssertionError("timed out waiting for " + what + logs);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
