package io.authpay.billing.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaMigrationIntegrationTests extends DatabaseIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void flywayCreatesTheBillingBatchAndQuartzTables() {
        List<String> tables = jdbc.queryForList(
                "SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = DATABASE()",
                String.class);
        assertThat(tables)
                .contains(
                        "binding",
                        "subscription",
                        "charge",
                        "charge_attempt",
                        "refund",
                        "audit_event",
                        "batch_job_execution",
                        "batch_step_execution_context",
                        "qrtz_triggers",
                        "qrtz_locks");
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success = 1", String.class))
                .contains("1", "2", "3", "4");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0", Integer.class))
                .isZero();
    }

    @Test
    void theJobsQueriesHaveNamedIndexes() {
        List<String> indexes = jdbc.queryForList(
                "SELECT DISTINCT LOWER(index_name) FROM information_schema.statistics WHERE table_schema = DATABASE()",
                String.class);
        assertThat(indexes)
                .contains(
                        "ix_charge_status_next_attempt_at",
                        "uk_charge_attempt_platform_order_id",
                        "ix_subscription_status_next_billing_date",
                        "uk_charge_subscription_period",
                        "ix_charge_attempt_outcome_requested_at");
    }

    @Test
    void eachDatabaseGetsItsOwnRandomInstallationIdForOrderIds() {
        assertThat(jdbc.queryForList("SELECT id FROM installation", String.class))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("[0-9a-f]{8}");
    }

    @Test
    void everyConnectionWorksInUtcSoNowMatchesStoredInstants() {
        assertThat(jdbc.queryForObject("SELECT @@session.time_zone", String.class))
                .isEqualTo("+00:00");
    }

    @Test
    void chineseTradeNamesRoundTripAndCountCharactersNotBytes() {
        jdbc.update(
                "INSERT INTO binding (auth_no, created_at, updated_at) VALUES ('900000000000000001', NOW(6), NOW(6))");
        String name = "黃金方案二〇二六年十二月份訂閱費用，感謝您的支持與愛護！好好"; // 30 characters
        assertThat(name.codePointCount(0, name.length())).isEqualTo(30);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES ('s-1', '900000000000000001', 499, 'MONTH',"
                        + " '2026-01-31', '2026-01-31', ?, NOW(6), NOW(6))",
                name);
        assertThat(jdbc.queryForObject("SELECT trade_name FROM subscription WHERE external_id = 's-1'", String.class))
                .isEqualTo(name);
    }

    @Test
    void theServerNoLongerRestampsRowsButAPreviousVersionsInsertStillWorks() {
        // created_at/updated_at come from the program's clock (sql/V11): no ON UPDATE of the server's time
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at)"
                + " VALUES ('900000000000000002', '2031-03-15 02:00:00', '2031-03-15 02:00:00')");
        jdbc.update("UPDATE binding SET status = 'GRANTED' WHERE auth_no = '900000000000000002'");
        assertThat(jdbc.queryForObject(
                        "SELECT CAST(updated_at AS CHAR) FROM binding WHERE auth_no = '900000000000000002'",
                        String.class))
                .as("no ON UPDATE of the server's time")
                .startsWith("2031-03-15 02:00:00");
        // a pod of the previous version names no stamp: during a rolling upgrade its inserts must still work
        jdbc.update("INSERT INTO binding (auth_no) VALUES ('900000000000000003')");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM binding WHERE auth_no = '900000000000000003' AND created_at IS NOT NULL",
                        Integer.class))
                .isOne();
        for (String table : List.of("binding", "subscription", "charge")) {
            List<String> extras = jdbc.queryForList(
                    "SELECT LOWER(extra) FROM information_schema.columns WHERE table_schema = DATABASE()"
                            + " AND table_name = ? AND column_name IN ('created_at', 'updated_at')",
                    String.class,
                    table);
            assertThat(extras).as(table).hasSize(2).noneMatch(extra -> extra.contains("on update"));
        }
    }
}
