package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exports give every row unless --limit; a table says how many it leaves out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportsIntegrationTests {

    static final int SUBSCRIPTIONS = 60;

    final CliRun cli = new CliRun();
    JdbcTemplate jdbc;

    @BeforeAll
    void sixtySubscriptionsWithACharge() {
        assertThat(cli.run("subscriptions", "list").exitCode()).isZero();
        jdbc = cli.jdbc();
        jdbc.update(
                "INSERT INTO binding (auth_no, created_at, updated_at) VALUES ('650660555924207001', NOW(6), NOW(6))");
        for (int i = 1; i <= SUBSCRIPTIONS; i++) {
            String id = String.format("exp-%02d", i);
            jdbc.update(
                    "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                            + " trade_name, created_at, updated_at) VALUES (?, '650660555924207001', 499, 'MONTH',"
                            + " '2026-05-01', '2026-05-01', 'Gold, \"monthly\"', NOW(6), NOW(6))",
                    id);
            jdbc.update(
                    "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                            + " created_at, updated_at) SELECT id, '2026-05', '2026-05-01', auth_no, amount, trade_name,"
                            + " 'DUE', NOW(6), NOW(6) FROM subscription"
                            + " WHERE external_id = ?",
                    id);
        }
        long first = jdbc.queryForObject(
                "SELECT c.id FROM charge c JOIN subscription s ON s.id = c.subscription_id WHERE s.external_id = 'exp-01'",
                Long.class);
        for (int attempt = 1; attempt <= 2; attempt++) {
            jdbc.update(
                    "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, requested_at)"
                            + " VALUES (?, ?, ?, '650660555924207001', 499, '2026-05-01 00:05:00')",
                    first,
                    attempt,
                    "ab-" + first + "-" + attempt);
        }
    }

    @Test
    void chargesInJsonAndCsvAreEveryChargeWithoutALimit() throws Exception {
        CliRun.Result json = cli.run("charges", "--format", "json");
        CliRun.Result csv = cli.run("charges", "--format", "csv");

        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode array = JsonMapper.builder().build().readTree(json.out());
        assertThat(array.size()).isEqualTo(SUBSCRIPTIONS);
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<CSVRecord> records = csv(csv.out());
        assertThat(records).hasSize(SUBSCRIPTIONS);
        // the CSV's columns are the JSON's keys, in the same order
        List<String> keys = iterable(array.get(0).propertyNames());
        assertThat(records.get(0).getParser().getHeaderNames()).isEqualTo(keys);
        CSVRecord first = records.stream()
                .filter(r -> r.get("external_id").equals("exp-01"))
                .findFirst()
                .orElseThrow();
        assertThat(first.get("platform_order_ids")).matches("ab-\\d+-1 ab-\\d+-2");
        assertThat(first.get("next_attempt_at")).isEmpty();
    }

    @Test
    void aLimitCutsAnExportAndATableSaysHowManyItLeavesOut() throws Exception {
        CliRun.Result limited = cli.run("charges", "--format", "json", "--limit", "5");
        CliRun.Result table = cli.run("charges");

        assertThat(JsonMapper.builder().build().readTree(limited.out()).size()).isEqualTo(5);
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().strip().lines().toList())
                .hasSize(1 + ChargesCommand.TABLE_LIMIT + 1)
                .last()
                .asString()
                .startsWith("showing 50 of 60 charges; use --limit");
    }

    @Test
    void subscriptionsListStreamsEveryOneAndItsTableSaysHowManyThereAre() throws Exception {
        CliRun.Result csv = cli.run("subscriptions", "list", "--format", "csv");
        CliRun.Result table = cli.run("subscriptions", "list");

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        List<CSVRecord> records = csv(csv.out());
        assertThat(records).hasSize(SUBSCRIPTIONS);
        assertThat(records.get(59).get("external_id")).isEqualTo("exp-60");
        assertThat(records.get(0).get("trade_name")).isEqualTo("Gold, \"monthly\"");
        assertThat(table.out()).contains("showing 50 of 60 subscriptions; use --limit");
    }

    @Test
    void executionsExportAsCsvToo() throws Exception {
        CliRun.Result csv = cli.run("executions", "--format", "csv");

        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("execution_id,job,date,slot,status");
    }

    private static List<CSVRecord> csv(String text) throws Exception {
        try (CSVParser parser = CSVParser.parse(
                new StringReader(text),
                CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            return parser.getRecords();
        }
    }

    private static <T> List<T> iterable(java.util.Collection<T> values) {
        return List.copyOf(values);
    }
}
