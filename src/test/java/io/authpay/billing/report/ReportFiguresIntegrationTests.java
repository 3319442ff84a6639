package io.authpay.billing.report;

import static io.authpay.billing.report.ReportSeed.taipei;
import static io.authpay.billing.report.ReportSeed.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.authpay.billing.report.ReportSeed.Sub;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of every format against a seeded day, each expectation worked out by hand from the seed. The
 * property gives this class a database of its own: subscription counts are global, so no other test's rows
 * may be there.
 */
@TestPropertySource(properties = "report.test.database=figures")
class ReportFiguresIntegrationTests extends DatabaseIntegrationTest {

    static final LocalDate DAY = LocalDate.parse("2026-06-10");
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String QUOTED_NAME = "Box, \"large\"\nweekly";
    static final String REASON = "amount 150 > approved 120, \"refresh\" the binding\nthen ask the customer";

    @Autowired
    BillingReports reports;

    @Autowired
    JdbcTemplate jdbc;

    ReportSeed seed;

    @Autowired
    io.authpay.billing.charge.AttemptTotals attemptTotals;

    @BeforeEach
    void clean() {
        seed = new ReportSeed(jdbc, attemptTotals);
        seed.clear();
    }

    /**
     * 2026-06-10 in Taipei is 2026-06-09T16:00Z to 2026-06-10T16:00Z. Charges due that day: 8, asking 4248 TWD;
     * two paid (c1 499, c2 1200). Attempts made that day: 10 (a1–a9, a12); a10 and a11 fall just outside.
     */
    void seedJune10() {
        Sub s1 = seed.subscription("sub-1", "A1", "Gold plan", 499);
        Sub s2 = seed.subscription("sub-2", "A2", "黃金方案", 1200);
        Sub s3 = seed.subscription("sub-3", "A3", QUOTED_NAME, 300, "PAST_DUE", utc("2026-06-10T03:00:00Z"));
        Sub s4 = seed.subscription("sub-4", "A4", "Revoked plan", 250, "AUTH_REVOKED", utc("2026-06-10T15:59:59Z"));
        Sub s5 = seed.subscription("sub-5", "A5", "Old past due", 100, "PAST_DUE", utc("2026-06-09T15:59:59Z"));
        seed.subscription("sub-6", "A6", "Paused", 80, "PAUSED", utc("2026-06-10T02:00:00Z"));
        Sub s7 = seed.subscription("sub-7", "A6", SCRIPT, 150);

        long c1 = seed.charge(s1, "2026-06", DAY, "SUCCEEDED")
                .last(1, "000", "SUCCEEDED")
                .insert();
        seed.attempt(c1, 1, taipei("2026-06-10T09:00"), "SUCCEEDED", "000", null, 499, 499L, 449L, 120);

        long c2 = seed.charge(s2, "2026-06", DAY, "SUCCEEDED")
                .last(2, "101", "ALREADY_PAID")
                .insert();
        seed.attempt(c2, 1, taipei("2026-06-10T08:05"), "UNKNOWN", null, "TIMEOUT", 1200, null, null, 30000);
        seed.attempt(c2, 2, taipei("2026-06-10T10:00"), "ALREADY_PAID", "101", null, 1200, 1200L, 1100L, 200);

        long c3 = seed.charge(s3, "2026-06", DAY, "FAILED")
                .last(1, "104", "SOFT_DECLINE")
                .insert();
        seed.attempt(c3, 1, taipei("2026-06-10T08:10"), "SOFT_DECLINE", "104", null, 300, null, null, 90);

        long c4 = seed.charge(s4, "2026-06", DAY, "CANCELED")
                .last(1, "302", "AUTH_REVOKED")
                .insert();
        seed.attempt(c4, 1, taipei("2026-06-10T08:20"), "AUTH_REVOKED", "302", null, 250, null, null, 80);

        long c5 = seed.charge(s7, "2026-06", DAY, "NEEDS_REVIEW")
                .last(1, "304", "AMOUNT_MISMATCH")
                .reason(REASON)
                .insert();
        seed.attempt(c5, 1, taipei("2026-06-10T08:30"), "AMOUNT_MISMATCH", "304", null, 150, null, null, 100);

        long c6 = seed.charge(s2, "2026-06b", DAY, "RETRY_SCHEDULED")
                .last(1, "115", "SOFT_DECLINE")
                .next(taipei("2026-06-11T08:00"))
                .insert();
        seed.attempt(c6, 1, taipei("2026-06-10T08:40"), "SOFT_DECLINE", "115", null, 1200, null, null, 110);

        long c7 = seed.charge(s1, "2026-06b", DAY, "UNKNOWN")
                .last(1, null, "UNKNOWN")
                .next(taipei("2026-06-10T11:30"))
                .insert();
        seed.attempt(c7, 1, taipei("2026-06-10T11:00"), null, null, null, 499, null, null, null); // in flight

        seed.charge(s7, "2026-06b", DAY, "DUE").insert(); // c8: nothing tried yet

        // due the day before, paid on the 10th after a decline at the last microsecond of the 9th
        long c9 = seed.charge(s1, "2026-05", DAY.minusDays(1), "SUCCEEDED").insert();
        seed.attempt(c9, 1, utc("2026-06-09T15:59:59.999999Z"), "SOFT_DECLINE", "104", null, 499, null, null, 5000);
        seed.attempt(c9, 2, taipei("2026-06-10T08:01"), "SUCCEEDED", "000", null, 499, 499L, 499L, 150);

        // due the day after; its attempt at Taipei midnight belongs to the 11th
        long c10 = seed.charge(s5, "2026-06", DAY.plusDays(1), "SUCCEEDED").insert();
        seed.attempt(c10, 1, utc("2026-06-10T16:00:00Z"), "SUCCEEDED", "000", null, 100, 100L, 100L, 7000);

        // due the day before; its attempt at the first instant of the 10th belongs to the 10th
        long c11 = seed.charge(s5, "2026-05", DAY.minusDays(1), "RETRY_SCHEDULED")
                .last(1, "306", "OUTSIDE_WINDOW")
                .next(taipei("2026-06-12T08:00"))
                .insert();
        seed.attempt(c11, 1, utc("2026-06-09T16:00:00Z"), "OUTSIDE_WINDOW", "306", null, 100, null, null, 60);

        // waiting, but due after the range: not listed
        seed.charge(s3, "2026-07", DAY.plusDays(1), "RETRY_SCHEDULED")
                .next(taipei("2026-06-11T09:00"))
                .insert();
        // an old charge still waiting for an operator: listed
        seed.charge(s3, "2026-05", DAY.minusDays(30), "NEEDS_REVIEW")
                .last(1, "303", "QUOTA_DECLINE")
                .reason("over the user's limit")
                .insert();
        // failed long ago: not listed; due earlier but failed on the 10th: listed
        seed.charge(s3, "2026-04", DAY.minusDays(40), "FAILED")
                .updatedAt(taipei("2026-05-06T09:00"))
                .insert();
        seed.charge(s4, "2026-05", DAY.minusDays(5), "FAILED")
                .last(4, "121", "SOFT_DECLINE")
                .updatedAt(taipei("2026-06-10T09:00"))
                .insert();

        seed.refund("r1", 499, "SUCCEEDED", taipei("2026-06-10T12:00"));
        seed.refund("r2", 100, "REJECTED", taipei("2026-06-10T13:00"));
        seed.refund("r3", 200, "SUCCEEDED", utc("2026-06-10T16:00:00Z")); // the 11th in Taipei
        seed.refund("r4", 50, "UNKNOWN", utc("2026-06-09T16:00:00Z")); // the first instant of the 10th
    }

    @Test
    void theReportOfASeededDayHasTheFiguresTheRowsImply() {
        seedJune10();

        BillingReport report = reports.forRange(DAY, DAY);

        BillingReport.Summary s = report.summary();
        // due: 499 + 1200 + 300 + 250 + 150 + 1200 + 499 + 150; paid c1 and c2
        assertThat(s.chargesDue()).isEqualTo(8);
        assertThat(s.amountDue()).isEqualTo(4248);
        assertThat(s.chargesPaid()).isEqualTo(2);
        assertThat(s.paidAmount()).isEqualTo(499 + 1200);
        assertThat(s.paidFinalAmount()).isEqualTo(499 + 1200);
        assertThat(s.paidDebitAmount()).isEqualTo(449 + 1100);
        assertThat(s.successRatePercent()).isEqualByComparingTo("25.0"); // 2 of 8
        assertThat(s.attempts()).isEqualTo(10);
        assertThat(s.attemptsSucceeded()).isEqualTo(3); // a1, a3 (ALREADY_PAID), a9
        assertThat(s.attemptsInFlight()).isEqualTo(1);
        assertThat(s.refunds()).isEqualTo(3); // r1, r2, r4
        assertThat(s.refundAmount()).isEqualTo(499 + 100 + 50);

        assertThat(report.charges())
                .extracting(t -> t.status(), t -> t.count(), t -> t.amount())
                .contains(
                        tuple("DUE", 1L, 150L),
                        tuple("SUCCEEDED", 2L, 1699L),
                        tuple("RETRY_SCHEDULED", 1L, 1200L),
                        tuple("UNKNOWN", 1L, 499L),
                        tuple("NEEDS_REVIEW", 1L, 150L),
                        tuple("FAILED", 1L, 300L),
                        tuple("CANCELED", 1L, 250L),
                        tuple("IN_FLIGHT", 0L, 0L));
        assertThat(report.outcomes())
                .filteredOn(o -> o.count() > 0)
                .extracting(
                        o -> o.outcome(), o -> o.count(), o -> o.amount(), o -> o.finalAmount(), o -> o.debitAmount())
                .containsExactly(
                        tuple("SUCCEEDED", 2L, 998L, 998L, 948L), // a1, a9
                        tuple("ALREADY_PAID", 1L, 1200L, 1200L, 1100L),
                        tuple("SOFT_DECLINE", 2L, 1500L, 0L, 0L), // a4 300, c6 1200
                        tuple("AMOUNT_MISMATCH", 1L, 150L, 0L, 0L),
                        tuple("OUTSIDE_WINDOW", 1L, 100L, 0L, 0L),
                        tuple("AUTH_REVOKED", 1L, 250L, 0L, 0L),
                        tuple("UNKNOWN", 1L, 1200L, 0L, 0L),
                        tuple("IN_FLIGHT", 1L, 499L, 0L, 0L));
        assertThat(report.resultCodes())
                .extracting(
                        c -> c.resultCode(), c -> c.unknownReason(), c -> c.outcome(), c -> c.count(), c -> c.amount())
                .containsExactly(
                        tuple("000", null, "SUCCEEDED", 2L, 998L),
                        tuple("101", null, "ALREADY_PAID", 1L, 1200L),
                        tuple("104", null, "SOFT_DECLINE", 1L, 300L),
                        tuple("115", null, "SOFT_DECLINE", 1L, 1200L),
                        tuple("302", null, "AUTH_REVOKED", 1L, 250L),
                        tuple("304", null, "AMOUNT_MISMATCH", 1L, 150L),
                        tuple("306", null, "OUTSIDE_WINDOW", 1L, 100L),
                        tuple(null, "TIMEOUT", "UNKNOWN", 1L, 1200L),
                        tuple(null, null, "IN_FLIGHT", 1L, 499L));
        assertThat(report.byDay()).hasSize(1);
        assertThat(report.byDay().get(0).attempts()).isEqualTo(10);
        assertThat(report.byDay().get(0).byOutcome())
                .containsEntry("SUCCEEDED", 2L)
                .containsEntry("SOFT_DECLINE", 2L)
                .containsEntry("IN_FLIGHT", 1L)
                .containsEntry("QUOTA_DECLINE", 0L);

        assertThat(report.retries())
                .extracting(r -> r.externalId(), r -> r.status(), r -> r.nextAttemptAt(), r -> r.lastResultCode())
                .containsExactly(
                        tuple("sub-1", "UNKNOWN", taipei("2026-06-10T11:30"), null),
                        tuple("sub-2", "RETRY_SCHEDULED", taipei("2026-06-11T08:00"), "115"),
                        tuple("sub-5", "RETRY_SCHEDULED", taipei("2026-06-12T08:00"), "306"));
        assertThat(report.review())
                .extracting(r -> r.externalId(), r -> r.status(), r -> r.billingDate(), r -> r.lastResultCode())
                .containsExactly(
                        tuple("sub-3", "NEEDS_REVIEW", DAY.minusDays(30), "303"),
                        tuple("sub-7", "NEEDS_REVIEW", DAY, "304"),
                        tuple("sub-4", "FAILED", DAY.minusDays(5), "121"),
                        tuple("sub-3", "FAILED", DAY, "104"));
        assertThat(report.review().get(1).authNo()).isEqualTo("A6");
        assertThat(report.review().get(1).reviewReason()).isEqualTo(REASON);

        assertThat(report.subscriptions())
                .extracting(c -> c.status(), c -> c.count())
                .containsExactly(
                        tuple("ACTIVE", 3L),
                        tuple("PAST_DUE", 2L),
                        tuple("PAUSED", 1L),
                        tuple("CANCELED", 0L),
                        tuple("AUTH_REVOKED", 1L));
        assertThat(report.subscriptionChanges())
                .extracting(c -> c.externalId(), c -> c.status())
                .containsExactly(tuple("sub-3", "PAST_DUE"), tuple("sub-4", "AUTH_REVOKED"));
        assertThat(report.refunds())
                .extracting(r -> r.status(), r -> r.count(), r -> r.amount())
                .containsExactly(
                        tuple("SUCCEEDED", 1L, 499L),
                        tuple("REJECTED", 1L, 100L),
                        tuple("UNKNOWN", 1L, 50L),
                        tuple("REQUESTED", 0L, 0L));
        // the day's 9 answer times, sorted: 60 80 90 100 110 120 150 200 30000 (a10's 5000 and a11's 7000
        // are outside the day); nearest rank: p50 = 5th, p90 = ceil(8.1) = 9th, p99 = ceil(8.91) = 9th
        assertThat(report.latency()).isEqualTo(new BillingReport.Latency(9, 110L, 30000L, 30000L, 30000L));
    }

    @Test
    void jsonCarriesTheSameFiguresUnderStableSnakeCaseKeys() {
        seedJune10();

        JsonNode json = JsonMapper.builder().build().readTree(render(ReportFormat.json, null));

        assertThat(names(json))
                .containsExactly(
                        "from",
                        "to",
                        "zone",
                        "generated_at",
                        "summary",
                        "charges",
                        "outcomes",
                        "result_codes",
                        "by_day",
                        "retries",
                        "review",
                        "subscriptions",
                        "subscription_changes",
                        "refunds",
                        "settlement",
                        "latency");
        assertThat(json.get("zone").asString()).isEqualTo("Asia/Taipei");
        JsonNode summary = json.get("summary");
        assertThat(summary.get("charges_due").asLong()).isEqualTo(8);
        assertThat(summary.get("amount_due").asLong()).isEqualTo(4248);
        assertThat(summary.get("charges_paid").asLong()).isEqualTo(2);
        assertThat(summary.get("paid_final_amount").asLong()).isEqualTo(1699);
        assertThat(summary.get("paid_debit_amount").asLong()).isEqualTo(1549);
        assertThat(summary.get("success_rate_percent").decimalValue()).isEqualByComparingTo("25.0");
        assertThat(summary.get("success_rate_percent").isNumber()).isTrue();
        assertThat(summary.get("attempts").asLong()).isEqualTo(10);
        assertThat(summary.get("refund_amount").asLong()).isEqualTo(649);

        JsonNode codes = json.get("result_codes");
        assertThat(codes.get(0).get("result_code").asString()).isEqualTo("000");
        assertThat(codes.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(codes.get(7).get("result_code").isNull()).isTrue();
        assertThat(codes.get(7).get("unknown_reason").asString()).isEqualTo("TIMEOUT");
        JsonNode day = json.get("by_day").get(0);
        assertThat(names(day)).startsWith("date", "attempts", "succeeded", "already_paid", "soft_decline");
        assertThat(day.get("date").asString()).isEqualTo("2026-06-10");
        assertThat(day.get("soft_decline").asLong()).isEqualTo(2);
        assertThat(day.get("in_flight").asLong()).isEqualTo(1);
        assertThat(json.get("retries").get(1).get("next_attempt_at").asString()).isEqualTo("2026-06-11T00:00:00Z");
        assertThat(json.get("review").get(1).get("review_reason").asString()).isEqualTo(REASON);
        assertThat(json.get("latency").get("p50_ms").asLong()).isEqualTo(110);
        assertThat(json.get("latency").get("samples").asLong()).isEqualTo(9);

        JsonNode one = JsonMapper.builder().build().readTree(render(ReportFormat.json, ReportSection.LATENCY));
        assertThat(names(one)).containsExactly("from", "to", "zone", "generated_at", "latency");
    }

    @Test
    void tableShowsTheFiguresAlignedWithTaipeiTimes() {
        seedJune10();

        String text = render(ReportFormat.table, null);

        assertThat(cells(text, "charges_due")).containsExactly("charges_due", "8");
        assertThat(cells(text, "success_rate_percent")).containsExactly("success_rate_percent", "25.0");
        assertThat(cells(text, "paid_debit_amount")).containsExactly("paid_debit_amount", "1549");
        assertThat(cells(text, "p50_ms")).containsExactly("p50_ms", "110");
        assertThat(cells(text, "SOFT_DECLINE")).containsExactly("SOFT_DECLINE", "2", "1500", "0", "0");
        assertThat(cells(text, "104")).containsExactly("104", "-", "SOFT_DECLINE", "1", "300");
        // times in Taipei: the retry at 2026-06-11T00:00Z is 08:00 there
        assertThat(text).contains("2026-06-11 08:00:00");
        // a line break in a reason stays on one line of the table
        assertThat(text).contains("the binding\\nthen ask");
        String[] header = text.lines()
                .filter(l -> l.startsWith("EXTERNAL_ID"))
                .findFirst()
                .orElseThrow()
                .split(" +");
        assertThat(header).startsWith("EXTERNAL_ID", "AUTH_NO", "TRADE_NAME");
    }

    @Test
    void csvOfEverySectionParsesBackWithQuotedNamesAndReasonsIntact() throws IOException {
        seedJune10();

        Map<String, List<CSVRecord>> sections = parseSections(render(ReportFormat.csv, null));

        assertThat(sections.keySet())
                .containsExactly(Arrays.stream(ReportSection.values())
                        .map(ReportSection::key)
                        .toArray(String[]::new));
        CSVRecord summary = sections.get("summary").get(1);
        assertThat(sections.get("summary").get(0).values()).startsWith("from", "to", "charges_due", "amount_due");
        assertThat(summary.get(2)).isEqualTo("8");
        assertThat(summary.get(3)).isEqualTo("4248");
        assertThat(summary.get(8)).isEqualTo("25.0");

        List<CSVRecord> review = sections.get("review");
        assertThat(review.get(0).values()).contains("trade_name", "review_reason");
        CSVRecord sub7 = review.get(2);
        assertThat(sub7.get(0)).isEqualTo("sub-7");
        assertThat(sub7.get(2)).isEqualTo(SCRIPT);
        assertThat(sub7.get(9)).isEqualTo(REASON);
        CSVRecord sub3 = review.get(4);
        assertThat(sub3.get(2)).isEqualTo(QUOTED_NAME);
        assertThat(sub3.get(10)).isEqualTo("2026-06-10T01:00:00Z"); // 09:00 in Taipei, as UTC
        assertThat(sections.get("subscription_changes").get(1).get(2)).isEqualTo(QUOTED_NAME);

        List<CSVRecord> codes = sections.get("result_codes");
        assertThat(codes.get(8).values()).containsExactly("", "TIMEOUT", "UNKNOWN", "1", "1200");
        assertThat(sections.get("latency").get(1).values()).containsExactly("9", "110", "30000", "30000", "30000");

        // one section is a plain CSV file: no comment line
        String one = render(ReportFormat.csv, ReportSection.REVIEW);
        assertThat(one).doesNotStartWith("#").startsWith("external_id,auth_no,trade_name");
        try (CSVParser parser = CSVParser.parse(one, CSVFormat.RFC4180)) {
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(5);
            assertThat(records.get(4).get(2)).isEqualTo(QUOTED_NAME);
        }
        assertThat(one).contains("\r\n"); // RFC 4180 line breaks between records
    }

    @Test
    void csvCellsASpreadsheetWouldRunAsFormulasAreNeutralised() throws IOException {
        String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        Sub evil = seed.subscription(formula, "A9", "@SUM(1+1)", 499);
        seed.charge(evil, "2026-06", DAY, "NEEDS_REVIEW")
                .last(1, "303", "QUOTA_DECLINE")
                .reason("-1+cmd|' /C calc'!A0")
                .insert();

        List<CSVRecord> review = parseSections(render(ReportFormat.csv, null)).get("review");

        CSVRecord row = review.get(1);
        assertThat(row.get(0)).isEqualTo("'" + formula);
        assertThat(row.get(2)).isEqualTo("'@SUM(1+1)");
        assertThat(row.get(9)).isEqualTo("'-1+cmd|' /C calc'!A0");
        assertThat(row.get(1)).isEqualTo("A9");
        assertThat(CsvCells.of(-499L)).isEqualTo("-499"); // a number stays a number
        assertThat(CsvCells.of("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.of("+886")).isEqualTo("'+886");
    }

    @Test
    void htmlIsOneWellFormedPageWithTheChartAndEscapedNames() throws Exception {
        seedJune10();

        String html = render(ReportFormat.html, null);

        assertThat(html)
                .doesNotContain("<script")
                .doesNotContainIgnoringCase("http")
                .doesNotContain("<link");
        assertThat(html).doesNotContain(" src=").doesNotContain("url(");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document doc = xml(html);
        Element svg = (Element) doc.getElementsByTagName("svg").item(0);
        assertThat(svg).isNotNull();
        // one rect per outcome class of the day with attempts: 8 classes
        NodeList rects = svg.getElementsByTagName("rect");
        assertThat(rects.getLength()).isEqualTo(8);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            titles.add(((Element) rects.item(i))
                    .getElementsByTagName("title")
                    .item(0)
                    .getTextContent());
        }
        assertThat(titles).contains("2026-06-10 SUCCEEDED: 2", "2026-06-10 SOFT_DECLINE: 2", "2026-06-10 IN_FLIGHT: 1");
        assertThat(doc.getElementsByTagName("style").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("section").getLength()).isEqualTo(ReportSection.values().length + 1);
        // the parsed page holds the trade name as text, the way a browser would show it
        List<String> cells = texts(doc, "td");
        // amounts with thousands separators; a rate keeps its decimal point
        assertThat(cells).contains(SCRIPT, QUOTED_NAME, REASON, "4,248", "25.0", "2026-06-11 08:00:00");
        // every table scrolls inside its own box instead of widening the page; the chart scales to the page
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            assertThat(((Element) tables.item(i).getParentNode()).getAttribute("class"))
                    .isEqualTo("scroll");
        }
        assertThat(svg.getAttribute("class")).isEqualTo("chart");
        assertThat(Integer.parseInt(svg.getAttribute("width"))).isGreaterThanOrEqualTo(640);
        assertThat(html).contains(".scroll{overflow-x:auto").contains("svg.chart{width:100%");
        assertThat(section(doc, "summary")).contains("charges_due", "8", "paid_debit_amount", "1,549");
    }

    @Test
    void anEmptyDayRendersInEveryFormatWithZerosAndNoRate() throws Exception {
        LocalDate empty = LocalDate.parse("2026-01-05");
        BillingReport report = reports.forRange(empty, empty);

        assertThat(report.summary()).isEqualTo(new BillingReport.Summary(0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0));
        assertThat(report.latency()).isEqualTo(new BillingReport.Latency(0, null, null, null, null));
        assertThat(report.byDay())
                .singleElement()
                .satisfies(d -> assertThat(d.attempts()).isZero());

        String table = reports.render(report, ReportFormat.table, null);
        assertThat(cells(table, "charges_due")).containsExactly("charges_due", "0");
        assertThat(cells(table, "success_rate_percent")).containsExactly("success_rate_percent", "-");
        assertThat(table).contains("(none)");

        JsonNode json = JsonMapper.builder().build().readTree(reports.render(report, ReportFormat.json, null));
        assertThat(json.get("summary").get("success_rate_percent").isNull()).isTrue();
        assertThat(json.get("summary").get("attempts").asLong()).isZero();
        assertThat(json.get("latency").get("p99_ms").isNull()).isTrue();
        assertThat(json.get("retries").isEmpty()).isTrue();

        Map<String, List<CSVRecord>> csv = parseSections(reports.render(report, ReportFormat.csv, null));
        assertThat(csv.get("retries")).hasSize(1); // the header only
        assertThat(csv.get("summary").get(1).get(8)).isEmpty();
        assertThat(csv.get("by_day").get(1).get(1)).isEqualTo("0");

        Document doc = xml(reports.render(report, ReportFormat.html, null));
        assertThat(doc.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("rect").getLength()).isZero();
        assertThat(texts(doc, "text")).contains("No attempts in this range");
    }

    @Test
    void aRangeAcrossAMonthHasARowPerTaipeiDay() {
        Sub s = seed.subscription("sub-m", "AM", "Month end", 100);
        long due29 = seed.charge(s, "p29", LocalDate.parse("2026-11-29"), "SUCCEEDED")
                .insert();
        seed.charge(s, "p28", LocalDate.parse("2026-11-28"), "SUCCEEDED").insert(); // before the range
        seed.charge(s, "p02", LocalDate.parse("2026-12-02"), "DUE").insert();
        seed.charge(s, "p03", LocalDate.parse("2026-12-03"), "DUE").insert(); // after the range
        // Taipei is UTC+8: 16:00Z is midnight of the next Taipei day
        seed.attempt(due29, 1, utc("2026-11-28T15:59:59Z"), "SOFT_DECLINE", "104", null, 100, null, null, 10); // 28th
        seed.attempt(due29, 2, utc("2026-11-28T16:00:00Z"), "SOFT_DECLINE", "104", null, 100, null, null, 10); // 29th
        seed.attempt(due29, 3, utc("2026-11-30T15:59:00Z"), "BUSY_AUTH", "307", null, 100, null, null, 10); // 30th
        seed.attempt(due29, 4, utc("2026-11-30T16:30:00Z"), "SUCCEEDED", "000", null, 100, 100L, 100L, 10); // 1st
        seed.attempt(due29, 5, utc("2026-11-30T17:00:00Z"), "UNKNOWN", "999", null, 100, null, null, 10); // 1st
        seed.attempt(due29, 6, utc("2026-12-02T15:59:59Z"), "QUOTA_DECLINE", "303", null, 100, null, null, 10); // 2nd
        seed.attempt(due29, 7, utc("2026-12-02T16:00:00Z"), "SUCCEEDED", "000", null, 100, 100L, 100L, 10); // 3rd

        BillingReport report = reports.forRange(LocalDate.parse("2026-11-29"), LocalDate.parse("2026-12-02"));

        assertThat(report.byDay())
                .extracting(d -> d.date().toString(), d -> d.attempts())
                .containsExactly(
                        tuple("2026-11-29", 1L),
                        tuple("2026-11-30", 1L),
                        tuple("2026-12-01", 2L),
                        tuple("2026-12-02", 1L));
        assertThat(report.byDay().get(0).byOutcome()).containsEntry("SOFT_DECLINE", 1L);
        assertThat(report.byDay().get(1).byOutcome()).containsEntry("BUSY_AUTH", 1L);
        assertThat(report.byDay().get(2).byOutcome())
                .containsEntry("SUCCEEDED", 1L)
                .containsEntry("UNKNOWN", 1L);
        assertThat(report.byDay().get(3).byOutcome()).containsEntry("QUOTA_DECLINE", 1L);
        assertThat(report.summary().attempts()).isEqualTo(5);
        assertThat(report.summary().chargesDue()).isEqualTo(2); // the 29th and the 2nd
        assertThat(report.summary().successRatePercent()).isEqualByComparingTo(new BigDecimal("50.0"));

        String html = reports.render(report, ReportFormat.html, null);
        assertThat(html).contains("2026-12-01 SUCCEEDED: 1").contains(">11-29<").contains(">12-02<");
    }

    private String render(ReportFormat format, ReportSection section) {
        return reports.render(reports.forRange(DAY, DAY), format, section);
    }

    /** The cells of the first table line whose first cell is {@code first}. */
    static List<String> cells(String text, String first) {
        return text.lines()
                .map(l -> Arrays.asList(l.trim().split(" {2,}")))
                .filter(c -> c.get(0).equals(first))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + first + " in\n" + text));
    }

    /** Sections of a multi-section CSV: each starts at a record carrying a {@code # key} comment. */
    static Map<String, List<CSVRecord>> parseSections(String csv) throws IOException {
        Map<String, List<CSVRecord>> sections = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setCommentMarker('#').get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            List<CSVRecord> current = null;
            for (CSVRecord record : parser) {
                if (record.hasComment()) {
                    current = new ArrayList<>();
                    sections.put(record.getComment().trim(), current);
                }
                current.add(record);
            }
        }
        return sections;
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    static Document xml(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    static List<String> texts(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    static List<String> section(Document doc, String id) {
        NodeList sections = doc.getElementsByTagName("section");
        for (int i = 0; i < sections.getLength(); i++) {
            Element section = (Element) sections.item(i);
            if (id.equals(section.getAttribute("id"))) {
                List<String> texts = new ArrayList<>();
                NodeList cells = section.getElementsByTagName("*");
                for (int j = 0; j < cells.getLength(); j++) {
                    if (cells.item(j).getNodeName().matches("t[dh]")) {
                        texts.add(cells.item(j).getTextContent());
                    }
                }
                return texts;
            }
        }
        throw new AssertionError("no section " + id);
    }
}
