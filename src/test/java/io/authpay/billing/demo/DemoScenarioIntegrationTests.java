package io.authpay.billing.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.report.BillingReport;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.SimulatedClock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The demo's scenario, run as the demo runs it: the report's figures are the database's and the ledger's. */
class DemoScenarioIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    @Test
    void theReportSaysWhatTheDatabaseAndTheSandboxLedgerSay() throws Exception {
        SimulatedClock clock = SimulatedClock.startingAt(
                DAY.atTime(LocalTime.of(0, 55)).atZone(TAIPEI).toInstant(), TAIPEI);
        try (AuthPaySandbox sandbox = Demo.sandbox(clock).build().start();
                LocalSetup local = LocalSetup.start(
                        sandbox,
                        clock,
                        List.of("--billing.authpay.connect-timeout=1s", "--billing.authpay.response-timeout=2s"))) {
            Demo demo = new Demo(local.context(), sandbox, DAY, 7);
            demo.seed();
            BillingJobLauncher launcher = local.context().getBean(BillingJobLauncher.class);
            for (Demo.Run run : demo.runs()) {
                clock.set(run.at());
                launcher.run(run.job(), run.date(), run.slot());
            }

            // from a month back: the late subscriptions' charges were due then
            BillingReport report = demo.billingReport(DAY.minusMonths(1));
            JdbcTemplate jdbc = local.context().getBean(JdbcTemplate.class);
            long ledgerTotal = sandbox.ledger().charges().stream()
                    .mapToLong(SandboxLedger.Charge::amount)
                    .sum();

            assertThat(report.summary().chargesPaid())
                    .isEqualTo(count(jdbc, "SELECT COUNT(*) FROM charge WHERE status = 'SUCCEEDED'"))
                    .isEqualTo(sandbox.ledger().charges().size());
            assertThat(report.summary().paidAmount())
                    .isEqualTo(count(jdbc, "SELECT SUM(amount) FROM charge WHERE status = 'SUCCEEDED'"))
                    .isEqualTo(ledgerTotal);
            assertThat(report.summary().chargesDue()).isEqualTo(count(jdbc, "SELECT COUNT(*) FROM charge"));
            assertThat(report.summary().attempts()).isEqualTo(count(jdbc, "SELECT COUNT(*) FROM charge_attempt"));
            Map<String, Long> byOutcome = new HashMap<>();
            jdbc.query("SELECT outcome, COUNT(*) FROM charge_attempt GROUP BY outcome", rs -> {
                byOutcome.put(rs.getString(1), rs.getLong(2));
            });
            Map<String, Long> reported = new HashMap<>();
            report.outcomes().stream().filter(o -> o.count() > 0).forEach(o -> reported.put(o.outcome(), o.count()));
            assertThat(reported).isEqualTo(byOutcome);
            // the scenario's trouble shows: declines, the repriced plan, 307s, answers lost and settled by inquiry
            assertThat(byOutcome).containsKeys("SUCCEEDED", "SOFT_DECLINE", "AMOUNT_MISMATCH", "BUSY_AUTH");
            assertThat(count(jdbc, "SELECT COUNT(*) FROM charge_attempt WHERE settled_by = 'INQUIRY'"))
                    .isPositive();
            assertThat(report.review())
                    .extracting(BillingReport.ReviewCharge::lastResultCode)
                    .contains("304");
            assertThat(demo.ledgerCheck()).contains("They agree");
            // settlement: the wallet's part and the coins and coupons, whether the transaction answer or an
            // inquiry (after a lost answer) said them, are what the sandbox's ledger did
            List<SandboxLedger.Charge> paid = sandbox.ledger().charges();
            assertThat(paid).anyMatch(c -> c.redeemed().total() > 0);
            assertThat(report.settlement().stream()
                            .mapToLong(BillingReport.SettlementDay::debit)
                            .sum())
                    .isEqualTo(paid.stream()
                            .mapToLong(SandboxLedger.Charge::debitAmount)
                            .sum());
            assertThat(report.settlement().stream()
                            .mapToLong(BillingReport.SettlementDay::redeem)
                            .sum())
                    .isEqualTo(
                            paid.stream().mapToLong(c -> c.redeemed().total()).sum())
                    .isPositive();
            assertThat(report.settlement().stream()
                            .mapToLong(BillingReport.SettlementDay::jkoCoins)
                            .sum())
                    .isEqualTo(paid.stream()
                            .mapToLong(c -> c.redeemed().jkoCoinAmount())
                            .sum());
            assertThat(report.settlement().stream()
                            .mapToLong(d -> d.officialCoupons() + d.storeCoupons())
                            .sum())
                    .isEqualTo(paid.stream()
                            .mapToLong(c -> c.redeemed().officialCouponAmount()
                                    + c.redeemed().storeCouponAmount())
                            .sum());
        }
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
