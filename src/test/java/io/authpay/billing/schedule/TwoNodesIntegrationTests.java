package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.TestDatabase;
import io.authpay.billing.web.ServeApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two serve nodes in one JVM (two Spring contexts, two clustered Quartz instances, {@code node-a} and
 * {@code node-b}) on one database and one sandbox: a schedule that comes due fires on one node only, and
 * its slot runs once even when its trigger fires again within the same minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    // The program and the sandbox live at 10:00 Taipei (inside the window); Quartz fires on the real clock.
    final SimulatedClock clock = SimulatedClock.startingAt(
            LocalDateTime.parse("2026-12-01T10:00").atZone(TAIPEI).toInstant(), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(clock).build().start();
    final TestDatabase.Database database = TestDatabase.newDatabase();
    final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    JdbcTemplate jdbc;
    Path schedules;

    @BeforeAll
    void startTwoNodes() throws Exception {
        schedules = Files.createTempDirectory("two-nodes-schedules-");
        nodes.add(node("node-a"));
        nodes.add(node("node-b"));
        jdbc = nodes.get(0).getBean(JdbcTemplate.class);
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);
        sandbox.close();
    }

    @Test
    void aScheduleThatComesDueFiresOnOneNodeAndItsSlotRunsOnce() {
        assertThat(jdbc.queryForList("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE ORDER BY 1", String.class))
                .containsExactly("node-a", "node-b");
        List<String> authNos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            authNos.add(dueCharge());
        }
        // Due in a few seconds, and again each of the next three seconds of the same minute: the same slot
        // fired four times, on whichever node takes each fire.
        ZonedDateTime soon = ZonedDateTime.now(TAIPEI).plusSeconds(4).withNano(0);
        ZonedDateTime at = soon.getSecond() > 54 ? soon.plusMinutes(1).withSecond(0) : soon;
        String cron = at.getSecond() + "-" + (at.getSecond() + 3) + " " + at.getMinute() + " " + at.getHour() + " "
                + at.getDayOfMonth() + " " + at.getMonthValue() + " ? " + at.getYear();
        ScheduleDefinition race = new ScheduleDefinition(
                "race",
                "test",
                "daily-billing",
                List.of(cron),
                TAIPEI,
                MisfirePolicy.FIRE_ONCE,
                Map.of(),
                true,
                "race");
        // Through the node started last: Quartz keeps the connection providers of its JDBC store in a
        // JVM-wide registry keyed by scheduler name, which is one name for the whole cluster, so in this one
        // JVM both schedulers draw connections from that node's pool (outside a test each node has a JVM).
        ConfigurableApplicationContext last = nodes.get(nodes.size() - 1);
        new ScheduleReconciler(
                        last.getBean(Scheduler.class),
                        last.getBean(PlatformTransactionManager.class),
                        ScheduleReconciler.GROUP)
                .reconcile(List.of(race));
        String slot = DateTimeFormatter.ofPattern("HH:mm").format(at);

        await(
                Duration.ofSeconds(30),
                "the slot to complete and its trigger to finish firing",
                () -> !slotRuns(slot).isEmpty()
                        && slotRuns(slot).stream().allMatch("COMPLETED"::equals)
                        && Instant.now().isAfter(at.toInstant().plusSeconds(5)));

        assertThat(slotRuns(slot)).containsExactly("COMPLETED");
        for (String authNo : authNos) {
            assertThat(sandbox.ledger().chargesFor(authNo)).hasSize(1);
            assertThat(jdbc.queryForObject(
                            "SELECT CONCAT(status, ' ', attempts) FROM charge WHERE auth_no = ?", String.class, authNo))
                    .isEqualTo("SUCCEEDED 1");
        }
        assertThat(sandbox.ledger().overlaps()).isZero();
    }

    /** The statuses of the executions of today's (real date) slot. */
    private List<String> slotRuns(String slot) {
        return jdbc.queryForList("""
                SELECT E.STATUS FROM BATCH_JOB_EXECUTION E
                JOIN BATCH_JOB_EXECUTION_PARAMS S ON S.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID
                 AND S.PARAMETER_NAME = 'slot' AND S.PARAMETER_VALUE = ?
                """, String.class, slot);
    }

    private String dueCharge() {
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
        return authNo;
    }

    private ConfigurableApplicationContext node(String instanceId) {
        return ServeApplication.builder()
                .logStartupInfo(false)
                .initializers(c -> c.getBeanFactory().registerSingleton("clock", (Clock) clock))
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--spring.datasource.hikari.maximum-pool-size=8",
                        // A cluster name of its own: Quartz registers a JDBC store's connections JVM-wide under
                        // the scheduler's name, and other test classes' nodes live in this JVM too.
                        "--spring.quartz.scheduler-name=two-nodes-test",
                        "--spring.quartz.properties.org.quartz.scheduler.instanceId=" + instanceId,
                        "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
                        "--billing.operator.token=two-nodes-token-0123456789",
                        "--billing.schedule.dir=" + schedules,
                        "--billing.batch.heartbeat-interval=200ms",
                        "--billing.authpay.base-url=" + sandbox.baseUrl(),
                        "--billing.authpay.api-key=" + sandbox.apiKey(),
                        "--billing.authpay.secret-key=sandbox-secret",
                        "--billing.authpay.store-id=" + sandbox.storeId(),
                        "--billing.authpay.connect-timeout=1s",
                        "--billing.authpay.response-timeout=3s",
                        "--billing.charge.concurrency=2",
                        "--logging.level.io.authpay.billing=INFO");
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
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
