package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.authpay.ChargeRequest;
import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.charge.AttemptTotals;
import io.authpay.billing.charge.AttemptTotalsCheck;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole billing day through the real jobs: 500 subscriptions (50 of them on 10 shared bindings) with
 * scripted 307s, a 306, a 305 whose earlier attempt was in fact paid, a 304, a 302, 115s and answers lost
 * after the charge took effect; nightly, daily, and the follow-up runs the policy implies. The sandbox's
 * ledger must show every due period charged exactly once, never two calls at once on one auth_no, and
 * every charge in the state the policy table gives it.
 */
@Import(BillingDayScenarioIntegrationTests.Clocks.class)
class BillingDayScenarioIntegrationTests extends DatabaseIntegrationTest {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    static final SimulatedClock CLOCK = SimulatedClock.startingAt(at(DAY, "00:55"), TAIPEI);
    static final AuthPaySandbox SANDBOX =
            AuthPaySandbox.builder().clock(CLOCK).build().start();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("billing.authpay.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("billing.authpay.api-key", () -> "sandbox-api-key");
        registry.add("billing.authpay.secret-key", () -> "sandbox-secret");
        registry.add("billing.authpay.store-id", () -> "sandbox-store");
        registry.add("billing.authpay.connect-timeout", () -> "1s");
        registry.add("billing.authpay.response-timeout", () -> "1s");
        registry.add("billing.charge.concurrency", () -> "16");
        registry.add("billing.retry.busy-backoff", () -> "100ms,200ms,400ms,800ms");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock scenarioClock() {
            return CLOCK;
        }
    }

    @Autowired
    BillingJobLauncher launcher;

    @Autowired
    SubscriptionImporter importer;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AttemptTotals attemptTotals;

    @Autowired
    ObjectProvider<AuthPayClient> gateway;

    final Map<String, String> expected = new HashMap<>(); // external_id -> expected final charge status
    final List<SubscriptionRow> rows = new ArrayList<>();

    @Test
    void everyDuePeriodIsChargedExactlyOnceAndEndsWhereThePolicySays() {
        SANDBOX.faults().latency(Duration.ofMillis(5), Duration.ofMillis(25));
        // 450 subscriptions with a binding each
        List<String> singles = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            String authNo = SANDBOX.bindings().createGranted(299, SandboxCyclePeriod.MONTH, 1);
            singles.add(authNo);
            add("single-" + i, authNo, 299, "SUCCEEDED");
        }
        // 50 on 10 shared bindings; two of the families get a burst of scripted 307s
        for (int f = 0; f < 10; f++) {
            String authNo = SANDBOX.bindings().createGranted(199, SandboxCyclePeriod.MONTH, 5);
            for (int m = 0; m < 5; m++) {
                add("family-" + f + "-" + m, authNo, 199, "SUCCEEDED");
            }
            if (f < 2) {
                SANDBOX.faults()
                        .resultCode(
                                ResultCode.AUTH_NO_BUSY,
                                FaultTarget.authNo(authNo).times(3));
            }
        }
        String outside = singles.get(0); // 306 once: deferred to the next 08:00, then paid
        SANDBOX.faults()
                .resultCode(
                        ResultCode.OUTSIDE_WINDOW, FaultTarget.authNo(outside).times(1));
        String declined = singles.get(1); // 115 every time: dunning 1d, 3d, 5d, then FAILED
        SANDBOX.faults().resultCode(ResultCode.PAYMENT_FAILED, FaultTarget.authNo(declined));
        expected.put("single-1", "FAILED");
        String lostAnswer = singles.get(2); // paid, but the answer never came: inquiry settles it
        SANDBOX.faults()
                .timeoutAfterCharge(
                        Duration.ofSeconds(2), FaultTarget.authNo(lostAnswer).times(1));
        String unbound = singles.get(3); // 302: the customer unbinds between the nightly and the daily run
        expected.put("single-3", "CANCELED");
        String repriced =
                SANDBOX.bindings().createGranted(299, SandboxCyclePeriod.MONTH, 1); // approved 299, billed 399
        add("repriced", repriced, 399, "NEEDS_REVIEW");
        importer.importAll(rows, "test", "scenario");

        // nightly at 01:00
        CLOCK.set(at(DAY, "01:00"));
        assertThat(launcher.run(BillingJobs.NIGHTLY, DAY, "01:00").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(count("SELECT COUNT(*) FROM charge WHERE status = 'DUE'")).isEqualTo(rows.size());

        // a 305 whose earlier attempt was in fact paid: attempt 1 was recorded as declined, but JKoPay took it
        String paidEarlier = singles.get(4);
        long paidEarlierCharge = chargeOf("single-4");
        String firstOrder = "scenario-paid-earlier-1";
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, settled_by, requested_at, completed_at) VALUES (?, 1, ?, ?, 299, 'SOFT_DECLINE',"
                        + " '115', 'RESPONSE', '2026-11-29 00:30:00', '2026-11-29 00:30:01')",
                paidEarlierCharge,
                firstOrder,
                paidEarlier);
        jdbc.update(
                "UPDATE charge SET attempts = 1, dunning_attempts = 1, status = 'RETRY_SCHEDULED' WHERE id = ?",
                paidEarlierCharge);
        attemptTotals.recount(); // the attempt above was written by hand, as an operator's fix would be
        CLOCK.set(at(DAY, "07:59"));
        assertThat(gateway.getObject()
                        .charge(new ChargeRequest(paidEarlier, firstOrder, "Plan", 299))
                        .code())
                .isEqualTo("306"); // JKoPay's window is closed: pay it at 08:00 below
        CLOCK.set(at(DAY, "08:00"));
        assertThat(gateway.getObject()
                        .charge(new ChargeRequest(paidEarlier, firstOrder, "Plan", 299))
                        .succeeded())
                .isTrue();
        SANDBOX.bindings().cancelByUser(unbound);

        // daily at 08:05, a sweep at 08:35
        CLOCK.set(at(DAY, "08:05"));
        assertThat(launcher.run(BillingJobs.DAILY, DAY, "08:05").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        CLOCK.set(at(DAY, "08:35"));
        assertThat(launcher.run(BillingJobs.DAILY, DAY, "08:35").getStatus()).isEqualTo(BatchStatus.COMPLETED);

        assertThat(statusOf("single-0")).isEqualTo("RETRY_SCHEDULED"); // 306: tomorrow 08:00
        assertThat(statusOf("single-1")).isEqualTo("RETRY_SCHEDULED"); // 115: dunning, 1 day later
        assertThat(statusOf("single-2")).isEqualTo("SUCCEEDED"); // lost answer, settled by inquiry
        assertThat(statusOf("single-4")).isEqualTo("SUCCEEDED"); // 305 settled by the earlier paid attempt
        assertThat(lastCode("single-4")).isEqualTo("305");
        assertThat(statusOf("repriced")).isEqualTo("NEEDS_REVIEW");
        assertThat(lastCode("repriced")).isEqualTo("304");
        assertThat(statusOf("single-3")).isEqualTo("CANCELED");
        assertThat(lastCode("single-3")).isEqualTo("302");
        assertThat(subscriptionStatus("single-3")).isEqualTo("AUTH_REVOKED");

        // the follow-up runs, as the schedule has them (nightly, then half-hourly sweeps), until the dunning
        // schedule (1d, 3d, 5d after each attempt) has run out
        for (int d = 1; d <= 10; d++) {
            LocalDate day = DAY.plusDays(d);
            CLOCK.set(at(day, "01:00"));
            launcher.run(BillingJobs.NIGHTLY, day, "01:00");
            for (String sweep : List.of("08:35", "09:05")) {
                CLOCK.set(at(day, sweep));
                launcher.run(BillingJobs.DAILY, day, sweep);
            }
        }

        assertThat(statusOf("single-0")).isEqualTo("SUCCEEDED");
        assertThat(statusOf("single-1")).isEqualTo("FAILED");
        assertThat(subscriptionStatus("single-1")).isEqualTo("PAST_DUE");
        assertThat(count("SELECT dunning_attempts FROM charge WHERE id = " + chargeOf("single-1")))
                .isEqualTo(3);

        // every charge where the policy table puts it
        Map<String, String> actual = jdbc.query(
                "SELECT s.external_id, c.status FROM charge c JOIN subscription s ON s.id = c.subscription_id"
                        + " WHERE c.period_key = '2026-11'",
                rs -> {
                    Map<String, String> m = new HashMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getString(2));
                    }
                    return m;
                });
        assertThat(actual).isEqualTo(expected);

        // the ledger: every paid November charge exactly once, nothing else, never two calls at once
        Map<String, Long> orderToCharge = jdbc.query("SELECT platform_order_id, charge_id FROM charge_attempt", rs -> {
            Map<String, Long> m = new HashMap<>();
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
            return m;
        });
        Map<Long, Long> ledgerChargesPerCharge = SANDBOX.ledger().charges().stream()
                .collect(Collectors.groupingBy(c -> orderToCharge.get(c.platformOrderId()), Collectors.counting()));
        assertThat(ledgerChargesPerCharge).doesNotContainKey(null);
        assertThat(ledgerChargesPerCharge.values()).allMatch(n -> n == 1);
        List<Long> succeeded = jdbc.queryForList("SELECT id FROM charge WHERE status = 'SUCCEEDED'", Long.class);
        assertThat(ledgerChargesPerCharge.keySet()).containsExactlyInAnyOrderElementsOf(succeeded);
        assertThat(SANDBOX.ledger().overlaps()).isZero();
        AttemptTotalsCheck.assertEqualToARecount(jdbc);
        long paidAmount = SANDBOX.ledger().charges().stream()
                .mapToLong(SandboxLedger.Charge::amount)
                .sum();
        assertThat(paidAmount)
                .isEqualTo(count("SELECT COALESCE(SUM(amount), 0) FROM charge WHERE status = 'SUCCEEDED'"));
    }

    private void add(String externalId, String authNo, long amount, String expectedStatus) {
        rows.add(new SubscriptionRow(
                rows.size() + 2,
                externalId,
                authNo,
                amount,
                "TWD",
                BillingPeriod.MONTH,
                LocalDate.of(2026, 1, 30),
                DAY,
                "Scenario plan"));
        expected.putIfAbsent(externalId, expectedStatus);
    }

    private long chargeOf(String externalId) {
        return jdbc.queryForObject(
                "SELECT c.id FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE s.external_id = ?"
                        + " AND c.period_key = '2026-11'",
                Long.class,
                externalId);
    }

    private String statusOf(String externalId) {
        return jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeOf(externalId));
    }

    private String lastCode(String externalId) {
        return jdbc.queryForObject(
                "SELECT last_result_code FROM charge WHERE id = ?", String.class, chargeOf(externalId));
    }

    private String subscriptionStatus(String externalId) {
        return jdbc.queryForObject("SELECT status FROM subscription WHERE external_id = ?", String.class, externalId);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(TAIPEI).toInstant();
    }
}
