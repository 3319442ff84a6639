package io.authpay.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionCsvTests {

    private static final String HEADER = "external_id,auth_no,amount,currency,period,anchor_date,trade_name";
    private static final String GOOD_ROW = "sub-1,650660555924205568,499,TWD,MONTH,2026-01-31,Gold plan";

    private static SubscriptionCsvResult parse(String text) throws IOException {
        return SubscriptionCsv.parse(new StringReader(text));
    }

    /** The header, then these lines, one per line. */
    private static SubscriptionCsvResult parseRows(String... lines) throws IOException {
        return parse(HEADER + "\n" + String.join("\n", lines) + "\n");
    }

    /** A file whose only data row has {@code value} in {@code column}; everything else valid. */
    private static SubscriptionCsvResult parseWith(String column, String value) throws IOException {
        String[] values = GOOD_ROW.split(",");
        values[SubscriptionCsv.COLUMNS.indexOf(column)] = value;
        return parseRows(String.join(",", values));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SubscriptionCsvTests.class.getResource(name).toURI());
    }

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static String error(SubscriptionCsvResult result) {
        assertThat(result.isValid()).as("the file is invalid").isFalse();
        assertThat(result.errors()).hasSize(1);
        return result.errors().get(0).toString();
    }

    @Test
    void goodFileWithQuotesLineBreaksChineseAndByteOrderMarkIsRead() throws Exception {
        SubscriptionCsvResult result = SubscriptionCsv.parse(resource("good-subscriptions.csv"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.rows())
                .extracting(
                        SubscriptionRow::line,
                        SubscriptionRow::externalId,
                        SubscriptionRow::period,
                        SubscriptionRow::nextBillingDate,
                        SubscriptionRow::tradeName)
                .containsExactly(
                        tuple(2, "sub-001", BillingPeriod.MONTH, d("2026-01-31"), "黃金方案 月繳"),
                        tuple(3, "sub-002", BillingPeriod.QUARTER, d("2026-02-28"), "Gold plan, quarterly"),
                        tuple(4, "sub-003", BillingPeriod.WEEK, d("2027-01-07"), "The \"Pro\" plan"),
                        tuple(5, "sub-004", BillingPeriod.YEAR, d("2024-02-29"), "年繳方案\n含運費"),
                        tuple(7, "sub-005", BillingPeriod.MONTH, d("2026-03-15"), "一二三四五六七八九十".repeat(3)));
        SubscriptionRow first = result.rows().get(0);
        assertThat(first.authNo()).isEqualTo("650660555924205568");
        assertThat(first.amount()).isEqualTo(499L);
        assertThat(first.currency()).isEqualTo("TWD");
        assertThat(first.anchorDate()).isEqualTo(d("2026-01-31"));
        assertThat(result.rows().get(4).amount()).isEqualTo(10_000_000L);
    }

    @Test
    void byteOrderMarkBeforeTheHeaderIsIgnored() throws IOException {
        SubscriptionCsvResult result = parse("\uFEFF" + HEADER + "\r\n" + GOOD_ROW + "\r\n");

        assertThat(result.rows())
                .singleElement()
                .extracting(SubscriptionRow::externalId)
                .isEqualTo("sub-1");
    }

    @Test
    void nextBillingDateDefaultsToTheAnchorWhenTheColumnIsAbsentOrEmpty() throws IOException {
        assertThat(parseRows(GOOD_ROW).rows().get(0).nextBillingDate()).isEqualTo(d("2026-01-31"));

        SubscriptionCsvResult withColumn = parse(HEADER + ",next_billing_date\n"
                + GOOD_ROW + ",\n"
                + GOOD_ROW.replace("sub-1", "sub-2") + ",2026-02-28\n");
        assertThat(withColumn.rows())
                .extracting(SubscriptionRow::nextBillingDate)
                .containsExactly(d("2026-01-31"), d("2026-02-28"));
    }

    @Test
    void emptyFileIsReportedAsAMissingHeader() throws IOException {
        assertThat(error(parse("")))
                .startsWith("line 1, header: the file is empty")
                .contains(HEADER);
        assertThat(error(parse("\uFEFF"))).startsWith("line 1, header: the file is empty");
    }

    @Test
    void anUnknownColumnIsNamedAndSoIsTheRequiredOneItReplaced() throws IOException {
        String message = error(parse(HEADER.replace("amount", "price") + "\n" + GOOD_ROW + "\n"));

        assertThat(message)
                .startsWith("line 1, header: unknown column \"price\"; required column amount is missing")
                .contains("in any order");
    }

    @Test
    void missingRepeatedAndExtraColumnsAreRefusedByName() throws IOException {
        assertThat(error(parse("external_id,auth_no,amount,currency,period\n")))
                .startsWith("line 1, header: required columns anchor_date, trade_name are missing");
        assertThat(error(parse(HEADER + ",next_billing_date,note\n")))
                .startsWith("line 1, header: unknown column \"note\"");
        assertThat(error(parse(HEADER + ",amount\n"))).startsWith("line 1, header: column amount appears twice");
        assertThat(error(parse(HEADER + ",\n"))).startsWith("line 1, header: column 8 has no name");
    }

    @Test
    void columnsInAnotherOrderReadTheSameRows() throws IOException {
        SubscriptionCsvResult reordered = parse("trade_name,next_billing_date,period,amount,external_id,currency,"
                + "anchor_date,auth_no\n"
                + "Gold plan,2026-02-28,MONTH,499,sub-1,TWD,2026-01-31,650660555924205568\n");

        assertThat(reordered.rows())
                .isEqualTo(parse(HEADER + ",next_billing_date\n" + GOOD_ROW + ",2026-02-28\n")
                        .rows())
                .extracting(SubscriptionRow::amount, SubscriptionRow::nextBillingDate)
                .containsExactly(tuple(499L, d("2026-02-28")));
    }

    @Test
    void rowWithMissingColumnsIsReported() throws IOException {
        assertThat(error(parseRows("sub-1,650660555924205568,499,TWD,MONTH,2026-01-31")))
                .isEqualTo("line 2, columns: 6 values but the header has 7 columns; is a value or a comma missing?");
    }

    @Test
    void rowWithTooManyColumnsHintsAtAnUnquotedComma() throws IOException {
        assertThat(error(parseRows(GOOD_ROW + ", monthly")))
                .isEqualTo("line 2, columns: 8 values but the header has 7 columns;"
                        + " a value that contains a comma must be in double quotes");
    }

    @Test
    void externalIdMustBePresentAndAtMost64Characters() throws IOException {
        assertThat(error(parseWith("external_id", ""))).startsWith("line 2, external_id: is empty");
        assertThat(error(parseWith("external_id", "x".repeat(65))))
                .startsWith("line 2, external_id: \"xxxx")
                .endsWith("is 65 characters long; at most 64 are allowed");
        assertThat(parseWith("external_id", "x".repeat(64)).isValid()).isTrue();
    }

    @Test
    void authNoMustBeLettersAndDigitsUpTo30() throws IOException {
        assertThat(error(parseWith("auth_no", ""))).startsWith("line 2, auth_no: is empty");
        assertThat(error(parseWith("auth_no", "1".repeat(31))))
                .endsWith("is 31 characters long; at most 30 are allowed");
        assertThat(error(parseWith("auth_no", "6506-6055")))
                .isEqualTo("line 2, auth_no: \"6506-6055\" may contain only letters and digits");
        assertThat(error(parseWith("auth_no", "６５０６"))).endsWith("may contain only letters and digits");
        assertThat(parseWith("auth_no", "1".repeat(30)).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"499.0", "499.5", "1e3", "abc", "+5", "４９９", "\"1,000\"", "NT$499"})
    void amountThatIsNotAWholeNumberIsRefused(String amount) throws IOException {
        assertThat(error(parseWith("amount", amount)))
                .startsWith("line 2, amount: \"")
                .endsWith("\" is not a whole number of TWD; write digits only, e.g. 499");
    }

    @Test
    void amountMustBePositiveAndWithinTheLimit() throws IOException {
        assertThat(error(parseWith("amount", "499.5")))
                .startsWith("line 2, amount: \"499.5\" is not a whole number of TWD");
        assertThat(error(parseWith("amount", "-5")))
                .isEqualTo("line 2, amount: \"-5\" is negative; the amount must be at least 1 TWD");
        assertThat(error(parseWith("amount", "0")))
                .isEqualTo("line 2, amount: \"0\" is zero; the amount must be at least 1 TWD");
        assertThat(error(parseWith("amount", "000"))).contains("is zero");
        assertThat(error(parseWith("amount", "10000001")))
                .endsWith("is more than the limit of 10,000,000 TWD per charge");
        assertThat(error(parseWith("amount", "99999999999999999999999"))).contains("more than the limit");
        assertThat(error(parseWith("amount", ""))).startsWith("line 2, amount: is empty");
        assertThat(parseWith("amount", "10000000").rows().get(0).amount()).isEqualTo(10_000_000L);
        assertThat(parseWith("amount", "1").rows().get(0).amount()).isEqualTo(1L);
    }

    @Test
    void currencyMustBeTwd() throws IOException {
        assertThat(error(parseWith("currency", "USD")))
                .isEqualTo("line 2, currency: \"USD\" is not supported; AuthPay charges only in TWD");
        assertThat(error(parseWith("currency", "twd"))).contains("\"twd\" is not supported");
        assertThat(error(parseWith("currency", "")))
                .isEqualTo("line 2, currency: is empty; AuthPay charges only in TWD");
    }

    @Test
    void unknownPeriodIsRefusedButCaseIsIgnored() throws IOException {
        assertThat(error(parseWith("period", "monthly")))
                .isEqualTo("line 2, period: \"monthly\" is not a billing period; use WEEK, MONTH, QUARTER or YEAR");
        assertThat(error(parseWith("period", ""))).startsWith("line 2, period: is empty");
        assertThat(parseWith("period", "Month").rows().get(0).period()).isEqualTo(BillingPeriod.MONTH);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-02-30 | \"2026-02-30\" is not a date: February 2026 has 28 days",
                "2028-02-30 | \"2028-02-30\" is not a date: February 2028 has 29 days",
                "2026-04-31 | \"2026-04-31\" is not a date: April 2026 has 30 days",
                "2026-01-00 | \"2026-01-00\" is not a date: January 2026 has 31 days",
                "2026-13-01 | \"2026-13-01\" is not a date: there is no month 13",
                "2026-00-10 | \"2026-00-10\" is not a date: there is no month 0",
                "2026/01/31 | \"2026/01/31\" is not a date in the form yyyy-MM-dd, e.g. 2026-01-31",
                "31-01-2026 | \"31-01-2026\" is not a date in the form yyyy-MM-dd, e.g. 2026-01-31",
                "2026-1-31  | \"2026-1-31\" is not a date in the form yyyy-MM-dd, e.g. 2026-01-31",
                "2026-01-31T00:00 | \"2026-01-31T00:00\" is not a date in the form yyyy-MM-dd, e.g. 2026-01-31",
            })
    void impossibleAnchorDateIsRefused(String date, String message) throws IOException {
        assertThat(error(parseWith("anchor_date", date))).isEqualTo("line 2, anchor_date: " + message);
    }

    @Test
    void emptyAnchorDateIsRefused() throws IOException {
        assertThat(error(parseWith("anchor_date", ""))).startsWith("line 2, anchor_date: is empty");
    }

    @Test
    void impossibleNextBillingDateIsRefused() throws IOException {
        assertThat(error(parse(HEADER + ",next_billing_date\n" + GOOD_ROW + ",2026-02-29\n")))
                .isEqualTo("line 2, next_billing_date: \"2026-02-29\" is not a date: February 2026 has 28 days");
    }

    @Test
    void nextBillingDateBeforeTheAnchorIsRefused() throws IOException {
        assertThat(error(parse(HEADER + ",next_billing_date\n" + GOOD_ROW + ",2026-01-30\n")))
                .isEqualTo("line 2, next_billing_date: 2026-01-30 is before anchor_date 2026-01-31");
    }

    @Test
    void nextBillingDateOffTheScheduleIsRefused() throws IOException {
        // Importing 2026-02-15 would charge the February period on the 15th and then again on the 28th.
        assertThat(error(parse(HEADER + ",next_billing_date\n" + GOOD_ROW + ",2026-02-15\n")))
                .isEqualTo("line 2, next_billing_date: 2026-02-15 is not a billing date of a MONTH subscription"
                        + " anchored on 2026-01-31; the next one after it is 2026-02-28");
    }

    @Test
    void tradeNameMustBePresentAndAtMost30Characters() throws IOException {
        assertThat(error(parseWith("trade_name", ""))).startsWith("line 2, trade_name: is empty");
        assertThat(error(parseWith("trade_name", "\"  \""))).startsWith("line 2, trade_name: is empty");
        assertThat(error(parseWith("trade_name", "月".repeat(31))))
                .endsWith("is 31 characters long; JKoPay accepts at most 30");
        assertThat(parseWith("trade_name", "月".repeat(30)).isValid()).isTrue();
    }

    @Test
    void tradeNameLengthCountsCodePointsNotUtf16Units() throws IOException {
        // U+20000 is one character but two Java chars; MySQL utf8mb4 counts it as one.
        String thirty = "\uD840\uDC00".repeat(30);
        assertThat(thirty).hasSize(60);
        assertThat(parseWith("trade_name", thirty).isValid()).isTrue();
        assertThat(error(parseWith("trade_name", thirty + "x"))).contains("is 31 characters long");
    }

    @Test
    void spacesAroundValuesAreIgnored() throws IOException {
        SubscriptionRow row = parseRows("sub-1 , 650660555924205568 , 499 ,TWD, month ,2026-01-31,\" Gold plan \"")
                .rows()
                .get(0);

        assertThat(row.externalId()).isEqualTo("sub-1");
        assertThat(row.amount()).isEqualTo(499L);
        assertThat(row.tradeName()).isEqualTo("Gold plan");
    }

    @Test
    void duplicateExternalIdNamesBothLines() throws IOException {
        SubscriptionCsvResult result = parseRows(GOOD_ROW, GOOD_ROW.replace("sub-1", "sub-2"), GOOD_ROW);

        assertThat(error(result))
                .isEqualTo("line 4, external_id: \"sub-1\" is also on line 2; each subscription may appear once");
    }

    @Test
    void everyBadRowOfAFileIsReportedWithItsPhysicalLine() throws Exception {
        SubscriptionCsvResult result = SubscriptionCsv.parse(resource("bad-subscriptions.csv"));

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors())
                .extracting(RowError::line, RowError::field)
                .containsExactly(
                        tuple(3, "amount"),
                        tuple(4, "auth_no"),
                        tuple(4, "currency"),
                        tuple(4, "period"),
                        tuple(4, "anchor_date"),
                        // line 5-6 is sub-004, valid, with a line break in its quoted trade name
                        tuple(7, "columns"),
                        tuple(8, "external_id"),
                        tuple(8, "amount"),
                        tuple(8, "anchor_date"),
                        tuple(8, "trade_name"),
                        tuple(9, "auth_no"),
                        tuple(9, "amount"),
                        tuple(9, "trade_name"),
                        tuple(10, "columns"));
        assertThat(result.errors().get(6).message())
                .isEqualTo("\"sub-001\" is also on line 2; each subscription may appear once");
        assertThat(result.format())
                .startsWith("14 errors in the subscription file; it cannot be imported until they are fixed:")
                .contains(System.lineSeparator() + "  line 3, amount: \"499.5\" is not a whole number of TWD")
                .contains(System.lineSeparator()
                        + "  line 9, trade_name: \"這是一個名稱超過三十個字的商品名稱這是一個名稱超過三十個字的商品名稱\" is 34 characters long");
        assertThatIllegalStateException().isThrownBy(result::rows);
    }

    @Test
    void blankLinesAtTheEndAreIgnored() throws IOException {
        assertThat(parse(HEADER + "\n" + GOOD_ROW + "\n\n\n  \n").rows()).hasSize(1);
        assertThat(parse(HEADER + "\r\n" + GOOD_ROW + "\r\n\r\n").rows()).hasSize(1);
        assertThat(parse(HEADER + "\n" + GOOD_ROW).rows())
                .as("no final line break")
                .hasSize(1);
    }

    @Test
    void blankLineBetweenRowsIsReported() throws IOException {
        SubscriptionCsvResult result = parseRows(GOOD_ROW, "", GOOD_ROW.replace("sub-1", "sub-2"), "");

        assertThat(error(result)).isEqualTo("line 3, columns: the line is empty; remove it");
    }

    @Test
    void headerOnlyFileHasNoRows() throws IOException {
        SubscriptionCsvResult result = parse(HEADER + "\n");

        assertThat(result.isValid()).isTrue();
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void unclosedQuoteIsReportedWithTheLineItStartsOnAfterEarlierErrors() throws IOException {
        SubscriptionCsvResult result =
                parseRows(GOOD_ROW.replace("499", "0"), GOOD_ROW.replace("Gold plan", "\"Gold plan"), GOOD_ROW);

        assertThat(result.errors())
                .extracting(RowError::line, RowError::field)
                .containsExactly(tuple(2, "amount"), tuple(3, "file"));
        assertThat(result.errors().get(1).message())
                .startsWith("a quoted value that starts on this line is never closed");
    }

    @Test
    void textAfterAClosingQuoteIsReported() throws IOException {
        assertThat(error(parseRows(GOOD_ROW.replace("Gold plan", "\"Gold\" plan"))))
                .startsWith("line 2, file: text follows a closing quote");
    }

    @Test
    void fileThatIsNotUtf8IsRefusedAtTheLineOfTheFirstBadByte(@TempDir Path dir) throws IOException {
        Path big5 = dir.resolve("big5.csv");
        String text = HEADER + "\r\n" + GOOD_ROW + "\r\n" + GOOD_ROW.replace("Gold plan", "黃金方案") + "\r\n";
        Files.writeString(big5, text, Charset.forName("Big5"));

        assertThat(error(SubscriptionCsv.parse(big5)))
                .isEqualTo("line 3, file: is not UTF-8 text here; save the file as CSV UTF-8 and import it again");
    }

    @Test
    void readerThatCannotDecodeItsInputIsReportedAsAFileError() throws IOException {
        byte[] latin1 =
                (HEADER + "\n" + GOOD_ROW.replace("Gold plan", "Café") + "\n").getBytes(StandardCharsets.ISO_8859_1);
        Reader strictUtf8 =
                new InputStreamReader(new ByteArrayInputStream(latin1), StandardCharsets.UTF_8.newDecoder());

        assertThat(error(SubscriptionCsv.parse(strictUtf8))).contains(", file: is not UTF-8 text");
    }

    @Test
    void validResultSummarisesItsRows() throws IOException {
        SubscriptionCsvResult result = parseRows(GOOD_ROW, GOOD_ROW.replace("sub-1", "sub-2"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.format()).isEqualTo("2 subscriptions, no errors");
        assertThat(parseRows(GOOD_ROW).format()).isEqualTo("1 subscription, no errors");
    }
}
