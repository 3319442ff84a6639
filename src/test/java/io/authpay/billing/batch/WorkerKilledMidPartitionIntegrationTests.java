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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two real {@code serve} processes on one database; a daily run starts on one (its manager) and its partitions
 * run on both. The other node is killed (SIGKILL) while it runs partitions of its own: their step executions
 * stay STARTED until their heartbeat is stale, then the manager marks them FAILED, naming the dead node, and
 * its own node runs them again in the same run. The run completes without a restart (the recovery of dead
 * runs, looking every second, leaves it alone: its manager lives), and every due charge is paid exactly once,
 * the dead node's calls in flight settled by inquiry, never two calls at once on one auth_no.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("child-jvm")
class WorkerKilledMidPartitionIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final String TOKEN = "worker-killed-token-0123456789";
    static final Instant TEN_AM =
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant();
    /**
     * Longer than an auth_no lease (1 s connect + 2 × 2 s response + 1 s margin): when a dead worker's partition
     * runs again, the leases of its calls in flight have expired, so the new run settles them by inquiry.
     */
    static final Duration STALE_AFTER = Duration.ofSeconds(8);

    static final Pattern LAST_HEARTBEAT = Pattern.compile("last heartbeat (\\S+)\\)");

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
    void theManagersNodeRunsTheKilledWorkersPartitionsAgainOnceTheyAreStaleAndEveryChargeIsPaidOnce()
            throws IOException {
        ServeProcess manager = start("manager"); // migrates the schema
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.user(), database.password()));
        ServeProcess worker = start("worker");
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            authNos.add(dueCharge(i));
        }
        // Each call takes a while: each node's two partitions share two calls at once, for many seconds.
        sandbox.faults().latency(Duration.ofMillis(400));

        HttpResponse<String> started = manager.post("/api/jobs/daily-billing/runs", TOKEN);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long execution = json(started).get("execution_id").asLong();
        String onWorker = "/" + worker.pid();
        awaitFor(
                Duration.ofSeconds(120),
                "the worker node to pay charges in partitions of its own",
                () -> partitions(manager, execution).stream()
                        .anyMatch(p -> node(p).endsWith(onWorker)
                                && p.get("status").asString().equals("STARTED")
                                && p.get("paid").asLong() >= 2));
        Set<String> killed = partitions(manager, execution).stream()
                .filter(p ->
                        node(p).endsWith(onWorker) && p.get("status").asString().equals("STARTED"))
                .map(p -> p.get("partition").asString())
                .collect(Collectors.toSet());
        String workerNode = partitions(manager, execution).stream()
                .map(p -> node(p))
                .filter(n -> n.endsWith(onWorker))
                .findFirst()
                .orElseThrow();

        worker.kill(); // SIGKILL: no shutdown, no last heartbeat, calls in flight left IN_FLIGHT

        awaitFor(
                Duration.ofSeconds(300),
                "the run to end",
                () -> !List.of("STARTING", "STARTED", "STOPPING").contains(status(execution)));
        assertThat(status(execution)).as(manager.log()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID ="
                                + " (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?)",
                        Long.class,
                        execution))
                .as("completed in the same execution, without a restart")
                .isEqualTo(1);

        String managerNode = "/" + manager.pid();
        Map<String, List<JsonNode>> shown = partitions(manager, execution).stream()
                .collect(Collectors.groupingBy(p -> p.get("partition").asString()));
        assertThat(shown).containsOnlyKeys("p0", "p1", "p2", "p3");
        Map<String, List<Map<String, Object>>> rows = jdbc
                .queryForList(
                        "SELECT STEP_EXECUTION_ID, STEP_NAME, STATUS, EXIT_MESSAGE, CREATE_TIME"
                                + " FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                                + " AND STEP_NAME LIKE 'charge-due-partition:%' ORDER BY STEP_EXECUTION_ID",
                        execution)
                .stream()
                .collect(Collectors.groupingBy(
                        r -> ((String) r.get("STEP_NAME")).substring("charge-due-partition:".length())));
        for (String partition : shown.keySet()) {
            List<Map<String, Object>> runs = rows.get(partition);
            if (!killed.contains(partition)) {
                assertThat(runs).as(partition + " ran once").hasSize(1);
                assertThat(runs.get(0).get("STATUS")).isEqualTo("COMPLETED");
                continue;
            }
            // The dead node's partition: FAILED naming it, then a later execution on the live node, COMPLETED.
            assertThat(runs).as(partition + ", run again once").hasSize(2);
            Map<String, Object> dead = runs.get(0);
            Map<String, Object> again = runs.get(1);
            assertThat(dead.get("STATUS")).isEqualTo("FAILED");
            assertThat((String) dead.get("EXIT_MESSAGE")).contains("its node " + workerNode + " stopped beating");
            assertThat(again.get("STATUS")).isEqualTo("COMPLETED");
            assertThat(shown.get(partition).stream()
                            .map(p -> p.get("status").asString() + "@"
                                    + (node(p).endsWith(managerNode) ? "manager" : node(p))))
                    .as("listed in order: the dead node's, then the live node's")
                    .containsExactly("FAILED@" + workerNode, "COMPLETED@manager");
            // Run again only once its heartbeat was older than stale-after, not while the worker may have lived.
            Matcher heartbeat = LAST_HEARTBEAT.matcher((String) dead.get("EXIT_MESSAGE"));
            assertThat(heartbeat.find()).as((String) dead.get("EXIT_MESSAGE")).isTrue();
            Object stamp = again.get("CREATE_TIME");
            LocalDateTime createTime = stamp instanceof Timestamp t ? t.toLocalDateTime() : (LocalDateTime) stamp;
            Instant created = createTime.atZone(ZoneId.systemDefault()).toInstant();
            assertThat(created).isAfter(Instant.parse(heartbeat.group(1)).plus(STALE_AFTER));
        }
        assertThat(killed).as("the worker ran partitions when it was killed").isNotEmpty();

        for (String authNo : authNos) {
            assertThat(sandbox.ledger().chargesFor(authNo))
                    .as("charged once: " + authNo)
                    .hasSize(1);
        }
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM charge", String.class))
                .as("the dead node's calls in flight settled in the same run")
                .containsExactly("SUCCEEDED");
        assertThat(sandbox.ledger().overlaps()).isZero();
    }

    /** The node a partition names, or "" before it started. */
    private static String node(JsonNode partition) {
        JsonNode node = partition.path("node");
        return node.isString() ? node.asString() : "";
    }

    private List<JsonNode> partitions(ServeProcess node, long execution) {
        HttpResponse<String> shown = node.get("/api/executions/" + execution, TOKEN);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        return json(shown).get("partitions").valueStream().toList();
    }

    private ServeProcess start(String instanceId) throws IOException {
        ServeProcess node = ServeProcess.start(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.quartz.scheduler-name=worker-killed-test",
                "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId,
                "--billing.clock.start=" + clock.instant(),
                "--billing.operator.token=" + TOKEN,
                "--billing.schedule.dir=" + Files.createTempDirectory("worker-killed-schedules-"),
                // Dead runs are looked for every second: a run whose manager lives must not be taken.
                "--billing.schedule.recovery-interval=1s",
                "--billing.batch.heartbeat-interval=300ms",
                "--billing.batch.stale-after=" + STALE_AFTER.toSeconds() + "s",
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=" + sandbox.apiKey(),
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=" + sandbox.storeId(),
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=2s",
                "--billing.charge.lease-margin=1s",
                // Inquiry's "no such order" about an attempt the dead node claimed but never sent is believed
                // at once (it is older than stale-after by then): a new attempt follows in the same run.
                "--billing.retry.not-charged-retry-delay=1s",
                "--billing.charge.concurrency=2",
                "--billing.charge.partitions=4",
                "--billing.charge.partitions-per-node=2"));
        nodes.add(node);
        node.awaitReady(Duration.ofSeconds(120));
        return node;
    }

    private String dueCharge(int i) {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times)"
                        + " VALUES (?, 'GRANTED', 499, 'TWD', 'MONTH', 1)",
                authNo);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name) VALUES (?, ?, 499, 'MONTH', '2026-12-01', '2026-12-01', 'Gold plan')",
                "sub-" + i,
                authNo);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status)"
                        + " SELECT id, '2026-12', '2026-12-01', auth_no, amount, trade_name, 'DUE' FROM subscription"
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
