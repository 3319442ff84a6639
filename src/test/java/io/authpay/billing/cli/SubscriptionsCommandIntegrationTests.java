package io.authpay.billing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'IMPORT_SUBSCRIPTIONS'", Integer.class))
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
    void aMissingFileExitsTwoWithItsName() {
        CliRun.Result result =
                cli.run("subscriptions", "import", dir.resolve("nope.csv").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no such file").contains("nope.csv");
    }

    @Test
    void listPrintsJsonWithStableKeys() {
        jdbc.update("INSERT IGNORE INTO binding (auth_no) VALUES ('650660555924205600')");
        jdbc.update("INSERT IGNORE INTO subscription (external_id, auth_no, amount, period, anchor_date,"
                + " next_billing_date, trade_name) VALUES ('list-1', '650660555924205600', 300, 'YEAR', '2026-02-28',"
                + " '2026-02-28', '年費')");

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
