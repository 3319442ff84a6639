package io.authpay.billing.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.system.DbTime;
import io.authpay.billing.testing.DatabaseIntegrationTest;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A week with 200,000 attempts: the report reads it in one pass per day, aggregated in the database. The
 * timings are printed for people to watch, not asserted: this machine is shared.
 */
@TestPropertySource(properties = "report.test.database=large")
class ReportLargeRangeIntegrationTests extends DatabaseIntegrationTest {

    static final LocalDate FIRST = LocalDate.parse("2026-09-01");
    static final int DAYS = 7;
    static final int SUBSCRIPTIONS = 1_000;
    static final int CHARGES = 50_000;
    static final int ATTEMPTS_PER_CHARGE = 4;
    static final String[] OUTCOMES = {"SUCCEEDED", "SOFT_DECLINE", "BUSY_AUTH", "UNKNOWN"};
    static final String[] CODES = {"000", "104", "307", "999"};

    @Autowired
    BillingReports reports;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aWeekOfTwoHundredThousandAttemptsReportsQuickly() {
        long seedStarted = System.nanoTime();
        long[] latencyHistogram = seed();
        long seeded = System.nanoTime();

        BillingReport report = reports.forRange(FIRST, FIRST.plusDays(DAYS - 1));
        long read = System.nanoTime();
        int bytes = 0;
        for (ReportFormat format : ReportFormat.values()) {
            bytes += reports.render(report, format, null).length();
        }
        long rendered = System.nanoTime();

        System.out.printf(
                "[report timing] seeded %,d attempts in %d ms; read the report in %d ms; rendered 4 formats"
                        + " (%,d chars) in %d ms%n",
                CHARGES * ATTEMPTS_PER_CHARGE,
                (seeded - seedStarted) / 1_000_000,
                (read - seeded) / 1_000_000,
                bytes,
                (rendered - read) / 1_000_000);

        assertThat(report.summary().attempts()).isEqualTo((long) CHARGES * ATTEMPTS_PER_CHARGE);
        assertThat(report.summary().chargesDue()).isEqualTo(CHARGES);
        assertThat(report.byDay()).hasSize(DAYS);
        // attempt i of every charge has outcome i: a quarter each
        assertThat(report.outcomes())
                .filteredOn(o -> o.count() > 0)
                .extracting(BillingReport.OutcomeTotal::count)
                .containsOnly((long) CHARGES);
        // the exact nearest-rank percentiles of what was seeded, from its own histogram
        long n = (long) CHARGES * ATTEMPTS_PER_CHARGE;
        assertThat(report.latency().samples()).isEqualTo(n);
        assertThat(report.latency().p50Ms()).isEqualTo(valueOfRank(latencyHistogram, (50 * n + 99) / 100));
        assertThat(report.latency().p99Ms()).isEqualTo(valueOfRank(latencyHistogram, (99 * n + 99) / 100));
        assertThat(report.latency().maxMs()).isEqualTo(valueOfRank(latencyHistogram, n));
    }

    private static long valueOfRank(long[] histogram, long rank) {
        long seen = 0;
        for (int ms = 0; ms < histogram.length; ms++) {
            seen += histogram[ms];
            if (seen >= rank) {
                return ms;
            }
        }
        throw new AssertionError("rank " + rank);
    }

    /** Batched multi-row inserts; returns how many attempts got each latency in ms. */
    private long[] seed() {
        SplittableRandom random = new SplittableRandom(42);
        List<Object[]> rows = new ArrayList<>();
        for (int s = 1; s <= SUBSCRIPTIONS; s++) {
            rows.add(new Object[] {"L" + s});
        }
        jdbc.batchUpdate("INSERT INTO binding (auth_no, created_at, updated_at) VALUES (?, NOW(6), NOW(6))", rows);
        rows.clear();
        for (int s = 1; s <= SUBSCRIPTIONS; s++) {
            rows.add(new Object[] {s, "large-" + s, "L" + s, 100 + s});
        }
        jdbc.batchUpdate(
                "INSERT INTO subscription (id, external_id, auth_no, amount, period, anchor_date, next_billing_date,"
                        + " trade_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'WEEK', '2026-09-01', '2026-09-08',"
                        + " '週訂閱', NOW(6), NOW(6))",
                rows);
        rows.clear();
        String[] statuses = {
            "SUCCEEDED",
            "SUCCEEDED",
            "SUCCEEDED",
            "SUCCEEDED",
            "RETRY_SCHEDULED",
            "NEEDS_REVIEW",
            "FAILED",
            "UNKNOWN",
            "SUCCEEDED",
            "SUCCEEDED"
        };
        for (int c = 1; c <= CHARGES; c++) {
            int sub = (c - 1) % SUBSCRIPTIONS + 1;
            LocalDate day = FIRST.plusDays((c - 1) % DAYS);
            rows.add(new Object[] {
                c, sub, "p" + (c - 1) / SUBSCRIPTIONS, Date.valueOf(day), "L" + sub, 100 + sub, statuses[c % 10]
            });
            if (rows.size() == 5_000) {
                insertCharges(rows);
            }
        }
        insertCharges(rows);
        long[] histogram = new long[3_000];
        for (int c = 1; c <= CHARGES; c++) {
            LocalDate day = FIRST.plusDays((c - 1) % DAYS);
            // inside the 08:00–20:00 Taipei window of the charge's day
            Instant windowStart = day.atTime(8, 0).atZone(ReportSeed.TAIPEI).toInstant();
            for (int a = 0; a < ATTEMPTS_PER_CHARGE; a++) {
                int latency = (int) Math.min(2_999, Math.abs(random.nextGaussian() * 400) + 20);
                histogram[latency]++;
                Instant at = windowStart.plusSeconds(random.nextInt(12 * 3600));
                rows.add(new Object[] {
                    c,
                    a + 1,
                    "L-" + c + "-" + (a + 1),
                    "L" + ((c - 1) % SUBSCRIPTIONS + 1),
                    100,
                    OUTCOMES[a],
                    CODES[a],
                    a == 0 ? 100 : null,
                    a == 0 ? 90 : null,
                    DbTime.utc(at),
                    latency
                });
                if (rows.size() == 5_000) {
                    insertAttempts(rows);
                }
            }
        }
        insertAttempts(rows);
        new io.authpay.billing.charge.AttemptTotals(jdbc).recount(); // as the runs would have counted them
        return histogram;
    }

    private void insertCharges(List<Object[]> rows) {
        jdbc.batchUpdate(
                "INSERT INTO charge (id, subscription_id, period_key, billing_date, auth_no, amount, trade_name, status,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '週訂閱', ?, NOW(6), NOW(6))",
                rows);
        rows.clear();
    }

    private void insertAttempts(List<Object[]> rows) {
        jdbc.batchUpdate(
                "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                        + " result_code, final_price, debit_amount, requested_at, latency_ms)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        rows.clear();
    }
}
