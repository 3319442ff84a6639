package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.report.BillingReport;
import io.authpay.billing.report.BillingReports;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.SubscriptionRow;
import io.authpay.billing.subscription.SubscriptionService;
import io.authpay.billing.system.DbTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every write of binding, subscription and charge stamps {@code created_at}/{@code updated_at} with the
 * program's clock, not the database server's: here the clock reads 15 March 2031 in Taipei, years from the
 * server's. The seeds of these tests are stamped with the server's clock ({@code NOW(6)}), so a stamp in the
 * clock's window can only come from the write under test.
 */
class ClockStampedRowsIntegrationTests extends ChargeEngineIntegrationTest {

    static final LocalDate DAY = LocalDate.of(2031, 3, 15);

    @Autowired
    SubscriptionImporter importer;

    @Autowired
    SubscriptionService subscriptions;

    @Autowired
    NightlyBilling nightly;

    @Autowired
    BillingReports reports;

    /** The clock's reading before the write under test. */
    Instant before;

    @BeforeEach
    void farFromTheServersClock() {
        CLOCK.setTaipei("2031-03-15T10:00");
        before = CLOCK.instant();
        // Otherwise a stamp from either clock would pass.
        Instant server = jdbc.queryForObject("SELECT NOW(6)", (rs, i) -> DbTime.instant(rs, 1));
        assertThat(Duration.between(server, before).abs()).isGreaterThan(Duration.ofDays(30));
    }

    @Test
    void anImportedSubscriptionAndItsNewBindingAreStampedByTheClockAndAChangeMovesOnlyUpdatedAt() {
        String authNo = "650660555924200001";
        importer.importAll(
                List.of(new SubscriptionRow(
                        2, "imp-1", authNo, 499, "TWD", BillingPeriod.MONTH, DAY, DAY, "Gold plan")),
                "test",
                "stamps.csv");

        Instant created = stampedNow("subscription", "external_id = 'imp-1'", true);
        stampedNow("binding", "auth_no = '" + authNo + "'", true);

        CLOCK.advance(Duration.ofDays(2));
        before = CLOCK.instant();
        importer.importAll(
                List.of(new SubscriptionRow(
                        2, "imp-1", authNo, 599, "TWD", BillingPeriod.MONTH, DAY, DAY, "Gold plan")),
                "test",
                "stamps.csv");

        stampedNow("subscription", "external_id = 'imp-1'", false);
        assertThat(instant("SELECT created_at FROM subscription WHERE external_id = 'imp-1'"))
                .isEqualTo(created);
    }

    @Test
    void aSubscriptionCreatedThroughTheApiAndItsBindingAreStampedByTheClock() {
        String authNo = "650660555924200002";
        subscriptions.create(
                new SubscriptionService.Create(
                        "api-1", authNo, "499", "TWD", "MONTH", DAY.toString(), "Gold plan", DAY.toString()),
                null,
                null,
                "test");

        stampedNow("subscription", "external_id = 'api-1'", true);
        stampedNow("binding", "auth_no = '" + authNo + "'", true);
    }

    @Test
    void nightlyChargeCreationStampsTheNewCharges() {
        long subscription = subscription(binding(499, SandboxCyclePeriod.MONTH, 1), 499, BillingPeriod.MONTH, DAY, DAY);

        assertThat(nightly.createDueCharges(DAY)).isEqualTo(1);

        stampedNow("charge", "subscription_id = " + subscription, true);
    }

    @Test
    void aPaidAndADeclinedChargeOfTheDailyRunAreStampedByTheClockAsAreTheirSubscriptionAndBinding() {
        String paidAuth = binding(499, SandboxCyclePeriod.MONTH, 1);
        long paid = charge(subscription(paidAuth, 499, BillingPeriod.MONTH, DAY, DAY), DAY);
        String declinedAuth = binding(499, SandboxCyclePeriod.MONTH, 1);
        long declined = charge(subscription(declinedAuth, 499, BillingPeriod.MONTH, DAY, DAY), DAY);
        SANDBOX.faults()
                .resultCode(
                        ResultCode.PAYMENT_FAILED,
                        FaultTarget.authNo(declinedAuth).times(1));

        runOnce();

        assertThat(status(paid)).isEqualTo("SUCCEEDED");
        assertThat(status(declined)).isEqualTo("RETRY_SCHEDULED");
        stampedNow("charge", "id = " + paid, false);
        stampedNow("charge", "id = " + declined, false);
        // the paid period moved the subscription on; the lease was taken and given back on the binding
        stampedNow("subscription", "id = " + subscriptionOf(paid), false);
        stampedNow("binding", "auth_no = '" + paidAuth + "'", false);
        stampedNow("binding", "auth_no = '" + declinedAuth + "'", false);
    }

    @Test
    void aPauseAndARevocationAreStampedByTheClock() {
        long paused = subscription(binding(499, SandboxCyclePeriod.MONTH, 1), 499, BillingPeriod.MONTH, DAY, DAY);
        String externalId =
                jdbc.queryForObject("SELECT external_id FROM subscription WHERE id = ?", String.class, paused);
        long revokedCharge = charge(subscription(unknownBinding(), 499, BillingPeriod.MONTH, DAY, DAY), DAY);

        subscriptions.pause(externalId, "test");
        runOnce(); // JKoPay does not know the binding (301): its subscription is revoked

        assertThat(jdbc.queryForObject("SELECT status FROM subscription WHERE id = ?", String.class, paused))
                .isEqualTo("PAUSED");
        stampedNow("subscription", "id = " + paused, false);
        assertThat(jdbc.queryForObject(
                        "SELECT status FROM subscription WHERE id = ?", String.class, subscriptionOf(revokedCharge)))
                .isEqualTo("AUTH_REVOKED");
        stampedNow("subscription", "id = " + subscriptionOf(revokedCharge), false);
        stampedNow("charge", "id = " + revokedCharge, false);
    }

    @Test
    void aBindingRefreshIsStampedByTheClock() {
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1); // never refreshed: the nightly run asks
        subscription(authNo, 499, BillingPeriod.MONTH, DAY, DAY.plusMonths(1));

        assertThat(nightly.refreshBindings(RunControl.unattended())).isEqualTo(1);

        stampedNow("binding", "auth_no = '" + authNo + "'", false);
    }

    @Test
    void theReportsFailedChargesAndSubscriptionChangesArePickedByTheSimulatedDay() {
        // Due on 1 March, its last dunning retry fails on the 15th: FAILED, and its subscription PAST_DUE.
        LocalDate due = DAY.withDayOfMonth(1);
        String authNo = binding(499, SandboxCyclePeriod.MONTH, 1);
        long chargeId = charge(subscription(authNo, 499, BillingPeriod.MONTH, due, due), due);
        jdbc.update(
                "UPDATE charge SET status = 'RETRY_SCHEDULED', attempts = 3, dunning_attempts = 3 WHERE id = ?",
                chargeId);
        SANDBOX.faults()
                .resultCode(
                        ResultCode.PAYMENT_FAILED, FaultTarget.authNo(authNo).times(1));

        runOnce();

        assertThat(status(chargeId)).isEqualTo("FAILED");
        String externalId = jdbc.queryForObject(
                "SELECT external_id FROM subscription WHERE id = ? AND status = 'PAST_DUE'",
                String.class,
                subscriptionOf(chargeId));
        BillingReport onTheDay = reports.forRange(DAY, DAY);
        assertThat(onTheDay.review())
                .extracting(BillingReport.ReviewCharge::externalId)
                .containsExactly(externalId);
        assertThat(onTheDay.subscriptionChanges())
                .extracting(BillingReport.SubscriptionChange::externalId)
                .containsExactly(externalId);
        BillingReport dayBefore = reports.forRange(DAY.minusDays(1), DAY.minusDays(1));
        assertThat(dayBefore.review()).isEmpty();
        assertThat(dayBefore.subscriptionChanges()).isEmpty();
    }

    /**
     * Asserts that the row's {@code updated_at} (and {@code created_at} when {@code created}) lies between
     * {@link #before} and the clock's reading now; returns its {@code created_at}.
     */
    private Instant stampedNow(String table, String where, boolean created) {
        // DATETIME(6) keeps microseconds: a millisecond either side covers its rounding
        Instant from = before.minusMillis(1);
        Instant after = CLOCK.instant().plusMillis(1);
        Instant createdAt = instant("SELECT created_at FROM " + table + " WHERE " + where);
        assertThat(instant("SELECT updated_at FROM " + table + " WHERE " + where))
                .as("%s updated_at where %s", table, where)
                .isBetween(from, after);
        if (created) {
            assertThat(createdAt).as("%s created_at where %s", table, where).isBetween(from, after);
        }
        return createdAt;
    }

    private Instant instant(String sql) {
        return jdbc.queryForObject(sql, (rs, i) -> DbTime.instant(rs, 1));
    }
}
