package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.ServeProcess;
import io.authpay.billing.testing.TestDatabase;
import io.authpay.billing.web.ServeApplication;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node killed in the middle of a daily run (SIGKILL: a real {@code serve} process of its own) leaves its
 * execution STARTED; the live node recovers it only once its heartbeat has stopped, restarts it and
 * finishes the work; the charge that was in flight when the node died is settled by inquiry, never charged
 * again. The sandbox's ledger proves every customer was charged exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("child-jvm")
class NodeKilledIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final String TOKEN = "node-killed-token-0123456789";
    static final Instant TEN_AM =
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant();

    final SimulatedClock clock = SimulatedClock.startingAt(TEN_AM, TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start();
    final TestDatabase.Database database = TestDatabase.newDatabase();
    ConfigurableApplicationContext survivor;
    ServeProcess doomed;
    JdbcTemplate jdbc;

    @BeforeAll
    void startTheSurvivor() throws IOException {
        Path schedules = Files.createTempDirectory("node-killed-schedules-");
        survivor = ServeApplication.builder()
                .logStartupInfo(false)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", (Clock) clock))
                .run(Stream.concat(common(schedules, "survivor").stream(), Stream.of("--server.port=0"))
                        .toArray(String[]::new));
        jdbc = survivor.getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stopAll() {
        if (doomed != null) {
            doomed.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        sandbox.close();
    }

    @Test
    void theSurvivorRecoversTheKilledNodesRunOnlyAfterItsHeartbeatStoppedAndFinishesIt() throws Exception {
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            authNos.add(dueCharge());
        }
        sandbox.faults().latency(Duration.ofMillis(800)); // every charge takes a while: the run is mid-way when killed
        List<String> properties = common(Files.createTempDirectory("node-killed-doomed-"), "doomed");
        properties.add("--billing.clock.start=" + clock.instant());
        doomed = ServeProcess.start(properties);
        doomed.awaitReady(Duration.ofSeconds(180)); // a loaded machine starts a JVM slowly

        long execution = startDailyRun();
        awaitFor(Duration.ofSeconds(120), "the doomed node to charge one", () -> charged(authNos) >= 1);
        Thread.sleep(1500); // a few recovery passes of the survivor while the doomed node still beats
        assertThat(status(execution)).as("a live node's run is left alone").isEqualTo("STARTED");

        doomed.kill(); // SIGKILL: no shutdown, no last heartbeat

        awaitFor(
                Duration.ofSeconds(120),
                "the survivor to recover the execution",
                () -> "FAILED".equals(status(execution)));
        assertThat(jdbc.queryForObject(
                        "SELECT EXIT_MESSAGE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                        String.class,
                        execution))
                .startsWith("recovered: the process running it died");
        assertThat(jdbc.queryForList(
                        "SELECT CONCAT(actor, ' ', action) FROM audit_event WHERE target_type = 'job_execution'"
                                + " AND target_id = ?",
                        String.class,
                        Long.toString(execution)))
                .contains("scheduler RECOVER_JOB_EXECUTION");
        awaitFor(
                Duration.ofSeconds(180),
                "the restart of the same instance to complete",
                () -> "COMPLETED".equals(lastOfInstance(execution)));

        // A charge the dead node had in flight waits for its lease to expire, then inquiry settles it.
        awaitFor(
                Duration.ofSeconds(60),
                "the dead node's leases to expire",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE lock_until >= NOW(6)", Long.class) == 0);
        sandbox.faults().reset();
        LocalRuns runs = survivor.getBean(LocalRuns.class);
        runs.run("daily-billing", clock.instant().atZone(TAIPEI).toLocalDate(), "after-recovery", java.util.Map.of());

        for (String authNo : authNos) {
            assertThat(sandbox.ledger().chargesFor(authNo))
                    .as("charged once: " + authNo)
                    .hasSize(1);
            assertThat(jdbc.queryForObject("SELECT status FROM charge WHERE auth_no = ?", String.class, authNo))
                    .isEqualTo("SUCCEEDED");
        }
    }

    private long startDailyRun() {
        HttpResponse<String> response = doomed.post("/api/jobs/daily-billing/runs", TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("execution_id")
                .asLong();
    }

    private List<String> common(Path schedules, String instanceId) {
        return new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=8",
                // A cluster name of its own: Quartz registers a JDBC store's connections JVM-wide under the
                // scheduler's name, and other test classes' nodes live in this JVM too.
                "--spring.quartz.scheduler-name=node-killed-test",
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId,
                "--billing.operator.token=" + TOKEN,
                "--billing.schedule.dir=" + schedules,
                "--billing.schedule.recovery-interval=500ms",
                "--billing.batch.heartbeat-interval=300ms",
                "--billing.batch.stale-after=2s",
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=" + sandbox.apiKey(),
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=" + sandbox.storeId(),
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=2s",
                "--billing.charge.lease-margin=1s",
                "--billing.charge.concurrency=1"));
    }

    private String dueCharge() {
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
        return authNo;
    }

    private long charged(List<String> authNos) {
        return authNos.stream()
                .filter(a -> !sandbox.ledger().chargesFor(a).isEmpty())
                .count();
    }

    private String status(long execution) {
        return jdbc.queryForObject(
                "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, execution);
    }

    /** The status of the newest execution of the same job instance, once there is a newer one. */
    private String lastOfInstance(long execution) {
        return jdbc
                .queryForList(
                        "SELECT E2.STATUS FROM BATCH_JOB_EXECUTION E1 JOIN BATCH_JOB_EXECUTION E2"
                                + " ON E2.JOB_INSTANCE_ID = E1.JOB_INSTANCE_ID AND E2.JOB_EXECUTION_ID > E1.JOB_EXECUTION_ID"
                                + " WHERE E1.JOB_EXECUTION_ID = ? ORDER BY E2.JOB_EXECUTION_ID DESC",
                        String.class,
                        execution)
                .stream()
                .findFirst()
                .orElse(null);
    }

    private void awaitFor(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what
                        + (doomed == null ? "" : "\ndoomed node log:\n" + doomed.log()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
