package io.authpay.billing.bench;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.charge.NightlyWork;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.CyclePeriod;
import io.authpay.billing.subscription.BillingPeriod;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.subscription.SubscriptionRow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The throughput benchmark: seeds due subscriptions, runs daily-billing against the sandbox and measures
 * it, then runs the textbook chunk step on a second, identical set for comparison.
 */
public final class Bench {

    /** What to measure. */
    public record Settings(
            int subscriptions, int authShare, int latencyMs, int concurrency, boolean baseline, int reportAttempts) {}

    private final ConfigurableApplicationContext context;
    private final AuthPaySandbox sandbox;
    private final LocalDate day;
    private final Settings settings;
    private final JdbcTemplate jdbc;

    public Bench(ConfigurableApplicationContext context, AuthPaySandbox sandbox, LocalDate day, Settings settings) {
        this.context = context;
        this.sandbox = sandbox;
        this.day = day;
        this.settings = settings;
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    /** Runs both measurements and returns the report. */
    public String run() throws Exception {
        sandbox.faults().latency(Duration.ofMillis(settings.latencyMs()));
        long before = seed("bench");
        BenchFigures ours =
                measure(() -> context.getBean(BillingJobLauncher.class).run(BillingJobs.DAILY, day, "bench"), before);
        StringBuilder text = new StringBuilder();
        double limit = settings.concurrency() * 1000.0 / settings.latencyMs();
        text.append("%d subscriptions (%d per auth_no), gateway latency %d ms, concurrency %d%n"
                .formatted(
                        settings.subscriptions(), settings.authShare(), settings.latencyMs(), settings.concurrency()));
        text.append("daily-billing:   %,8.1f charges/s in %.1f s  (p50 %d ms, p99 %d ms per charge)%n"
                .formatted(
                        ours.perSecond(),
                        ours.elapsed().toMillis() / 1000.0,
                        ours.percentile(50),
                        ours.percentile(99)));
        text.append("limit C/L:       %,8.1f charges/s  -> %.0f%% of the limit%n"
                .formatted(limit, 100 * ours.perSecond() / limit));
        text.append("heap peak:       %,8d MiB%n".formatted(ours.heapPeakBytes() / (1024 * 1024)));
        text.append("rows written:    %,8.0f rows/s (%,d rows inserted or updated, Handler_write + Handler_update)%n"
                .formatted(ours.rowsPerSecond(), ours.rowsWritten()));
        if (settings.baseline()) {
            long baselineFrom = seed("baseline");
            BenchFigures baseline = measure(() -> baseline(baselineFrom), baselineFrom);
            text.append("baseline:        %,8.1f charges/s in %.1f s  (textbook chunk step, one thread)%n"
                    .formatted(baseline.perSecond(), baseline.elapsed().toMillis() / 1000.0));
            text.append("ours / baseline: %,8.1f x%n".formatted(ours.perSecond() / baseline.perSecond()));
        }
        if (settings.reportAttempts() > 0) {
            text.append(reportOverManyAttempts(settings.reportAttempts()));
        }
        return text.toString();
    }

    /** Seeds the subscriptions and their due charges; returns the highest charge id before them. */
    private long seed(String prefix) {
        List<SubscriptionRow> rows = new ArrayList<>();
        String authNo = null;
        for (int i = 0; i < settings.subscriptions(); i++) {
            if (i % settings.authShare() == 0) {
                authNo = sandbox.bindings().createGranted(100, CyclePeriod.MONTH, Math.min(7, settings.authShare()));
            }
            rows.add(new SubscriptionRow(
                    i + 2, prefix + "-" + i, authNo, 100, "TWD", BillingPeriod.MONTH, day, day, "Bench plan"));
        }
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM charge", Long.class);
        context.getBean(SubscriptionImporter.class).importAll(rows, "bench", prefix);
        context.getBean(NightlyWork.class).createDueCharges(day);
        return before;
    }

    private interface Work {
        void run() throws Exception;
    }

    private BenchFigures measure(Work work, long afterChargeId) throws Exception {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long rowsBefore = rowsWritten();
        long started = System.nanoTime();
        work.run();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long rows = rowsWritten() - rowsBefore;
        long heapPeak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        int charged = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE id > ? AND status = 'SUCCEEDED'", Integer.class, afterChargeId);
        List<Long> perCharge = jdbc.queryForList(
                "SELECT TIMESTAMPDIFF(MICROSECOND, a.requested_at, a.completed_at) DIV 1000 FROM charge_attempt a"
                        + " WHERE a.charge_id > ? AND a.completed_at IS NOT NULL ORDER BY 1",
                Long.class,
                afterChargeId);
        return new BenchFigures(charged, elapsed, perCharge, heapPeak, rows);
    }

    private long rowsWritten() {
        return jdbc.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_write', 'Handler_update')", rs -> {
            long sum = 0;
            while (rs.next()) {
                sum += rs.getLong(2);
            }
            return sum;
        });
    }

    private void baseline(long afterChargeId) throws Exception {
        String prefix = "bl" + jdbc.queryForObject("SELECT id FROM installation", String.class);
        var job = BaselineChunkJob.build(
                context.getBean(JobRepository.class),
                context.getBean(PlatformTransactionManager.class),
                context.getBean(DataSource.class),
                context.getBean(AuthPayClient.class),
                prefix,
                afterChargeId);
        context.getBean(JobOperator.class)
                .start(
                        job,
                        new JobParametersBuilder()
                                .addLong("after", afterChargeId)
                                .toJobParameters());
    }

    /** Seeds {@code attempts} more attempt rows over the week before the day, then times the report on them. */
    private String reportOverManyAttempts(int attempts) {
        List<Long> charges = jdbc.queryForList("SELECT id FROM charge", Long.class);
        java.util.Random random = new java.util.Random(1);
        java.time.Instant weekStart = day.minusDays(7)
                .atStartOfDay(java.time.ZoneId.of("Asia/Taipei"))
                .toInstant();
        long seedStarted = System.nanoTime();
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            long chargeId = charges.get(i % charges.size());
            java.time.Instant at = weekStart.plusSeconds(random.nextInt(7 * 24 * 3600));
            boolean paid = random.nextInt(10) > 0;
            batch.add(new Object[] {
                chargeId,
                1000 + i / charges.size(),
                "rb-" + chargeId + "-" + i,
                "bench",
                100,
                paid ? "SUCCEEDED" : "SOFT_DECLINE",
                paid ? "000" : "115",
                paid ? 100 : null,
                io.authpay.billing.system.DbTime.utc(at),
                io.authpay.billing.system.DbTime.utc(at.plusMillis(60)),
                30 + random.nextInt(120)
            });
            if (batch.size() == 5_000 || i == attempts - 1) {
                jdbc.batchUpdate(
                        "INSERT INTO charge_attempt (charge_id, attempt_no, platform_order_id, auth_no, amount, outcome,"
                                + " result_code, final_price, requested_at, completed_at, latency_ms)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        batch);
                batch.clear();
            }
        }
        double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
        var reports = context.getBean(io.authpay.billing.report.BillingReports.class);
        long started = System.nanoTime();
        var report = reports.forRange(day.minusDays(7), day);
        double readSeconds = (System.nanoTime() - started) / 1e9;
        long renderStarted = System.nanoTime();
        for (var format : io.authpay.billing.report.ReportFormat.values()) {
            reports.render(report, format, null);
        }
        double renderSeconds = (System.nanoTime() - renderStarted) / 1e9;
        return "report:          %,d attempts over a week (seeded in %.1f s): read in %.2f s, all four formats rendered in %.2f s%n"
                .formatted(report.summary().attempts(), seedSeconds, readSeconds, renderSeconds);
    }
}
