package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.ServeProcess;
import io.authpay.billing.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM to a real {@code serve} process in the middle of a daily run: the run is asked to stop, the call
 * in flight finishes and records its outcome, the execution ends STOPPED (restartable), and the process
 * exits. Nothing is left IN_FLIGHT, nothing is charged that is not recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("child-jvm")
class GracefulShutdownIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final String TOKEN = "graceful-token-0123456789";

    final SimulatedClock clock = SimulatedClock.startingAt(
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant(), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start();
    final TestDatabase.Database database = TestDatabase.newDatabase();
    HikariDataSource dataSource;
    JdbcTemplate jdbc;
    ServeProcess node;

    @BeforeAll
    void database() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.user());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(2);
        dataSource.setConnectionInitSql("SET time_zone = '+00:00'");
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        sandbox.close();
        dataSource.close();
    }

    @Test
    void sigtermStopsTheRunningDailyJobCleanlyAfterItsCallInFlightIsRecorded() throws Exception {
        node = ServeProcess.start(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--spring.quartz.scheduler-name=graceful-test",
                "--billing.operator.token=" + TOKEN,
                "--billing.schedule.dir=" + Files.createTempDirectory("graceful-schedules-"),
                "--billing.batch.heartbeat-interval=300ms",
                "--billing.clock.start=" + clock.instant(),
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=" + sandbox.apiKey(),
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=" + sandbox.storeId(),
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=5s",
                "--billing.charge.concurrency=1"));
        node.awaitReady(Duration.ofSeconds(60)); // Flyway has migrated the schema by now
        List<Long> charges = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            charges.add(dueCharge());
        }
        sandbox.faults().latency(Duration.ofMillis(1500));
        var started = node.post("/api/jobs/daily-billing/runs", TOKEN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long execution = JsonMapper.builder()
                .build()
                .readTree(started.body())
                .get("execution_id")
                .asLong();
        await(
                "a call in flight",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'IN_FLIGHT'", Long.class) == 1);

        node.terminate(Duration.ofSeconds(30)); // SIGTERM

        assertThat(jdbc.queryForMap(
                        "SELECT STATUS, EXIT_MESSAGE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", execution))
                .containsEntry("STATUS", "STOPPED")
                .hasEntrySatisfying("EXIT_MESSAGE", m -> assertThat((String) m).startsWith("stopped on request"));
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        for (long id : charges) {
            byStatus.merge(
                    jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, id), 1L, Long::sum);
        }
        assertThat(byStatus).doesNotContainKey("IN_FLIGHT").containsKey("SUCCEEDED");
        assertThat(sandbox.ledger().charges()).hasSize(byStatus.get("SUCCEEDED").intValue());
        assertThat(byStatus.getOrDefault("DUE", 0L)).as("left for the restart").isPositive();
        assertThat(node.log())
                .contains("Shutting down: asked execution " + execution + " of daily-billing to stop")
                .contains("No job runs on this node any more");
    }

    private long dueCharge() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times,"
                        + " created_at, updated_at) VALUES (?, 'GRANTED', 499, 'TWD', 'MONTH', 1, NOW(6), NOW(6))",
                authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-12-01', '2026-12-01',"
                        + " 'Gold plan', NOW(6), NOW(6))",
                "sub-" + authNo,
                authNo);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) SELECT id, '2026-12', '2026-12-01', auth_no, amount, trade_name,"
                        + " 'DUE', NOW(6), NOW(6) FROM subscription"
                        + " WHERE external_id = ?",
                "sub-" + authNo);
        return jdbc.queryForObject("SELECT id FROM charge WHERE auth_no = ?", Long.class, authNo);
    }

    private void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + node.log());
            }
            Thread.sleep(50);
        }
    }
}
