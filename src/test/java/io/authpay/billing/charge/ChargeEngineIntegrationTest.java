package io.authpay.billing.charge;

import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.sandbox.SandboxLedger;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.PeriodKey;
import io.authpay.billing.system.DbTime;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The charge engine against the real sandbox over HTTP and the real database. The application and the
 * sandbox share one clock that runs at real speed from a time each test sets (Taipei wall time); the
 * sandbox may be skewed from it, as JKoPay's clock may be from ours. Every test starts from empty billing
 * tables; the sandbox lives as long as the JVM, so tests look at their own auth_nos in its ledger.
 */
@Import(ChargeEngineIntegrationTest.Clocks.class)
abstract class ChargeEngineIntegrationTest extends DatabaseIntegrationTest {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /** The application's clock: real speed, from wherever the test puts it. */
    static final SettableClock CLOCK = new SettableClock();

    /** The sandbox's clock: the application's plus a skew. */
    static final SettableClock.Skewed SANDBOX_CLOCK = CLOCK.skewed();

    static final AuthPaySandbox SANDBOX =
            AuthPaySandbox.builder().clock(SANDBOX_CLOCK).build().start();

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("billing.authpay.base-url", () -> SANDBOX.baseUrl().toString());
        registry.add("billing.authpay.api-key", () -> "sandbox-api-key");
        // A test class may set test.authpay.secret-key to send a wrong one.
        registry.add("billing.authpay.secret-key", () -> "${test.authpay.secret-key:sandbox-secret}");
        registry.add("billing.authpay.store-id", () -> "sandbox-store");
        registry.add("billing.authpay.connect-timeout", () -> "1s");
        registry.add("billing.authpay.response-timeout", () -> "1s");
        registry.add("billing.charge.concurrency", () -> "4");
        registry.add("billing.retry.busy-backoff", () -> "200ms,400ms,800ms");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DailyChargeRun run;

    @Autowired
    InquirySettler settler;

    @Autowired
    BindingLease lease;

    @Autowired
    AttemptTotals attemptTotals;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM charge_attempt");
        jdbc.update("DELETE FROM charge_attempt_total");
        jdbc.update("DELETE FROM charge");
        jdbc.update("DELETE FROM subscription");
        jdbc.update("DELETE FROM binding");
        SANDBOX.faults().reset();
        SANDBOX_CLOCK.skew(Duration.ZERO);
        CLOCK.setTaipei("2026-12-01T10:00");
    }

    /** Whatever a test did, the totals the report reads still equal a count of the attempts. */
    @org.junit.jupiter.api.AfterEach
    void attemptTotalsEqualARecount() {
        AttemptTotalsCheck.assertEqualToARecount(jdbc);
    }

    static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TAIPEI).toInstant();
    }

    static SandboxLedger ledger() {
        return SANDBOX.ledger();
    }

    /** A granted sandbox binding, stored as a detail refresh would store it; returns its auth_no. */
    String binding(long amount, SandboxCyclePeriod period, int times) {
        String authNo = SANDBOX.bindings().createGranted(amount, period, times);
        jdbc.update(
                "INSERT INTO binding (auth_no, status, billing_amount, billing_currency, billing_period, billing_times,"
                        + " created_at, updated_at) VALUES (?, 'GRANTED', ?, 'TWD', ?, ?, NOW(6), NOW(6))",
                authNo,
                amount,
                period.name(),
                times);
        return authNo;
    }

    /** A binding row for an auth_no the sandbox has never heard of (it answers 301). */
    String unknownBinding() {
        String authNo = "999" + System.nanoTime() % 1_000_000_000_000L;
        jdbc.update("INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", authNo);
        return authNo;
    }

    long subscription(String authNo, long amount, BillingPeriod period, LocalDate anchor, LocalDate next) {
        String externalId = "sub-" + System.nanoTime();
        jdbc.update(
                "INSERT INTO subscription (external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW(6), NOW(6))",
                externalId,
                authNo,
                amount,
                period.name(),
                anchor,
                next,
                "Gold plan");
        return jdbc.queryForObject("SELECT id FROM subscription WHERE external_id = ?", Long.class, externalId);
    }

    /** A DUE charge for the subscription's period of {@code billingDate}. */
    long charge(long subscriptionId, LocalDate billingDate) {
        Map<String, Object> sub =
                jdbc.queryForMap("SELECT auth_no, amount, period FROM subscription WHERE id = ?", subscriptionId);
        String key = PeriodKey.of(BillingPeriod.valueOf((String) sub.get("period")), billingDate)
                .value();
        jdbc.update(
                "INSERT INTO charge (subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'DUE', NOW(6), NOW(6))",
                subscriptionId,
                key,
                billingDate,
                sub.get("auth_no"),
                sub.get("amount"),
                "Gold plan " + key);
        return jdbc.queryForObject(
                "SELECT id FROM charge WHERE subscription_id = ? AND period_key = ?", Long.class, subscriptionId, key);
    }

    /** A monthly subscription of {@code amount} on a fresh binding, anchored on 1 Dec 2026, with its DUE charge. */
    long dueCharge(String authNo, long amount) {
        LocalDate date = LocalDate.of(2026, 12, 1);
        return charge(subscription(authNo, amount, BillingPeriod.MONTH, date, date), date);
    }

    Map<String, Object> chargeRow(long chargeId) {
        return jdbc.queryForMap("SELECT * FROM charge WHERE id = ?", chargeId);
    }

    String status(long chargeId) {
        return jdbc.queryForObject("SELECT status FROM charge WHERE id = ?", String.class, chargeId);
    }

    Instant nextAttemptAt(long chargeId) {
        return jdbc.query("SELECT next_attempt_at FROM charge WHERE id = ?", (rs, i) -> DbTime.instant(rs, 1), chargeId)
                .get(0);
    }

    List<Map<String, Object>> attempts(long chargeId) {
        return jdbc.queryForList("SELECT * FROM charge_attempt WHERE charge_id = ? ORDER BY attempt_no", chargeId);
    }

    Map<String, Object> subscriptionRow(long subscriptionId) {
        return jdbc.queryForMap("SELECT * FROM subscription WHERE id = ?", subscriptionId);
    }

    long subscriptionOf(long chargeId) {
        return jdbc.queryForObject("SELECT subscription_id FROM charge WHERE id = ?", Long.class, chargeId);
    }

    RunSummary runOnce() {
        return run.chargeDue(RunControl.unattended());
    }

    /** A clock at real speed whose reading the test moves. */
    static final class SettableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void set(Instant now) {
            offset = Duration.between(Clock.systemUTC().instant(), now);
        }

        void setTaipei(String localDateTime) {
            set(taipei(localDateTime));
        }

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        @Override
        public Instant instant() {
            return Clock.systemUTC().instant().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the engine only asks for instants");
        }

        Skewed skewed() {
            return new Skewed(this);
        }

        /** Another clock's reading plus a skew. */
        static final class Skewed extends Clock {
            private final Clock base;
            private volatile Duration skew = Duration.ZERO;

            Skewed(Clock base) {
                this.base = base;
            }

            void skew(Duration skew) {
                this.skew = skew;
            }

            @Override
            public Instant instant() {
                return base.instant().plus(skew);
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the sandbox only asks for instants");
            }
        }
    }
}
