package io.authpay.billing.webhook;

import static io.authpay.billing.testing.BillingDayProcesses.DAY;
import static io.authpay.billing.testing.BillingDayProcesses.TAIPEI;
import static io.authpay.billing.testing.BillingDayProcesses.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.BillingDayProcesses;
import io.authpay.billing.testing.ServeProcess;
import io.authpay.billing.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox across SIGKILLs: a daily run killed at a random point leaves exactly one event per charge it
 * settled, none for the rest; a serve node killed while delivering leaves its deliveries to the next one;
 * in the end every paid charge's one event reaches the receiver.
 */
class WebhookOutboxKilledIntegrationTests {

    static final int SUBSCRIPTIONS = 40;
    static final String SECRET = "whsec-killed-0123456789abcdef";

    @TempDir
    Path dir;

    final TestDatabase.Database database = TestDatabase.newDatabase();
    final SimulatedClock sandboxClock = SimulatedClock.startingAt(at("09:59:50"), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(sandboxClock).build();
    final BillingDayProcesses day = new BillingDayProcesses(database, sandbox, 2);

    @Test
    void eachSettledChargeHasOneEventAndEveryEventIsDeliveredAfterTheKills() throws Exception {
        sandbox.start();
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            sandbox.faults().latency(Duration.ofMillis(60), Duration.ofMillis(120));
            importSubscriptions();
            assertThat(day.cli("01:00", "run", "nightly-billing", "--date", DAY.toString(), "--slot", "01:00"))
                    .isZero();
            JdbcTemplate jdbc = day.jdbc();

            long seed = System.nanoTime();
            int killAfter = 5 + new Random(seed).nextInt(SUBSCRIPTIONS / 2);
            System.out.printf("[outbox killed] seed %d: SIGKILL after %d paid%n", seed, killAfter);
            Process child = day.startDailyRun("10:00", dir.resolve("child.log"));
            awaitFor(
                    "the child to settle " + killAfter + " charges", () -> !child.isAlive() || paid(jdbc) >= killAfter);
            assertThat(child.isAlive())
                    .as("the child run must still be running when it is killed")
                    .isTrue();
            child.destroyForcibly(); // SIGKILL, right after an outcome committed
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // No change without its event, no event without its change.
            assertOneEventPerPaidCharge(jdbc);
            assertThat(paid(jdbc)).isBetween((long) killAfter, SUBSCRIPTIONS - 1L);

            Thread.sleep(5_000); // the dead process's leases and heartbeat expire
            sandboxClock.set(at("10:10"));
            Long dead = jdbc.queryForObject(
                    "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'STARTED'", Long.class);
            assertThat(day.cli("10:10", "restart", dead.toString())).isZero();
            sandboxClock.set(at("10:30"));
            assertThat(day.cli("10:30", "run", "daily-billing", "--date", DAY.toString(), "--slot", "10:30"))
                    .isZero();
            assertThat(paid(jdbc)).isEqualTo(SUBSCRIPTIONS);
            Set<String> events = assertOneEventPerPaidCharge(jdbc);

            // A node killed while it delivers: the next one delivers the rest.
            try (ServeProcess doomed = serve(receiver, "10:40")) {
                doomed.awaitReady(Duration.ofSeconds(90));
                awaitFor(
                        "the first node to deliver some",
                        () -> !receiver.at("/slow").isEmpty());
                doomed.kill();
            }
            int deliveredByTheFirst = distinct(receiver).size();
            System.out.printf(
                    "[outbox killed] the first node delivered %d of %d%n", deliveredByTheFirst, events.size());
            try (ServeProcess next = serve(receiver, "10:41")) {
                next.awaitReady(Duration.ofSeconds(90));
                awaitFor("every event at the receiver", () -> distinct(receiver).containsAll(events));
                assertThat(distinct(receiver)).isEqualTo(events);
                // The receiver answers 200 before the node records DELIVERED: wait for the last record.
                awaitFor(
                        "every delivery recorded DELIVERED",
                        () -> jdbc.queryForObject(
                                        "SELECT COUNT(*) FROM webhook_delivery WHERE status = 'DELIVERED'", Long.class)
                                == SUBSCRIPTIONS);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery", Long.class))
                        .isEqualTo(SUBSCRIPTIONS);
            }
        } finally {
            sandbox.close();
        }
    }

    private static Set<String> distinct(WebhookReceiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.at("/slow").forEach(r -> ids.add(r.eventId()));
        return ids;
    }

    private static long paid(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'SUCCEEDED'", Long.class);
    }

    /** Exactly one charge.succeeded per SUCCEEDED charge, and none for any other; returns the event ids. */
    private static Set<String> assertOneEventPerPaidCharge(JdbcTemplate jdbc) {
        List<Long> paidCharges =
                jdbc.queryForList("SELECT id FROM charge WHERE status = 'SUCCEEDED' ORDER BY id", Long.class);
        List<Long> eventCharges = jdbc.queryForList(
                "SELECT CAST(JSON_VALUE(payload, '$.data.charge.id') AS UNSIGNED) FROM webhook_event"
                        + " WHERE type = 'charge.succeeded' ORDER BY 1",
                Long.class);
        assertThat(eventCharges).isEqualTo(paidCharges);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM webhook_event WHERE type <> 'charge.succeeded'", Long.class))
                .isZero();
        return new HashSet<>(jdbc.queryForList("SELECT event_id FROM webhook_event", String.class));
    }

    private ServeProcess serve(WebhookReceiver receiver, String time) throws Exception {
        List<String> properties = new ArrayList<>(day.settings(time));
        properties.addAll(List.of(
                "--billing.operator.token=webhook-kill-test-token-0123",
                "--billing.schedule.dir=" + Files.createTempDirectory(dir, "schedules-"),
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--billing.webhooks.endpoints[0].url=" + receiver.url("/slow"),
                "--billing.webhooks.endpoints[0].secret=" + SECRET,
                "--billing.webhooks.poll-interval=100ms",
                "--billing.webhooks.backoff-base=100ms",
                // a node killed mid-POST holds its delivery for 2 × timeout + 5 s
                "--billing.webhooks.timeout=1s"));
        return ServeProcess.start(properties);
    }

    private void importSubscriptions() throws Exception {
        StringBuilder csv = new StringBuilder("external_id,auth_no,amount,currency,period,anchor_date,trade_name\n");
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String authNo = sandbox.bindings().createGranted(150, SandboxCyclePeriod.MONTH, 1);
            csv.append("w-%03d,%s,150,TWD,MONTH,2026-01-01,Webhook plan\n".formatted(i, authNo));
        }
        Path file = dir.resolve("subscriptions.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        assertThat(day.cli("00:30", "subscriptions", "import", file.toString())).isZero();
    }

    private static void awaitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
