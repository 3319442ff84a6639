package io.authpay.billing.demo;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.report.BillingReport;
import io.authpay.billing.report.BillingReports;
import io.authpay.billing.report.ReportFormat;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.SubscriptionRow;
import io.authpay.billing.system.SimulatedClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo's day: the sandbox, the merchant's subscriptions, the job runs of a billing day and the
 * next (whose retries the first one scheduled), and the closing figures checked against the sandbox's
 * ledger.
 */
public final class Demo {

    /** Short, so the demo's lost answers turn UNKNOWN quickly and are settled by inquiry. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /** Every fifth charge is paid partly with JKO coins and coupons, so that the settlement shows them. */
    public static final int REDEEM_EVERY = 5;

    private final ConfigurableApplicationContext context;
    private final AuthPaySandbox sandbox;
    private final LocalDate day;
    private final long seed;

    public Demo(ConfigurableApplicationContext context, AuthPaySandbox sandbox, LocalDate day, long seed) {
        this.context = context;
        this.sandbox = sandbox;
        this.day = day;
        this.seed = seed;
    }

    /** The demo's sandbox: the local one, redeeming coins and coupons on every {@value #REDEEM_EVERY}th charge. */
    public static AuthPaySandbox.Builder sandbox(SimulatedClock clock) {
        return LocalSetup.sandbox(clock).redeemEvery(REDEEM_EVERY);
    }

    /** One job run of the demo. */
    public record Run(String job, LocalDate date, String slot, Instant at) {}

    /** Seeds the sandbox and the database; returns a line saying what was seeded. */
    public String seed() {
        sandbox.faults().latency(Duration.ofMillis(30), Duration.ofMillis(120));
        List<SubscriptionRow> rows = DemoScenario.seed(sandbox, day, seed);
        context.getBean(SubscriptionImporter.class).importAll(rows, "demo", "demo scenario");
        long bindings = rows.stream().map(SubscriptionRow::authNo).distinct().count();
        return "seeded " + rows.size() + " subscriptions on " + bindings + " bindings; billing day " + day;
    }

    /**
     * The runs of the billing day and of the next, in order: the 08:35 sweeps pick up what the 08:05 runs
     * scheduled (a lost answer's inquiry, yesterday's declines due again a day later).
     */
    public List<Run> runs() {
        LocalDate next = day.plusDays(1);
        return List.of(
                run(BillingJobs.NIGHTLY, day, "01:00"),
                run(BillingJobs.DAILY, day, "08:05"),
                run(BillingJobs.DAILY, day, "08:35"),
                run(BillingJobs.NIGHTLY, next, "01:00"),
                run(BillingJobs.DAILY, next, "08:05"),
                run(BillingJobs.DAILY, next, "08:35"));
    }

    private static Run run(String job, LocalDate date, String slot) {
        return new Run(
                job,
                date,
                slot,
                date.atTime(LocalTime.parse(slot)).atZone(TAIPEI).toInstant());
    }

    /** The report from {@code from} through the demo's second day. */
    public BillingReport billingReport(LocalDate from) {
        return context.getBean(BillingReports.class).forRange(from, day.plusDays(1));
    }

    /**
     * The closing figures: the report as a table, the HTML report written to {@code htmlFile}, and the
     * database checked against the sandbox's ledger.
     */
    public String report(Path htmlFile) throws IOException {
        BillingReports reports = context.getBean(BillingReports.class);
        BillingReport report = billingReport(day);
        Files.createDirectories(htmlFile.toAbsolutePath().getParent());
        Files.writeString(htmlFile, reports.render(report, ReportFormat.html, null), StandardCharsets.UTF_8);
        return reports.render(report, ReportFormat.table, null)
                + System.lineSeparator()
                + ledgerCheck()
                + System.lineSeparator()
                + "HTML report: " + htmlFile.toAbsolutePath()
                + System.lineSeparator();
    }

    /** The database against the sandbox's ledger: every paid charge charged exactly once, nothing else. */
    public String ledgerCheck() {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        long paidInDb = jdbc.queryForObject(
                "SELECT COALESCE(SUM(amount), 0) FROM charge WHERE status = 'SUCCEEDED'", Long.class);
        long paidCount = jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE status = 'SUCCEEDED'", Long.class);
        Map<String, Long> chargeOfOrder = new HashMap<>();
        jdbc.query("SELECT platform_order_id, charge_id FROM charge_attempt", rs -> {
            chargeOfOrder.put(rs.getString(1), rs.getLong(2));
        });
        Map<Long, Long> ledgerPerCharge = sandbox.ledger().charges().stream()
                .collect(Collectors.groupingBy(
                        c -> chargeOfOrder.getOrDefault(c.platformOrderId(), -1L), Collectors.counting()));
        boolean once = ledgerPerCharge.values().stream().allMatch(n -> n == 1) && !ledgerPerCharge.containsKey(-1L);
        long ledgerAmount = sandbox.ledger().totalCharged();
        // how it was paid: what JKoPay's answers said (stored on the paid attempts) against what the sandbox did
        Map<String, Object> split = jdbc.queryForMap("SELECT COALESCE(SUM(debit_amount), 0) AS debit,"
                + " COALESCE(SUM(redeem_amount), 0) AS redeem FROM charge_attempt WHERE outcome = 'SUCCEEDED'");
        long debitInDb = ((Number) split.get("debit")).longValue();
        long redeemInDb = ((Number) split.get("redeem")).longValue();
        long ledgerDebit = sandbox.ledger().charges().stream()
                .mapToLong(SandboxLedger.Charge::debitAmount)
                .sum();
        long ledgerRedeem = ledgerAmount - ledgerDebit;
        boolean agree = once
                && paidCount == ledgerPerCharge.size()
                && paidInDb == ledgerAmount
                && debitInDb == ledgerDebit
                && redeemInDb == ledgerRedeem;
        // The report counts charges by billing date (the range); the ledger holds every charge the sandbox
        // took, whatever its billing date (a subscription catching up pays an older period too). Say both.
        Map<String, Object> inRange = jdbc.queryForMap(
                "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount FROM charge"
                        + " WHERE status = 'SUCCEEDED' AND billing_date BETWEEN ? AND ?",
                day,
                day.plusDays(1));
        long inRangeCount = ((Number) inRange.get("n")).longValue();
        long inRangeAmount = ((Number) inRange.get("amount")).longValue();
        return ("Database against the sandbox's ledger, every billing date: %d charges paid, TWD %,d in the"
                        + " database; %d charges, TWD %,d in the ledger. Paid from wallets TWD %,d and with JKO"
                        + " coins and coupons TWD %,d in the database; TWD %,d and TWD %,d in the ledger. %s%n"
                        + "Of those, %d charges (TWD %,d) have their billing date in %s..%s: the report's"
                        + " charges_paid and paid_amount; %d (TWD %,d) are earlier periods paid in these runs."
                        + " Attempt figures (attempts_*, outcomes, by_day) count attempts by the day they were"
                        + " made, whatever the charge's billing date.")
                .formatted(
                        paidCount,
                        paidInDb,
                        sandbox.ledger().charges().size(),
                        ledgerAmount,
                        debitInDb,
                        redeemInDb,
                        ledgerDebit,
                        ledgerRedeem,
                        agree ? "They agree: every paid charge was charged exactly once." : "THEY DISAGREE.",
                        inRangeCount,
                        inRangeAmount,
                        day,
                        day.plusDays(1),
                        paidCount - inRangeCount,
                        paidInDb - inRangeAmount);
    }
}
