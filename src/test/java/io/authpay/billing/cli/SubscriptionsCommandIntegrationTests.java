package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionsCommandIntegrationTests {

    static final String HEADER = "external_id,auth_no,amount,currency,period,anchor_date,trade_name\n";

    final CliRun cli = new CliRun();
    JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @BeforeAll
    void migrate() {
        assertThat(cli.run("subscriptions", "list").exitCode()).isZero();
        jdbc = cli.jdbc();
    }

    @Test
    void aGoodFileImportsEveryRowAndAReimportUpdatesWithoutMovingTheNextDateBack() throws IOException {
        Path file = write(
                "good.csv",
                HEADER
                        + "imp-1,650660555924205568,499,TWD,MONTH,2026-01-31,\"Gold plan, monthly\"\n"
                        + "imp-2,650660555924205568,1200,TWD,QUARTER,2026-02-15,黃金方案季繳\n"
                        + "imp-3,650660555924205570,99,TWD,WEEK,2026-03-02,Weekly box\n");

        CliRun.Result result = cli.run("subscriptions", "import", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("3 new, 0 updated");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM subscription WHERE external_id LIKE 'imp-%'", Integer.class))
                .isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT trade_name FROM subscription WHERE external_id = 'imp-2'", String.class))
                .isEqualTo("黃金方案季繳");
        // a subscription's first auth_no creates its binding row, status unknown until refreshed
        assertThat(jdbc.queryForList(
                        "SELECT status FROM binding WHERE auth_no IN ('650660555924205568','650660555924205570')",
                        String.class))
                .containsExactly("UNKNOWN", "UNKNOWN");

        jdbc.update("UPDATE subscription SET next_billing_date = '2026-03-31' WHERE external_id = 'imp-1'");
        Path again = write("again.csv", HEADER + "imp-1,650660555924205568,599,TWD,MONTH,2026-01-31,Gold plan\n");
        CliRun.Result second = cli.run("subscriptions", "import", again.toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 new, 1 updated");
        assertThat(jdbc.queryForMap("SELECT amount, next_billing_date FROM subscription WHERE external_id = 'imp-1'"))
                .containsEntry("amount", 599L)
                .containsEntry("next_billing_date", java.sql.Date.valueOf("2026-03-31"));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'IMPORT_SUBSCRIPTIONS'"
                                + " AND target_id IN ('good.csv', 'again.csv')",
                        Integer.class))
                .isEqualTo(2);
    }

    @Test
    void aFileWithBadRowsExitsTwoNamesEachLineAndFieldAndWritesNothing() throws IOException {
        Path file = write(
                "bad.csv",
                HEADER
                        + "bad-1,650660555924205599,499,TWD,MONTH,2026-01-31,Fine row\n"
                        + "bad-2,650660555924205599,49.5,TWD,MONTH,2026-01-31,Half a dollar\n"
                        + "bad-3,650660555924205599,499,TWD,FORTNIGHT,2026-01-31,Odd period\n"
                        + "bad-4,650660555924205599,499,TWD,MONTH,2026-02-30,No such day\n");
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM subscription", Long.class);

        CliRun.Result result = cli.run("subscriptions", "import", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("line 3").contains("amount");
        assertThat(result.err()).contains("line 4").contains("period");
        assertThat(result.err()).contains("line 5").contains("anchor_date");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM subscription", Long.class))
                .isEqualTo(before);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM binding WHERE auth_no = '650660555924205599'", Integer.class))
                .isZero();
    }

    @Test
    void aHundredThousandRowFileWithOneBadRowInTheMiddleImportsNothingAndNamesTheRow() throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        for (int i = 1; i <= 100_000; i++) {
            text.append("big-")
                    .append(i)
                    .append(',')
                    .append(650_660_000_000_000_000L + i % 20_000)
                    .append(i == 50_000 ? ",4x9" : ",499")
                    .append(",TWD,MONTH,2026-01-31,Gold plan\n");
        }
        Path file = write("big.csv", text.toString());

        CliRun.Result result = cli.run("subscriptions", "import", file.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        // the header is line 1, so row 50,000 is line 50,001
        assertThat(result.err()).contains("1 error").contains("line 50001, amount: \"4x9\"");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM subscription WHERE external_id LIKE 'big-%'", Integer.class))
                .isZero();

        Files.writeString(file, text.toString().replace(",4x9,", ",499,"));
        CliRun.Result fixed = cli.run("subscriptions", "import", file.toString());

        assertThat(fixed.exitCode()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("100,000 new");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM subscription WHERE external_id LIKE 'big-%'", Integer.class))
                .isEqualTo(100_000);
    }

    @Test
    void columnsInAnotherOrderImportTheSameData() throws IOException {
        Path inOrder = write(
                "in-order.csv",
                HEADER
                        + "ord-1,650660555924205700,499,TWD,MONTH,2026-01-31,\"Gold, monthly\"\n"
                        + "ord-2,650660555924205701,1200,TWD,QUARTER,2026-02-15,季繳\n");
        Path reordered = write(
                "reordered.csv",
                "trade_name,period,external_id,amount,anchor_date,auth_no,currency\n"
                        + "\"Gold, monthly\",MONTH,ord-1,499,2026-01-31,650660555924205700,TWD\n"
                        + "季繳,QUARTER,ord-2,1200,2026-02-15,650660555924205701,TWD\n");
        assertThat(cli.run("subscriptions", "import", inOrder.toString()).exitCode())
                .isZero();
        List<Map<String, Object>> first = ordRows();

        CliRun.Result again = cli.run("subscriptions", "import", reordered.toString());

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 new, 0 updated (0 rescheduled), 2 unchanged");
        assertThat(ordRows()).isEqualTo(first);
    }

    @Test
    void aChangedAnchorIsShownByDryRunThenRecomputesTheNextBillingDateOrIsRefusedUnderAnOpenCharge()
            throws IOException {
        Path original = write("anchor.csv", HEADER + "anc-1,650660555924205800,499,TWD,MONTH,2026-01-31,Gold\n");
        assertThat(cli.run("subscriptions", "import", original.toString()).exitCode())
                .isZero();
        jdbc.update("UPDATE subscription SET next_billing_date = '2026-03-31' WHERE external_id = 'anc-1'");
        Path moved = write("moved.csv", HEADER + "anc-1,650660555924205800,599,TWD,MONTH,2026-01-15,Gold\n");

        CliRun.Result dryRun = cli.run("subscriptions", "import", "--dry-run", moved.toString());

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out())
                .contains("line 2, anc-1: amount 499 -> 599; anchor_date 2026-01-31 -> 2026-01-15;"
                        + " next_billing_date 2026-03-31 -> 2026-04-15")
                .contains("0 new, 1 updated (1 rescheduled)")
                .contains("nothing was written");
        assertThat(ancRow())
                .containsEntry("amount", 499L)
                .containsEntry("anchor_date", java.sql.Date.valueOf("2026-01-31"))
                .containsEntry("next_billing_date", java.sql.Date.valueOf("2026-03-31"));

        // an open charge for the current period: the schedule may not move under it
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) SELECT id, '2026-03', '2026-03-31', auth_no, amount, trade_name,"
                        + " 'DUE', NOW(6), NOW(6) FROM subscription WHERE external_id = 'anc-1'");
        CliRun.Result refused = cli.run("subscriptions", "import", moved.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains("line 2, anchor_date: changes the schedule of \"anc-1\" while its charge of period"
                        + " 2026-03 is open")
                .contains("nothing was imported");
        assertThat(ancRow()).containsEntry("amount", 499L);

        jdbc.update("UPDATE charge SET status = 'SUCCEEDED' WHERE period_key = '2026-03' AND subscription_id ="
                + " (SELECT id FROM subscription WHERE external_id = 'anc-1')");
        CliRun.Result imported = cli.run("subscriptions", "import", moved.toString());

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(ancRow())
                .containsEntry("amount", 599L)
                .containsEntry("anchor_date", java.sql.Date.valueOf("2026-01-15"))
                .containsEntry("next_billing_date", java.sql.Date.valueOf("2026-04-15"));
    }

    private List<Map<String, Object>> ordRows() {
        return jdbc.queryForList("SELECT external_id, auth_no, amount, currency, period, anchor_date,"
                + " next_billing_date, trade_name, status FROM subscription WHERE external_id LIKE 'ord-%'"
                + " ORDER BY external_id");
    }

    private Map<String, Object> ancRow() {
        return jdbc.queryForMap(
                "SELECT amount, anchor_date, next_billing_date FROM subscription WHERE external_id = 'anc-1'");
    }

    @Test
    void aMissingFileExitsTwoWithItsName() {
        CliRun.Result result =
                cli.run("subscriptions", "import", dir.resolve("nope.csv").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("nope.csv");
    }

    @Test
    void listPrintsJsonWithStableKeys() {
        jdbc.update("INSERT IGNORE INTO binding (auth_no, created_at, updated_at)"
                + " VALUES ('650660555924205600', NOW(6), NOW(6))");
        jdbc.update("INSERT IGNORE INTO subscription (external_id, auth_no, amount, period, anchor_date,"
                + " next_billing_date, trade_name, created_at, updated_at) VALUES ('list-1', '650660555924205600', 300,"
                + " 'YEAR', '2026-02-28', '2026-02-28', '年費', NOW(6), NOW(6))");

        CliRun.Result result = cli.run("subscriptions", "list", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains("\"external_id\" : \"list-1\"")
                .contains("\"next_billing_date\" : \"2026-02-28\"")
                .contains("\"trade_name\" : \"年費\"");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
