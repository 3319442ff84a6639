package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.TestDatabase;
import io.authpay.billing.web.ServeApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "One run of a job at a time", decided by the database: launches racing over two nodes (two Spring
 * contexts on one database) start exactly one execution, the others are answered 409, and the audit names
 * the execution that really started. The sandbox answers slowly, so the one run lasts while the others try.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneRunAtATimeIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final String TOKEN = "one-run-token-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    final SimulatedClock clock = SimulatedClock.startingAt(
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant(), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start();
    final TestDatabase.Database database = TestDatabase.newDatabase();
    final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final ExecutorService callers = Executors.newFixedThreadPool(8);
    JdbcTemplate jdbc;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Path schedules = Files.createTempDirectory("one-run-schedules-");
        nodes.add(node("node-a", schedules));
        nodes.add(node("node-b", schedules));
        jdbc = nodes.get(0).getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stopNodes() {
        callers.shutdownNow();
        nodes.forEach(ConfigurableApplicationContext::close);
        sandbox.close();
    }

    @Test
    void racingRunsAndRestartsOverTwoNodesStartOneExecutionEachAndTheOthersAre409() throws Exception {
        for (int i = 0; i < 3; i++) {
            dueCharge();
        }
        // Each charge takes 3 s at the sandbox, one at a time: a run lasts while the others race.
        sandbox.faults().latency(Duration.ofSeconds(3));

        List<Answer> runs =
                race(8, i -> post(i % 2, "/api/jobs/daily-billing/runs", "{\"reason\": \"race " + i + "\"}"));

        assertThat(runs).filteredOn(a -> a.status() == 202).hasSize(1);
        assertThat(runs)
                .filteredOn(a -> a.status() == 409)
                .hasSize(7)
                .allSatisfy(a -> assertThat(a.json().get("error").asString()).isEqualTo("already_running"));
        long started = runs.stream()
                .filter(a -> a.status() == 202)
                .findFirst()
                .orElseThrow()
                .json()
                .get("execution_id")
                .asLong();
        assertThat(executionIds()).containsExactly(started);
        assertThat(jdbc.queryForList(
                        "SELECT target_id FROM audit_event WHERE action = 'RUN_JOB' ORDER BY id", String.class))
                .containsExactly(Long.toString(started));

        // Stopped after its first charge: two left for the restarts to race over.
        await(
                "the first charge to be in flight",
                () -> sandbox.ledger().charges().size() >= 1);
        assertThat(post(0, "/api/executions/" + started + "/stop", "{}").status())
                .isEqualTo(202);
        // STOPPED is marked at once; the run ends when the calls under way have recorded their outcome (a
        // partition may have started one just before its heartbeat read the stop), and only then may it restart.
        await(
                "the run to stop",
                () -> "STOPPED".equals(status(started))
                        && jdbc.queryForObject(
                                        "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                                                + " AND STATUS IN ('STARTING', 'STARTED', 'STOPPING')",
                                        Long.class,
                                        started)
                                == 0);

        List<Answer> restarts = race(3, i -> post(i % 2, "/api/executions/" + started + "/restart", "{}"));

        assertThat(restarts).filteredOn(a -> a.status() == 202).hasSize(1);
        assertThat(restarts).filteredOn(a -> a.status() == 409).hasSize(2);
        long continued = restarts.stream()
                .filter(a -> a.status() == 202)
                .findFirst()
                .orElseThrow()
                .json()
                .get("execution_id")
                .asLong();
        assertThat(executionIds()).containsExactly(started, continued);
        assertThat(jdbc.queryForList(
                        "SELECT details FROM audit_event WHERE action = 'RESTART_JOB_EXECUTION' ORDER BY id",
                        String.class))
                .containsExactly("daily-billing: continued as execution " + continued);
        await(
                "the restart to end",
                () -> !List.of("STARTING", "STARTED", "STOPPING").contains(status(continued)));
    }

    /** Answers of {@code count} requests sent at once from as many threads. */
    private List<Answer> race(int count, java.util.function.IntFunction<Answer> request) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            answers.add(callers.submit(() -> {
                gate.await();
                return request.apply(n);
            }));
        }
        gate.countDown();
        List<Answer> result = new ArrayList<>();
        for (Future<Answer> answer : answers) {
            result.add(answer.get());
        }
        return result;
    }

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Answer post(int node, String path, String body) {
        int port =
                ((WebServerApplicationContext) nodes.get(node)).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Long> executionIds() {
        return jdbc.queryForList(
                "SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I"
                        + " ON I.JOB_INSTANCE_ID = E.JOB_INSTANCE_ID WHERE I.JOB_NAME = 'daily-billing'"
                        + " ORDER BY E.JOB_EXECUTION_ID",
                Long.class);
    }

    private String status(long executionId) {
        return jdbc.queryForObject(
                "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, executionId);
    }

    private void dueCharge() {
        String authNo = sandbox.bindings().createGranted(499, SandboxCyclePeriod.MONTH, 1);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times,"
                        + " created_at, updated_at) VALUES (?, 'GRANTED', 499, 'TWD', 'MONTH', 1, NOW(6), NOW(6))",
                authNo);
        String externalId = "sub-" + authNo;
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, 499, 'MONTH', '2026-12-01', '2026-12-01',"
                        + " 'Gold plan', NOW(6), NOW(6))",
                externalId,
                authNo);
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) SELECT id, '2026-12', '2026-12-01', auth_no, amount, trade_name,"
                        + " 'DUE', NOW(6), NOW(6) FROM subscription"
                        + " WHERE external_id = ?",
                externalId);
    }

    private ConfigurableApplicationContext node(String instanceId, Path schedules) {
        return ServeApplication.builder()
                .logStartupInfo(false)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", (Clock) clock))
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        "--spring.quartz.scheduler-name=one-run-test",
                        "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId,
                        "--billing.operator.token=" + TOKEN,
                        "--billing.schedule.dir=" + schedules,
                        "--billing.batch.heartbeat-interval=200ms",
                        "--billing.authpay.base-url=" + sandbox.baseUrl(),
                        "--billing.authpay.api-key=" + sandbox.apiKey(),
                        "--billing.authpay.secret-key=sandbox-secret",
                        "--billing.authpay.store-id=" + sandbox.storeId(),
                        "--billing.authpay.response-timeout=10s",
                        "--billing.charge.concurrency=1");
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
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
