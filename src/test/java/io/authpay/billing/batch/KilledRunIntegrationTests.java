package io.authpay.billing.batch;

import static io.authpay.billing.testing.BillingDayProcesses.DAY;
import static io.authpay.billing.testing.BillingDayProcesses.TAIPEI;
import static io.authpay.billing.testing.BillingDayProcesses.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.BillingDayProcesses;
import io.authpay.billing.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A daily run in a child process, killed with SIGKILL at a random point, then recovered and restarted:
 * every charge paid exactly once, never two calls at once on one auth_no.
 */
@Tag("child-jvm")
class KilledRunIntegrationTests {

    static final int SUBSCRIPTIONS = 240;

    @TempDir
    Path dir;

    final TestDatabase.Database database = TestDatabase.newDatabase();
    final SimulatedClock sandboxClock = SimulatedClock.startingAt(at("09:59:50"), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(sandboxClock).build();
    final BillingDayProcesses day = new BillingDayProcesses(database, sandbox, 4);

    @Test
    void aRunKilledMidwayIsRecoveredAndRestartedWithoutChargingAnyoneTwice() throws Exception {
        sandbox.start();
        try {
            sandbox.faults().latency(Duration.ofMillis(40), Duration.ofMillis(80));
            importSubscriptions();
            assertThat(day.cli("01:00", "run", "nightly-billing", "--date", DAY.toString(), "--slot", "01:00"))
                    .isZero();

            long seed = System.nanoTime();
            int killAfter = 20 + new Random(seed).nextInt(SUBSCRIPTIONS / 2);
            System.out.printf("[killed run] seed %d: SIGKILL after %d charges%n", seed, killAfter);
            Process child = day.startDailyRun("10:00", dir.resolve("child.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (sandbox.ledger().charges().size() < killAfter && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(child.isAlive())
                    .as("the child run must still be running when it is killed")
                    .isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int chargedBeforeTheKill = sandbox.ledger().charges().size();
            assertThat(chargedBeforeTheKill).isBetween(killAfter, SUBSCRIPTIONS - 1);

            JdbcTemplate jdbc = day.jdbc();
            Long dead = jdbc.queryForObject(
                    "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'STARTED'", Long.class);
            assertThat(dead).as("the killed execution is left STARTED").isNotNull();

            Thread.sleep(5_000); // the dead process's leases (4 s here) and heartbeat (2 s) expire
            sandboxClock.set(at("10:10"));
            assertThat(day.cli("10:10", "restart", dead.toString())).isZero();
            sandboxClock.set(at("10:30"));
            assertThat(day.cli("10:30", "run", "daily-billing", "--date", DAY.toString(), "--slot", "10:30"))
                    .isZero();

            assertThat(jdbc.queryForList("SELECT DISTINCT status FROM charge", String.class))
                    .containsExactly("SUCCEEDED");
            Map<String, Long> orderToCharge = new HashMap<>();
            jdbc.query("SELECT platform_order_id, charge_id FROM charge_attempt", rs -> {
                orderToCharge.put(rs.getString(1), rs.getLong(2));
            });
            Map<Long, Long> perCharge = sandbox.ledger().charges().stream()
                    .collect(Collectors.groupingBy(c -> orderToCharge.get(c.platformOrderId()), Collectors.counting()));
            assertThat(perCharge).hasSize(SUBSCRIPTIONS).doesNotContainKey(null);
            assertThat(perCharge.values()).allMatch(n -> n == 1);
            assertThat(sandbox.ledger().overlaps()).isZero();
            assertThat(jdbc.queryForObject(
                            "SELECT STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", String.class, dead))
                    .isEqualTo("FAILED"); // recovered: marked FAILED, then continued by the restart
        } finally {
            sandbox.close();
        }
    }

    private void importSubscriptions() throws Exception {
        StringBuilder csv = new StringBuilder("external_id,auth_no,amount,currency,period,anchor_date,trade_name\n");
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            // a few shared bindings among the single ones
            String authNo = sandbox.bindings().createGranted(150, SandboxCyclePeriod.MONTH, i < 40 ? 4 : 1);
            int members = i < 40 ? 4 : 1;
            for (int m = 0; m < members && i < SUBSCRIPTIONS; m++, i++) {
                csv.append("k-%03d,%s,150,TWD,MONTH,2026-01-01,Killed run plan\n".formatted(i, authNo));
            }
            i--;
        }
        Path file = dir.resolve("subscriptions.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        assertThat(day.cli("00:30", "subscriptions", "import", file.toString())).isZero();
    }
}
