package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.charge.ChargePartition;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.SubscriptionRow;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The daily job's charge step as a partitioned step on one node: every partition charges the auth_nos of
 * its own hash share, all of them exactly once; each partition's step execution names the node that ran it;
 * an open breaker in one partition stops the others; a restart reruns only the partitions that did not
 * complete.
 */
@Import(PartitionedDailyRunIntegrationTests.Clocks.class)
class PartitionedDailyRunIntegrationTests extends DatabaseIntegrationTest {

    static final int PARTITIONS = 5;
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final SimulatedClock CLOCK = SimulatedClock.startingAt(Instant.parse("2026-11-01T00:00:00Z"), TAIPEI);
    static final AuthPaySandbox SANDBOX =
            AuthPaySandbox.builder().clock(CLOCK).build().start();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("billing.authpay.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("billing.authpay.api-key", () -> "sandbox-api-key");
        registry.add("billing.authpay.secret-key", () -> "sandbox-secret");
        registry.add("billing.authpay.store-id", () -> "sandbox-store");
        registry.add("billing.authpay.connect-timeout", () -> "1s");
        registry.add("billing.authpay.response-timeout", () -> "2s");
        registry.add("billing.charge.concurrency", () -> "8");
        registry.add("billing.charge.partitions", () -> String.valueOf(PARTITIONS));
        registry.add("billing.batch.heartbeat-interval", () -> "200ms");
        registry.add("billing.retry.busy-backoff", () -> "100ms,200ms,400ms,800ms");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock partitionsClock() {
            return CLOCK;
        }
    }

    @Autowired
    BillingJobLauncher launcher;

    @Autowired
    SubscriptionImporter importer;

    @Autowired
    ExecutionListing listing;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyPartitionChargesItsOwnAuthNosAndEveryDueChargeIsPaidExactlyOnce() {
        LocalDate day = LocalDate.of(2026, 11, 30);
        SANDBOX.faults().reset();
        SANDBOX.faults().latency(Duration.ofMillis(5), Duration.ofMillis(20));
        List<SubscriptionRow> rows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            rows.add(row(
                    rows, "single-" + i, SANDBOX.bindings().createGranted(299, SandboxCyclePeriod.MONTH, 1), 299, day));
        }
        for (int f = 0; f < 10; f++) { // families: three subscriptions on one auth_no
            String authNo = SANDBOX.bindings().createGranted(199, SandboxCyclePeriod.MONTH, 3);
            for (int m = 0; m < 3; m++) {
                rows.add(row(rows, "family-" + f + "-" + m, authNo, 199, day));
            }
        }
        importer.importAll(rows, "test", "partitions");
        List<Long> charges = createCharges(day);
        assertThat(charges).hasSize(rows.size());

        JobExecution execution = daily(day, "08:05");

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT status FROM charge WHERE id IN (" + ids(charges) + ")", String.class))
                .containsExactly("SUCCEEDED");
        assertPaidExactlyOnce(charges);
        assertThat(SANDBOX.ledger().overlaps()).isZero();

        // Each partition paid exactly the charges of its hash share of the auth_nos, on this node.
        Map<String, Long> paidByPartition = paidByPartition(charges);
        List<PartitionFigures> partitions =
                ExecutionFigures.of(launcher.execution(execution.getId())).partitions();
        assertThat(partitions).extracting(PartitionFigures::partition).containsExactly("p0", "p1", "p2", "p3", "p4");
        for (PartitionFigures p : partitions) {
            assertThat(p.status()).isEqualTo("COMPLETED");
            assertThat(p.node()).isEqualTo(NodeName.current());
            assertThat(p.paid()).as(p.partition()).isEqualTo(paidByPartition.getOrDefault(p.partition(), 0L));
            assertThat(p.attempts()).as(p.partition()).isGreaterThanOrEqualTo(p.paid());
            assertThat(p.durationSeconds()).isNotNull();
        }
        assertThat(partitions.stream().mapToLong(PartitionFigures::paid).sum()).isEqualTo(charges.size());
        // The listing (what `executions` prints) reads the same from the tables.
        ExecutionListing.Row listed = listing.recent(BillingJobs.DAILY, 1).get(0);
        assertThat(listed.executionId()).isEqualTo(execution.getId());
        assertThat(listed.partitions()).isEqualTo(partitions);
    }

    @Test
    void anOpenBreakerInOnePartitionStopsTheOthersAndARestartRunsOnlyTheUnfinished() {
        LocalDate day = LocalDate.of(2026, 12, 15);
        SANDBOX.faults().reset();
        SANDBOX.faults().latency(Duration.ofMillis(150));
        // No auth_no of partition 4: it has nothing to do and completes at once.
        ChargePartition empty = new ChargePartition(4, PARTITIONS);
        ChargePartition broken = new ChargePartition(0, PARTITIONS);
        List<SubscriptionRow> rows = new ArrayList<>();
        while (rows.size() < 160) {
            String authNo = SANDBOX.bindings().createGranted(299, SandboxCyclePeriod.MONTH, 1);
            if (empty.contains(authNo)) {
                continue;
            }
            if (broken.contains(authNo)) { // every charge of partition 0 is refused as a bad request
                SANDBOX.faults().resultCode(ResultCode.STORE_NOT_FOUND, FaultTarget.authNo(authNo));
            }
            rows.add(row(rows, "breaker-" + rows.size(), authNo, 299, day));
        }
        importer.importAll(rows, "test", "partitions");
        List<Long> charges = createCharges(day);
        assertThat(charges).hasSize(rows.size());

        JobExecution first = daily(day, "08:05");

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(first.getExitStatus().getExitDescription()).startsWith("circuit breaker open");
        Map<String, String> statuses = ExecutionFigures.of(launcher.execution(first.getId())).partitions().stream()
                .collect(Collectors.toMap(PartitionFigures::partition, PartitionFigures::status));
        assertThat(statuses)
                .containsEntry("p0", "FAILED")
                .containsEntry("p1", "STOPPED")
                .containsEntry("p2", "STOPPED")
                .containsEntry("p3", "STOPPED")
                .containsEntry("p4", "COMPLETED");
        long leftDue = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE status = 'DUE' AND id IN (" + ids(charges) + ")", Long.class);
        assertThat(leftDue).as("the stopped partitions left charges due").isPositive();

        SANDBOX.faults().reset();
        SANDBOX.faults().latency(Duration.ofMillis(5));
        JobExecution restarted = launcher.restart(first.getId());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(ExecutionFigures.of(launcher.execution(restarted.getId())).partitions())
                .extracting(PartitionFigures::partition)
                .containsExactly("p0", "p1", "p2", "p3");
        List<Long> outsideBroken =
                jdbc.queryForList("SELECT id, auth_no FROM charge WHERE id IN (" + ids(charges) + ")").stream()
                        .filter(r -> !broken.contains((String) r.get("auth_no")))
                        .map(r -> ((Number) r.get("id")).longValue())
                        .toList();
        assertThat(jdbc.queryForList(
                        "SELECT DISTINCT status FROM charge WHERE id IN (" + ids(outsideBroken) + ")", String.class))
                .containsExactly("SUCCEEDED");
        assertPaidExactlyOnce(charges);
        assertThat(SANDBOX.ledger().overlaps()).isZero();
    }

    private JobExecution daily(LocalDate day, String slot) {
        CLOCK.set(at(day, slot));
        return launcher.run(BillingJobs.DAILY, day, slot);
    }

    /** The nightly job of {@code day}; returns the charges it created. */
    private List<Long> createCharges(LocalDate day) {
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM charge", Long.class);
        CLOCK.set(at(day, "01:00"));
        assertThat(launcher.run(BillingJobs.NIGHTLY, day, "01:00").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        return jdbc.queryForList("SELECT id FROM charge WHERE id > ? ORDER BY id", Long.class, before);
    }

    /** Every SUCCEEDED charge of these was paid once in the ledger, and nothing else of them was. */
    private void assertPaidExactlyOnce(List<Long> charges) {
        Map<String, Long> orderToCharge = new HashMap<>();
        jdbc.query(
                "SELECT platform_order_id, charge_id FROM charge_attempt WHERE charge_id IN (" + ids(charges) + ")",
                rs -> {
                    orderToCharge.put(rs.getString(1), rs.getLong(2));
                });
        Map<Long, Long> ledgerPerCharge = SANDBOX.ledger().charges().stream()
                .filter(c -> orderToCharge.containsKey(c.platformOrderId()))
                .collect(Collectors.groupingBy(c -> orderToCharge.get(c.platformOrderId()), Collectors.counting()));
        assertThat(ledgerPerCharge.values()).allMatch(n -> n == 1);
        List<Long> succeeded = jdbc.queryForList(
                "SELECT id FROM charge WHERE status = 'SUCCEEDED' AND id IN (" + ids(charges) + ")", Long.class);
        assertThat(ledgerPerCharge.keySet()).containsExactlyInAnyOrderElementsOf(succeeded);
    }

    /** The paid charges of each partition by its name, as the hash of their auth_no assigns them. */
    private Map<String, Long> paidByPartition(List<Long> charges) {
        List<String> paidAuthNos = jdbc.queryForList(
                "SELECT auth_no FROM charge WHERE status = 'SUCCEEDED' AND id IN (" + ids(charges) + ")", String.class);
        Map<String, Long> paid = new HashMap<>();
        IntStream.range(0, PARTITIONS).forEach(i -> {
            Predicate<String> in = new ChargePartition(i, PARTITIONS)::contains;
            paid.put("p" + i, paidAuthNos.stream().filter(in).count());
        });
        return paid;
    }

    private static SubscriptionRow row(
            List<SubscriptionRow> rows, String externalId, String authNo, long amount, LocalDate day) {
        return new SubscriptionRow(
                rows.size() + 2,
                externalId,
                authNo,
                amount,
                "TWD",
                BillingPeriod.MONTH,
                day.withMonth(1),
                day,
                "Partition plan");
    }

    private static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(TAIPEI).toInstant();
    }
}
