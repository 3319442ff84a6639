package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.authpay.billing.subscription.BillingCalendar;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class NightlyChargeCreationIntegrationTests extends DatabaseIntegrationTest {

    static final LocalDate THROUGH = LocalDate.parse("2026-03-10");

    @Autowired
    NightlyBilling nightly;

    @Autowired
    JdbcTemplate jdbc;

    int serial;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM charge");
        jdbc.update("DELETE FROM subscription");
        jdbc.update("DELETE FROM binding");
    }

    @Test
    void createsTheChargesDueOnOrBeforeTheDateAndNoneAfter() {
        long before = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-09", "2026-03-09");
        long onTheDay = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-10", "2026-03-10");
        long dayAfter = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-11", "2026-03-11");

        int created = nightly.createDueCharges(THROUGH);

        assertThat(created).isEqualTo(2);
        assertThat(chargesOf(before)).containsExactly("2026-03@2026-03-09");
        assertThat(chargesOf(onTheDay)).containsExactly("2026-03@2026-03-10");
        assertThat(chargesOf(dayAfter)).isEmpty();
    }

    @Test
    void aChargeCopiesTheSubscriptionAndIsDueWhenItsDaysWindowOpens() {
        long id = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-10", "2026-03-10", 1_299, "黃金會員月費方案（含運費）☕");

        nightly.createDueCharges(THROUGH);

        Map<String, Object> charge = jdbc.queryForMap(
                "SELECT c.status, c.amount, c.trade_name, c.auth_no, c.next_attempt_at, c.attempts,"
                        + " s.auth_no AS subscription_auth_no FROM charge c JOIN subscription s"
                        + " ON s.id = c.subscription_id WHERE c.subscription_id = ?",
                id);
        assertThat(charge)
                .containsEntry("status", "DUE")
                .containsEntry("amount", 1_299L)
                .containsEntry("trade_name", "黃金會員月費方案（含運費）☕")
                .containsEntry("attempts", 0)
                .containsEntry("next_attempt_at", java.time.LocalDateTime.parse("2026-03-10T00:00")); // 08:00 Taipei
        assertThat(charge.get("auth_no")).isEqualTo(charge.get("subscription_auth_no"));
    }

    @Test
    void aSecondRunCreatesNothing() {
        long id = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-10", "2026-03-10");
        subscription("ACTIVE", BillingPeriod.WEEK, "2026-03-02", "2026-03-09");

        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(2);
        // the charge is being worked on by the daily engine meanwhile: still no second one
        jdbc.update("UPDATE charge SET status = 'RETRY_SCHEDULED' WHERE subscription_id = ?", id);

        assertThat(nightly.createDueCharges(THROUGH)).isZero();
        assertThat(nightly.createDueCharges(THROUGH.plusDays(1))).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge", Integer.class))
                .isEqualTo(2);
    }

    @Test
    void onlyActiveSubscriptionsGetCharges() {
        long active = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-10", "2026-03-10");
        List<Long> others = new ArrayList<>();
        for (String status : List.of("PAST_DUE", "PAUSED", "CANCELED", "AUTH_REVOKED")) {
            others.add(subscription(status, BillingPeriod.MONTH, "2026-01-10", "2026-02-10"));
        }

        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(1);

        assertThat(chargesOf(active)).hasSize(1);
        for (long other : others) {
            assertThat(chargesOf(other)).as("subscription %d", other).isEmpty();
        }
    }

    @Test
    void aSubscriptionYearsBehindCatchesUpOnePeriodPerRunOldestFirst() {
        LocalDate anchor = LocalDate.parse("2023-01-15");
        long id = subscription("ACTIVE", BillingPeriod.MONTH, "2023-01-15", "2023-01-15");

        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(1);
        assertThat(chargesOf(id)).containsExactly("2023-01@2023-01-15");
        assertThat(nightly.createDueCharges(THROUGH)).isZero();

        pay(id, anchor, BillingPeriod.MONTH);
        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(1);
        assertThat(chargesOf(id)).containsExactly("2023-01@2023-01-15", "2023-02@2023-02-15");

        pay(id, anchor, BillingPeriod.MONTH);
        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(1);
        assertThat(chargesOf(id)).containsExactly("2023-01@2023-01-15", "2023-02@2023-02-15", "2023-03@2023-03-15");
    }

    @Test
    void aMonthEndAnchorBillsOnTheLastDayOfFebruaryThenReturnsToThe31st() {
        LocalDate anchor = LocalDate.parse("2026-01-31");
        long id = subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-31", "2026-01-31");

        nightly.createDueCharges(LocalDate.parse("2026-01-31"));
        pay(id, anchor, BillingPeriod.MONTH);
        assertThat(nightly.createDueCharges(LocalDate.parse("2026-02-27"))).isZero();
        assertThat(nightly.createDueCharges(LocalDate.parse("2026-02-28"))).isEqualTo(1);
        pay(id, anchor, BillingPeriod.MONTH);
        nightly.createDueCharges(LocalDate.parse("2026-03-31"));

        assertThat(chargesOf(id)).containsExactly("2026-01@2026-01-31", "2026-02@2026-02-28", "2026-03@2026-03-31");
    }

    @Test
    void weeklyQuarterlyAndYearlyChargesGetTheirPeriodKeys() {
        // 2027-01-01 is a Friday of ISO week 2026-W53
        long weekly = subscription("ACTIVE", BillingPeriod.WEEK, "2026-12-25", "2027-01-01");
        long quarterly = subscription("ACTIVE", BillingPeriod.QUARTER, "2026-08-15", "2026-11-15");
        long yearly = subscription("ACTIVE", BillingPeriod.YEAR, "2024-02-29", "2026-02-28");

        assertThat(nightly.createDueCharges(LocalDate.parse("2027-01-01"))).isEqualTo(3);

        assertThat(chargesOf(weekly)).containsExactly("2026-W53@2027-01-01");
        assertThat(chargesOf(quarterly)).containsExactly("2026-Q4@2026-11-15");
        assertThat(chargesOf(yearly)).containsExactly("2026@2026-02-28");
    }

    @Test
    void pagesThroughMoreSubscriptionsThanOneBatch() {
        int count = NightlyBilling.BATCH_SIZE * 2 + 3;
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at) VALUES ('bulk-auth', NOW(6), NOW(6))");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {"bulk-" + i});
        }
        jdbc.batchUpdate(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status, created_at, updated_at) VALUES (?, 'bulk-auth', 99, 'WEEK', '2026-03-02',"
                        + " '2026-03-09', '每週咖啡豆', 'ACTIVE', NOW(6), NOW(6))",
                rows);
        // one that is not due, with an id after every due one, is still left out
        subscription("ACTIVE", BillingPeriod.MONTH, "2026-01-11", "2026-03-11");

        assertThat(nightly.createDueCharges(THROUGH)).isEqualTo(count);
        assertThat(nightly.createDueCharges(THROUGH)).isZero();

        assertThat(jdbc.queryForList(
                        "SELECT period_key, trade_name, COUNT(*) AS n FROM charge GROUP BY period_key, trade_name"))
                .extracting(r -> r.get("period_key"), r -> r.get("trade_name"), r -> ((Number) r.get("n")).intValue())
                .containsExactly(tuple("2026-W11", "每週咖啡豆", count));
    }

    /** The daily engine's part once a charge is paid: the next billing date moves to the following period. */
    void pay(long id, LocalDate anchor, BillingPeriod period) {
        LocalDate current =
                jdbc.queryForObject("SELECT next_billing_date FROM subscription WHERE id = ?", LocalDate.class, id);
        jdbc.update(
                "UPDATE subscription SET next_billing_date = ? WHERE id = ?",
                BillingCalendar.nextBillingDate(anchor, period, current),
                id);
        jdbc.update(
                "UPDATE charge SET status = 'SUCCEEDED' WHERE subscription_id = ? AND billing_date = ?", id, current);
    }

    long subscription(String status, BillingPeriod period, String anchor, String next) {
        return subscription(status, period, anchor, next, 499, "Gold plan");
    }

    long subscription(String status, BillingPeriod period, String anchor, String next, long amount, String tradeName) {
        String n = String.valueOf(++serial);
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", "auth-" + n);
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NOW(6), NOW(6))",
                "sub-" + n,
                "auth-" + n,
                amount,
                period.name(),
                LocalDate.parse(anchor),
                LocalDate.parse(next),
                tradeName,
                status);
        return jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = ?", Long.class, "sub-" + n);
    }

    /** {@code period_key@billing_date} of every charge of a subscription, oldest first. */
    List<String> chargesOf(long subscriptionId) {
        return jdbc.queryForList(
                "SELECT CONCAT(period_key, '@', billing_date) FROM charge WHERE subscription_id = ?"
                        + " ORDER BY billing_date",
                String.class,
                subscriptionId);
    }
}
