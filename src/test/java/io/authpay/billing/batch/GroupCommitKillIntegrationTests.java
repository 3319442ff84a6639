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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * kill -9 while the engine group-commits answers: over several trials (3 in the suite, to keep it short;
 * {@code -Dkilled.trials=20} for the full check;
 * the seed printed, and settable with {@code -Dkilled.seed=S}), a daily run in a child process is killed
 * at a random point, its leases expire, and the restarted run sweeps. Every due period must be charged
 * exactly once at the gateway, never two calls at once on one auth_no: a kill between an answer and its
 * group commit leaves the attempt IN_FLIGHT, and the inquiry path settles it instead of charging again.
 */
@Tag("child-jvm")
class GroupCommitKillIntegrationTests {

    static final int SUBSCRIPTIONS = 60;

    @TempDir
    Path dir;

    final TestDatabase.Database database = TestDatabase.newDatabase();
    final SimulatedClock sandboxClock = SimulatedClock.startingAt(at("09:59:50"), TAIPEI);
    final AuthPaySandbox sandbox = AuthPaySandbox.builder().clock(sandboxClock).build();
    final BillingDayProcesses day = new BillingDayProcesses(database, sandbox, 8);

    @Test
    void killedDuringGroupCommitsEveryPeriodIsChargedExactlyOnceAfterRestartAndSweep() throws Exception {
        int trials = Integer.getInteger("killed.trials", 3);
        long seed = Long.getLong("killed.seed", System.nanoTime());
        System.out.printf("[group-commit kill] seed %d (-Dkilled.seed), %d trials (-Dkilled.trials)%n", seed, trials);
        Random random = new Random(seed);
        sandbox.start();
        try {
            sandbox.faults().latency(Duration.ofMillis(20), Duration.ofMillis(60));
            JdbcTemplate jdbc = day.jdbc();
            for (int trial = 0; trial < trials; trial++) {
                String prefix = "g" + trial + "-";
                sandboxClock.set(at("09:59:50"));
                importSubscriptions(prefix, trial);
                assertThat(day.cli("01:00", "run", "nightly-billing", "--date", DAY.toString(), "--slot", "n" + trial))
                        .isZero();
                int before = sandbox.ledger().charges().size();
                int killAfter = 1 + random.nextInt(SUBSCRIPTIONS - 10);
                System.out.printf("[group-commit kill] trial %d: SIGKILL after %d charges%n", trial, killAfter);
                Process child = day.startDailyRun("d" + trial, dir.resolve("child-d" + trial + ".log"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
                while (sandbox.ledger().charges().size() - before < killAfter
                        && child.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(child.isAlive())
                        .as("trial %d: the child run must still be running when it is killed", trial)
                        .isTrue();
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no pending group commit
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

                Long dead = jdbc.queryForObject(
                        "SELECT MAX(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION WHERE STATUS = 'STARTED'", Long.class);
                assertThat(dead)
                        .as("trial %d: the killed execution is left STARTED", trial)
                        .isNotNull();
                Thread.sleep(5_000); // the dead process's leases (4 s here) and heartbeat (2 s) expire
                sandboxClock.set(at("10:10"));
                assertThat(day.cli("10:10", "restart", dead.toString())).isZero();
                // The sweep: an attempt claimed but never sent when the process died is proved "not charged"
                // by inquiry and gets a new attempt after billing.retry.not-charged-retry-delay (5 min).
                sandboxClock.set(at("10:20"));
                assertThat(day.cli("10:20", "run", "daily-billing", "--date", DAY.toString(), "--slot", "s" + trial))
                        .isZero();

                List<String> statuses = jdbc.queryForList(
                        "SELECT DISTINCT c.status FROM charge c JOIN subscription s ON s.id = c.subscription_id"
                                + " WHERE s.external_id LIKE ?",
                        String.class,
                        prefix + "%");
                assertThat(statuses).as("trial %d", trial).containsExactly("SUCCEEDED");
                Map<String, Long> orderToCharge = new HashMap<>();
                jdbc.query(
                        "SELECT a.platform_order_id, a.charge_id FROM charge_attempt a"
                                + " JOIN charge c ON c.id = a.charge_id JOIN subscription s ON s.id = c.subscription_id"
                                + " WHERE s.external_id LIKE ?",
                        rs -> {
                            orderToCharge.put(rs.getString(1), rs.getLong(2));
                        },
                        prefix + "%");
                Map<Long, Long> perCharge = sandbox.ledger().charges().stream()
                        .filter(c -> orderToCharge.containsKey(c.platformOrderId()))
                        .collect(Collectors.groupingBy(
                                c -> orderToCharge.get(c.platformOrderId()), Collectors.counting()));
                assertThat(perCharge).as("trial %d: charged periods", trial).hasSize(SUBSCRIPTIONS);
                assertThat(perCharge.values())
                        .as("trial %d: charges per period", trial)
                        .allMatch(n -> n == 1);
                assertThat(sandbox.ledger().overlaps())
                        .as("trial %d: overlapping calls", trial)
                        .isZero();
            }
        } finally {
            sandbox.close();
        }
    }

    private void importSubscriptions(String prefix, int trial) throws Exception {
        StringBuilder csv = new StringBuilder("external_id,auth_no,amount,currency,period,anchor_date,trade_name\n");
        int i = 0;
        while (i < SUBSCRIPTIONS) {
            // a few shared bindings among the single ones
            int members = i < 12 ? 3 : 1;
            String authNo = sandbox.bindings().createGranted(150, SandboxCyclePeriod.MONTH, members);
            for (int m = 0; m < members; m++, i++) {
                csv.append("%s%03d,%s,150,TWD,MONTH,2026-01-01,Kill trial plan\n".formatted(prefix, i, authNo));
            }
        }
        Path file = dir.resolve("subscriptions-" + trial + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        assertThat(day.cli("00:30", "subscriptions", "import", file.toString())).isZero();
    }
}
