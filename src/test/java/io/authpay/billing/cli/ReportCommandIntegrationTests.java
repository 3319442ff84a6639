package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.system.DbTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report command end to end: options, output files, exit codes. The figures themselves are checked in
 * {@code report.ReportFiguresIntegrationTests}; here a small seed only shows they reach the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandIntegrationTests {

    final CliRun cli = new CliRun();
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    /**
     * 2026-03-02 in Taipei: two charges due (499 paid, 1200 declined), two attempts; an attempt at
     * 2026-03-01T15:59:59Z belongs to the 1st and is not counted.
     */
    @BeforeAll
    void seed() {
        assertThat(cli.run("report", "--date", "2026-01-01").exitCode()).isZero(); // migrates the schema
        jdbc = cli.jdbc();
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at) VALUES ('R1', NOW(6), NOW(6))");
        jdbc.update("INSERT INTO subscription (id, external_id, auth_no, amount, period, anchor_date,"
                + " next_billing_date, trade_name, created_at, updated_at) VALUES (1, 'cmd-1', 'R1', 499, 'MONTH',"
                + " '2026-03-02', '2026-04-02', 'A', NOW(6), NOW(6)), (2, 'cmd-2', 'R1', 1200, 'MONTH', '2026-03-02',"
                + " '2026-04-02', '月費, \"B\"', NOW(6), NOW(6))");
        jdbc.update("INSERT INTO charge (id, subscription_id, period_key, billing_date, auth_no, amount, trade_name,"
                + " status, created_at, updated_at) VALUES (1, 1, '2026-03', '2026-03-02', 'R1', 499, 'A', 'SUCCEEDED',"
                + " NOW(6), NOW(6)), (2, 2, '2026-03', '2026-03-02', 'R1', 1200, '月費, \"B\"', 'RETRY_SCHEDULED',"
                + " NOW(6), NOW(6))");
        attempt(1, 1, "2026-03-02T01:00:00Z", "SUCCEEDED", "000", 499L, 80);
        attempt(2, 1, "2026-03-02T01:05:00Z", "SOFT_DECLINE", "104", null, 95);
        attempt(2, 2, "2026-03-01T15:59:59Z", "SOFT_DECLINE", "121", null, 70);
    }

    private void attempt(long charge, int no, String at, String outcome, String code, Long paid, int latency) {
        jdbc.update(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, final_price, debit_amount, requested_at, latency_ms)"
                        + " VALUES (?, ?, ?, 'R1', ?, ?, ?, ?, ?, ?, ?)",
                charge,
                no,
                "o-" + charge + "-" + no,
                charge == 1 ? 499 : 1200,
                outcome,
                code,
                paid,
                paid,
                DbTime.utc(Instant.parse(at)),
                latency);
        // counted as the run that wrote it would have (sql/V12): the report reads these totals
        new io.authpay.billing.charge.AttemptTotals(jdbc)
                .added(io.authpay.billing.charge.AttemptTotals.Attempts.byPlatformOrderIds(
                        java.util.List.of("o-" + charge + "-" + no)));
    }

    @Test
    void jsonOfADayPrintsItsFigures() {
        CliRun.Result result = cli.run("report", "--date", "2026-03-02", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(result.out());
        assertThat(json.get("from").asString()).isEqualTo("2026-03-02");
        assertThat(json.get("summary").get("charges_due").asLong()).isEqualTo(2);
        assertThat(json.get("summary").get("charges_paid").asLong()).isEqualTo(1);
        assertThat(json.get("summary").get("success_rate_percent").decimalValue())
                .isEqualByComparingTo("50.0");
        assertThat(json.get("summary").get("attempts").asLong()).isEqualTo(2);
        assertThat(json.get("latency").get("max_ms").asLong()).isEqualTo(95);
    }

    @Test
    void recountCountsAnAttemptWrittenByHand() {
        // an operator's fix in SQL: the attempt is in the table, not in the totals the report reads
        jdbc.update("INSERT INTO charge (id, subscription_id, period_key, billing_date, auth_no, amount, trade_name,"
                + " status, created_at, updated_at) VALUES (3, 1, '2026-04', '2026-04-02', 'R1', 499, 'A', 'SUCCEEDED',"
                + " NOW(6), NOW(6))");
        jdbc.update("INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                + " result_code, final_price, debit_amount, requested_at, latency_ms)"
                + " VALUES (3, 1, 'o-3-1', 'R1', 499, 'SUCCEEDED', '000', 499, 499, '2026-04-02 01:00:00', 60)");
        CliRun.Result before = cli.run("report", "--date", "2026-04-02", "--format", "json");
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(before.out())
                        .get("summary")
                        .get("attempts")
                        .asLong())
                .isZero();

        CliRun.Result after = cli.run("report", "--date", "2026-04-02", "--format", "json", "--recount");

        assertThat(after.exitCode()).as(after.err()).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(after.out()).get("summary");
        assertThat(summary.get("attempts").asLong()).isEqualTo(1);
        assertThat(summary.get("paid_final_amount").asLong()).isEqualTo(499);
        // the seeded day's figures are counted once, not twice
        CliRun.Result seeded = cli.run("report", "--date", "2026-03-02", "--format", "json");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(seeded.out())
                        .get("summary")
                        .get("attempts")
                        .asLong())
                .isEqualTo(2);
    }

    @Test
    void csvWithAnOutputFolderWritesOneFilePerSection() throws IOException {
        Path out = dir.resolve("csv");

        CliRun.Result result = cli.run(
                "report", "--from", "2026-03-01", "--to", "2026-03-02", "--format", "csv", "--output", out.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("wrote 12 CSV files");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "summary.csv",
                            "charges.csv",
                            "outcomes.csv",
                            "result_codes.csv",
                            "by_day.csv",
                            "retries.csv",
                            "review.csv",
                            "subscriptions.csv",
                            "subscription_changes.csv",
                            "refunds.csv",
                            "settlement.csv",
                            "latency.csv");
        }
        List<CSVRecord> byDay = records(out.resolve("by_day.csv"));
        assertThat(byDay).hasSize(2);
        assertThat(byDay.get(0).get("date")).isEqualTo("2026-03-01");
        assertThat(byDay.get(0).get("soft_decline")).isEqualTo("1"); // the 121 at 23:59:59 Taipei
        assertThat(byDay.get(1).get("attempts")).isEqualTo("2");
        assertThat(byDay.get(1).get("succeeded")).isEqualTo("1");
        List<CSVRecord> retries = records(out.resolve("retries.csv"));
        assertThat(retries)
                .singleElement()
                .satisfies(r -> assertThat(r.get("external_id")).isEqualTo("cmd-2"));
    }

    @Test
    void htmlWithoutOutputGoesToVarReportsForTodayByTheProgramsClock() throws IOException {
        // 2026-03-01T16:30Z is already 2026-03-02 in Taipei
        Path expected = Path.of("var", "reports", "report-2026-03-02_2026-03-02.html");
        Files.deleteIfExists(expected);
        try {
            CliRun.Result result = cli.run("report", "--format", "html", "--billing.clock.start=2026-03-01T16:30:00Z");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().trim()).isEqualTo(expected.toAbsolutePath().toString());
            String html = Files.readString(expected, StandardCharsets.UTF_8);
            assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("月費, &quot;B&quot;");
            assertThat(html).doesNotContainIgnoringCase("http");
        } finally {
            Files.deleteIfExists(expected);
        }
    }

    @Test
    void oneSectionAsATableToAFile() throws IOException {
        Path file = dir.resolve("latency.txt");

        CliRun.Result result =
                cli.run("report", "--date", "2026-03-02", "--section", "latency", "--output", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readString(file))
                .contains("Gateway latency")
                .contains("samples")
                .doesNotContain("Summary");
    }

    @Test
    void aBadDateExitsTwoNamingTheOption() {
        CliRun.Result result = cli.run("report", "--date", "2026-02-30");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--date").contains("2026-02-30").contains("YYYY-MM-DD");
    }

    @Test
    void aRangeEndingBeforeItStartsExitsTwo() {
        CliRun.Result result = cli.run("report", "--from", "2026-03-02", "--to", "2026-03-01");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("before the first day");
    }

    @Test
    void dateAndRangeTogetherOrHalfARangeExitTwo() {
        assertThat(cli.run("report", "--date", "2026-03-02", "--from", "2026-03-01", "--to", "2026-03-02")
                        .exitCode())
                .isEqualTo(2);
        CliRun.Result half = cli.run("report", "--from", "2026-03-01");
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("--from and --to go together");
    }

    @Test
    void anUnknownSectionExitsTwoListingTheSections() {
        CliRun.Result result = cli.run("report", "--section", "totals");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("totals")
                .contains("summary")
                .contains("by_day")
                .contains("latency");
    }

    @Test
    void anUnknownFormatExitsTwo() {
        CliRun.Result result = cli.run("report", "--format", "pdf");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("pdf");
    }

    private static List<CSVRecord> records(Path file) throws IOException {
        CSVFormat withHeader = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, withHeader)) {
            return parser.getRecords();
        }
    }
}
