package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.system.SimulatedClock;
import io.authpay.billing.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code run nightly-billing --dry-run} and {@code run daily-billing --dry-run} against the sandbox: they
 * change no row and send nothing, and the figures they print are what the real runs then do.
 */
class DryRunIntegrationTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    static final List<String> TABLES = List.of(
            "binding",
            "subscription",
            "charge",
            "charge_attempt",
            "refund",
            "audit_event",
            "webhook_event",
            "BATCH_JOB_EXECUTION",
            "BATCH_STEP_EXECUTION");

    @TempDir
    Path dir;

    final TestDatabase.Database database = TestDatabase.newDatabase();
    final SimulatedClock sandboxClock = SimulatedClock.startingAt(at("00:30"), TAIPEI);
    // every third charge is paid partly with coins and coupons: the settlement must tell them apart
    final AuthPaySandbox sandbox =
            AuthPaySandbox.builder().clock(sandboxClock).redeemEvery(3).build().start();

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void dryRunsChangeNothingAndForetellTheRealRuns() throws Exception {
        importSubscriptions();
        JdbcTemplate jdbc = jdbc();

        Map<String, Long> before = counts(jdbc);
        int requestsBefore = sandbox.ledger().requests().size();
        String nightly = cli("01:00", "run", "nightly-billing", "--dry-run", "--date", DAY.toString());
        assertThat(counts(jdbc)).isEqualTo(before);
        assertThat(sandbox.ledger().requests()).hasSize(requestsBefore);

        Matcher n = Pattern.compile("^nightly-billing dry run for 2026-12-01: would create (\\d+) charges, (\\d+) TWD,"
                        + " and refresh (\\d+) bindings")
                .matcher(nightly);
        assertThat(n.find()).as(nightly).isTrue();
        assertThat(nightly).contains("MONTH", "Gold monthly", "QUARTER", "Silver quarterly");
        assertThat(cliCode("01:00", "run", "nightly-billing", "--date", DAY.toString(), "--slot", "01:00"))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge", Long.class))
                .isEqualTo(Long.parseLong(n.group(1)))
                .isEqualTo(12);
        assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM charge", Long.class))
                .isEqualTo(Long.parseLong(n.group(2)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM binding WHERE refreshed_at IS NOT NULL", Long.class))
                .isEqualTo(Long.parseLong(n.group(3)));

        before = counts(jdbc);
        requestsBefore = sandbox.ledger().requests().size();
        String shut = cli("07:00", "run", "daily-billing", "--dry-run");
        assertThat(shut.lines().findFirst().orElseThrow())
                .startsWith(
                        "daily-billing dry run for 2026-12-01: would attempt 0 charges, 0 TWD (the billing window is shut");
        String daily = cli("10:00", "run", "daily-billing", "--dry-run", "--date", DAY.toString());
        assertThat(counts(jdbc)).isEqualTo(before);
        assertThat(sandbox.ledger().requests()).hasSize(requestsBefore);
        Matcher d = Pattern.compile(
                        "^daily-billing dry run for 2026-12-01: would attempt (\\d+) charges, (\\d+) TWD\\n")
                .matcher(daily);
        assertThat(d.find()).as(daily).isTrue();
        assertThat(daily).contains("shared auth_nos (their charges go one after another): 2");
        assertThat(cliCode("10:00", "run", "daily-billing", "--date", DAY.toString(), "--past", "x"))
                .as("a bad option is refused")
                .isEqualTo(2);

        sandboxClock.set(at("10:00"));
        assertThat(cliCode("10:00", "run", "daily-billing", "--date", DAY.toString(), "--slot", "10:00"))
                .isZero();
        List<SandboxLedger.Charge> charged = sandbox.ledger().charges();
        assertThat(charged).hasSize(Integer.parseInt(d.group(1)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge_attempt", Long.class))
                .isEqualTo(Long.parseLong(d.group(1)));
        assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM charge_attempt", Long.class))
                .isEqualTo(Long.parseLong(d.group(2)));

        assertThat(cliCode("10:05", "run", "daily-billing", "--dry-run", "--date", "2026-11-30"))
                .as("a past day is refused")
                .isEqualTo(2);

        // Settlement: what the report says was paid, by wallet and by coins and coupons, and refunded, is
        // what the sandbox's ledger took and gave back. The sandbox redeemed on every third charge; one
        // order not redeemed is refunded in part, one redeemed order in full (coins and coupons given back).
        assertThat(charged).filteredOn(c -> c.redeemed().total() > 0).hasSize(4);
        String order = charged.get(0).platformOrderId();
        assertThat(charged.get(0).redeemed()).isEqualTo(SandboxLedger.Redemption.NONE);
        assertThat(cliCode("10:20", "refund", order, "--amount", "100")).isZero();
        SandboxLedger.Charge redeemed = charged.get(2);
        assertThat(redeemed.redeemed().total()).isPositive();
        assertThat(cliCode(
                        "10:21", "refund", redeemed.platformOrderId(), "--amount", String.valueOf(redeemed.amount())))
                .isZero();
        String json = cli("10:30", "report", "--date", DAY.toString(), "--format", "json", "--section", "settlement");
        tools.jackson.databind.JsonNode day = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(json)
                .get("settlement")
                .get(0);
        List<SandboxLedger.Charge> paid = sandbox.ledger().charges();
        List<SandboxLedger.Refund> refunds = sandbox.ledger().refunds();
        long ledgerCharged =
                paid.stream().mapToLong(SandboxLedger.Charge::amount).sum();
        long ledgerRefunded =
                refunds.stream().mapToLong(SandboxLedger.Refund::amount).sum();
        assertThat(ledgerRefunded).isEqualTo(100 + redeemed.amount());
        assertThat(day.get("date").asString()).isEqualTo("2026-12-01");
        assertThat(day.get("payments").asLong()).isEqualTo(charged.size());
        assertThat(day.get("charged").asLong()).isEqualTo(ledgerCharged);
        assertThat(day.get("debit_amount").asLong())
                .isEqualTo(paid.stream()
                        .mapToLong(SandboxLedger.Charge::debitAmount)
                        .sum())
                .isLessThan(ledgerCharged);
        assertThat(day.get("redeem_amount").asLong())
                .isEqualTo(paid.stream().mapToLong(c -> c.redeemed().total()).sum());
        assertThat(day.get("jko_coin_amount").asLong())
                .isEqualTo(paid.stream()
                        .mapToLong(c -> c.redeemed().jkoCoinAmount())
                        .sum())
                .isPositive();
        assertThat(day.get("official_coupon_amount").asLong())
                .isEqualTo(paid.stream()
                        .mapToLong(c -> c.redeemed().officialCouponAmount())
                        .sum())
                .isPositive();
        assertThat(day.get("store_coupon_amount").asLong())
                .isEqualTo(paid.stream()
                        .mapToLong(c -> c.redeemed().storeCouponAmount())
                        .sum())
                .isPositive();
        assertThat(day.get("refunds").asLong()).isEqualTo(refunds.size());
        assertThat(day.get("refunded").asLong()).isEqualTo(ledgerRefunded);
        assertThat(day.get("refund_debit_amount").asLong())
                .isEqualTo(refunds.stream()
                        .mapToLong(SandboxLedger.Refund::debitAmount)
                        .sum());
        assertThat(day.get("refund_redeem_amount").asLong())
                .isEqualTo(refunds.stream().mapToLong(r -> r.redeemed().total()).sum())
                .isEqualTo(redeemed.redeemed().total());
        assertThat(day.get("refund_jko_coin_amount").asLong())
                .isEqualTo(refunds.stream()
                        .mapToLong(r -> r.redeemed().jkoCoinAmount())
                        .sum())
                .isPositive();
        assertThat(day.get("refund_official_coupon_amount").asLong())
                .isEqualTo(refunds.stream()
                        .mapToLong(r -> r.redeemed().officialCouponAmount())
                        .sum());
        assertThat(day.get("refund_store_coupon_amount").asLong())
                .isEqualTo(refunds.stream()
                        .mapToLong(r -> r.redeemed().storeCouponAmount())
                        .sum());
        assertThat(day.get("net").asLong()).isEqualTo(ledgerCharged - ledgerRefunded);
        assertThat(day.get("net_debit_amount").asLong())
                .isEqualTo(paid.stream()
                                .mapToLong(SandboxLedger.Charge::debitAmount)
                                .sum()
                        - refunds.stream()
                                .mapToLong(SandboxLedger.Refund::debitAmount)
                                .sum());
        // the refund.succeeded event says how the redeemed order's refund was given back, as JKoPay answered
        SandboxLedger.Redemption givenBack =
                sandbox.ledger().refundsFor(redeemed.platformOrderId()).get(0).redeemed();
        tools.jackson.databind.JsonNode event = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(jdbc.queryForObject(
                        "SELECT payload FROM webhook_event WHERE type = 'refund.succeeded' AND payload LIKE ?",
                        String.class,
                        "%" + redeemed.platformOrderId() + "%"))
                .get("data")
                .get("refund");
        assertThat(event.get("redeem_amount").asLong()).isEqualTo(givenBack.total());
        assertThat(event.get("redeem_detail").get("jko_coin_amount").asLong()).isEqualTo(givenBack.jkoCoinAmount());
        assertThat(event.get("redeem_detail").get("official_coupon_amount").asLong())
                .isEqualTo(givenBack.officialCouponAmount());
        assertThat(event.get("redeem_detail").get("store_coupon_amount").asLong())
                .isEqualTo(givenBack.storeCouponAmount());
        assertThat(cli("10:30", "report", "--date", DAY.toString(), "--section", "settlement"))
                .contains(
                        "Settlement per day",
                        "JKO_COIN_AMOUNT",
                        "STORE_COUPON_AMOUNT",
                        String.valueOf(ledgerCharged - ledgerRefunded));
    }

    private Map<String, Long> counts(JdbcTemplate jdbc) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        counts.put(
                "updated",
                jdbc.queryForObject("SELECT COALESCE(SUM(UNIX_TIMESTAMP(updated_at)), 0) FROM charge", Long.class));
        return counts;
    }

    private void importSubscriptions() throws Exception {
        StringBuilder csv = new StringBuilder("external_id,auth_no,amount,currency,period,anchor_date,trade_name\n");
        // two auth_nos with three subscriptions each, and six of their own
        for (int i = 0; i < 2; i++) {
            String shared = sandbox.bindings().createGranted(300, SandboxCyclePeriod.MONTH, 3);
            for (int m = 0; m < 3; m++) {
                csv.append("s-%d-%d,%s,300,TWD,MONTH,2026-11-01,Gold monthly\n".formatted(i, m, shared));
            }
        }
        for (int i = 0; i < 6; i++) {
            String own = sandbox.bindings().createGranted(900, SandboxCyclePeriod.MONTH, 1);
            csv.append("q-%d,%s,900,TWD,QUARTER,2026-09-01,Silver quarterly\n".formatted(i, own));
        }
        Path file = dir.resolve("subscriptions.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        assertThat(cliCode("00:30", "subscriptions", "import", file.toString())).isZero();
    }

    private String cli(String time, String... args) {
        StringWriter out = new StringWriter();
        int code = run(time, out, args);
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }

    private int cliCode(String time, String... args) {
        return run(time, new StringWriter(), args);
    }

    private int run(String time, StringWriter out, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--billing.clock.start=" + at(time),
                "--billing.authpay.base-url=" + sandbox.baseUrl(),
                "--billing.authpay.api-key=sandbox-api-key",
                "--billing.authpay.secret-key=sandbox-secret",
                "--billing.authpay.store-id=sandbox-store"));
        StringWriter err = new StringWriter();
        int code = BillingCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        System.out.print(out);
        System.out.print(err);
        return code;
    }

    private JdbcTemplate jdbc() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(database.url());
        ds.setUsername(database.user());
        ds.setPassword(database.password());
        ds.setMaximumPoolSize(2);
        return new JdbcTemplate(ds);
    }

    private static Instant at(String time) {
        return DAY.atTime(LocalTime.parse(time)).atZone(TAIPEI).toInstant();
    }
}
