package io.authpay.billing.bench;

import io.authpay.billing.authpay.AuthPayClient;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.sandbox.AuthPaySandbox;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
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
            int subscriptions,
            int authShare,
            int latencyMs,
            int concurrency,
            boolean baseline,
            int reportAttempts,
            int warmup) {}

    /** The most subscriptions the textbook step is measured on. */
    public static final int BASELINE_MAX = 500;

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
        BillingJobLauncher launcher = context.getBean(BillingJobLauncher.class);
        if (settings.warmup() > 0) {
            // A serve node bills with a JVM that has billed before: its code compiled, its pools full.
            seed("warmup", settings.warmup());
            launcher.run(BillingJobs.DAILY, day, "warm-up");
        }
        long before = seed("bench", settings.subscriptions());
        BenchFigures ours = measure(() -> launcher.run(BillingJobs.DAILY, day, "bench"), before);
        StringBuilder text = new StringBuilder();
        double limit = settings.concurrency() * 1000.0 / settings.latencyMs();
        text.append("%d subscriptions (%d per auth_no), gateway latency %d ms, concurrency %d, %d cores%s%n"
                .formatted(
                        settings.subscriptions(),
                        settings.authShare(),
                        settings.latencyMs(),
                        settings.concurrency(),
                        Runtime.getRuntime().availableProcessors(),
                        settings.warmup() > 0
                                ? ", after a warm-up run of %,d charges".formatted(settings.warmup())
                                : ", cold (no warm-up)"));
        if (!ours.completed()) {
            text.append("daily-billing:   did NOT complete after %.1f s: %s%n"
                    .formatted(ours.elapsed().toMillis() / 1000.0, ours.ending()));
            text.append("                 %,d charges paid, %,d of %,d left due; no rate is printed for a run that"
                            .formatted(ours.charges(), ours.leftDue(), settings.subscriptions())
                    + " did not complete%n".formatted());
        } else {
            text.append(("daily-billing:   COMPLETED, %,8.1f charges/s in %.1f s  (p50 %d ms, p99 %d ms per charge"
                            + " from claim to outcome; the call itself p50 %d ms, p99 %d ms)%n")
                    .formatted(
                            ours.perSecond(),
                            ours.elapsed().toMillis() / 1000.0,
                            ours.percentile(50),
                            ours.percentile(99),
                            ours.callPercentile(50),
                            ours.callPercentile(99)));
            text.append("limit C/L:       %,8.1f charges/s  -> %.0f%% of the limit%n"
                    .formatted(limit, 100 * ours.perSecond() / limit));
        }
        ServerCounters server = ours.server();
        text.append("per charge:      %.2f statements, %.2f transactions, %.2f engine commits, %.2f log fsyncs"
                        .formatted(
                                ours.perCharge(server.statements()),
                                ours.perCharge(server.transactions()),
                                ours.perCharge(server.commits()),
                                ours.perCharge(server.logFsyncs()))
                + "  (server counters: Com_select+insert+update+delete, Com_commit, Handler_commit,"
                + " Innodb_os_log_fsyncs)%n".formatted());
        // What a commit promises: 1 is written and flushed to disk at each commit (durable).
        text.append("durability:      innodb_flush_log_at_trx_commit=%s, sync_binlog=%s, log_bin=%s%n"
                .formatted(
                        jdbc.queryForObject("SELECT @@innodb_flush_log_at_trx_commit", String.class),
                        jdbc.queryForObject("SELECT @@sync_binlog", String.class),
                        jdbc.queryForObject("SELECT @@log_bin", String.class)));
        text.append("CPU:             JVM %.0f%% of a core (%.2f ms per charge), database %s%n"
                .formatted(
                        ours.cpuPercent(server.jvmCpu()),
                        ours.cpuMillisPerCharge(server.jvmCpu()),
                        server.dbCpu()
                                .map(cpu -> "%.0f%% of a core (%.2f ms per charge)"
                                        .formatted(ours.cpuPercent(cpu), ours.cpuMillisPerCharge(cpu)))
                                .orElse("not measured (not a child process)")));
        text.append(
                "heap peak:       %,8d MiB in use (garbage included), %,d MiB left after a collection (max heap %,d MiB)%n"
                        .formatted(
                                ours.heapPeakBytes() / (1024 * 1024),
                                ours.heapAfterCollectionPeakBytes() / (1024 * 1024),
                                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        text.append("rows written:    %,8.0f rows/s (%,d rows inserted or updated, Handler_write + Handler_update)%n"
                .formatted(ours.rowsPerSecond(), server.rowsWritten()));
        if (ours.completed()) {
            long started = System.nanoTime();
            JobExecution empty = launcher.run(BillingJobs.DAILY, day, "bench-nothing-due");
            text.append("nothing due:     %s in %.2f s (a daily run with nothing left, launch to end)%n"
                    .formatted(empty.getStatus(), (System.nanoTime() - started) / 1e9));
        }
        if (settings.baseline()) {
            // One call at a time: its rate is steady after a few hundred, and a whole set would take hours.
            int baselineSize = Math.min(settings.subscriptions(), BASELINE_MAX);
            long baselineFrom = seed("baseline", baselineSize);
            BenchFigures baseline = measure(() -> baseline(baselineFrom), baselineFrom);
            text.append(
                    "baseline:        %,8.1f charges/s in %.1f s  (textbook chunk step, one thread, %,d subscriptions)%n"
                            .formatted(baseline.perSecond(), baseline.elapsed().toMillis() / 1000.0, baselineSize));
            if (ours.completed()) {
                text.append("ours / baseline: %,8.1f x%n".formatted(ours.perSecond() / baseline.perSecond()));
            }
        }
        if (settings.reportAttempts() > 0) {
            text.append(reportOverManyAttempts(settings.reportAttempts()));
        }
        return text.toString();
    }

    /** Seeds {@code count} subscriptions and their due charges; returns the highest charge id before them. */
    private long seed(String prefix, int count) {
        return BenchSeeds.seed(context, sandbox, day, prefix, count, settings.authShare())
                .afterChargeId();
    }

    private interface Work {
        /** Runs the work; returns its job execution (null when it is not a job of ours). */
        JobExecution run() throws Exception;
    }

    private BenchFigures measure(Work work, long afterChargeId) throws Exception {
        ServerCounters before;
        JobExecution execution;
        Duration elapsed;
        long inUsePeak;
        long afterCollectionPeak;
        try (HeapWatch heap = HeapWatch.start()) {
            before = ServerCounters.read(jdbc);
            long started = System.nanoTime();
            execution = work.run();
            elapsed = Duration.ofNanos(System.nanoTime() - started);
            inUsePeak = heap.inUsePeakBytes();
            afterCollectionPeak = heap.afterCollectionPeakBytes();
        }
        ServerCounters server = ServerCounters.read(jdbc).since(before);
        int charged = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE id > ? AND status = 'SUCCEEDED'", Integer.class, afterChargeId);
        List<Long> perCharge = jdbc.queryForList(
                "SELECT TIMESTAMPDIFF(MICROSECOND, a.requested_at, a.completed_at) DIV 1000 FROM charge_attempt a"
                        + " WHERE a.charge_id > ? AND a.completed_at IS NOT NULL ORDER BY 1",
                Long.class,
                afterChargeId);
        List<Long> perCall = jdbc.queryForList(
                "SELECT a.latency_ms FROM charge_attempt a WHERE a.charge_id > ? AND a.latency_ms IS NOT NULL ORDER BY 1",
                Long.class,
                afterChargeId);
        int leftDue = jdbc.queryForObject(
                "SELECT COUNT(*) FROM charge WHERE id > ? AND status IN ('DUE', 'RETRY_SCHEDULED')",
                Integer.class,
                afterChargeId);
        String ending = execution == null || execution.getStatus() == BatchStatus.COMPLETED
                ? "COMPLETED"
                : execution.getStatus() + ": " + execution.getExitStatus().getExitDescription();
        return new BenchFigures(
                charged, elapsed, perCharge, perCall, inUsePeak, afterCollectionPeak, server, ending, leftDue);
    }

    private JobExecution baseline(long afterChargeId) throws Exception {
        String prefix = "bl" + jdbc.queryForObject("SELECT id FROM installation", String.class);
        var job = BaselineChunkJob.build(
                context.getBean(JobRepository.class),
                context.getBean(PlatformTransactionManager.class),
                context.getBean(DataSource.class),
                context.getBean(AuthPayClient.class),
                prefix,
                afterChargeId,
                context.getBean(java.time.Clock.class));
        return context.getBean(JobOperator.class)
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
        // written as a run would have: the report reads the totals kept with the attempts (sql/V12)
        context.getBean(io.authpay.billing.charge.AttemptTotals.class)
                .added(new io.authpay.billing.charge.AttemptTotals.Attempts(
                        "charge_attempt WHERE platform_order_id LIKE 'rb-%'", List.of()));
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
