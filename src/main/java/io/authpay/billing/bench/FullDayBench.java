package io.authpay.billing.bench;

import io.authpay.billing.authpay.ResultCode;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.report.BillingReport;
import io.authpay.billing.report.BillingReports;
import io.authpay.billing.report.ReportFormat;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.sandbox.FaultTarget;
import io.authpay.billing.sandbox.SandboxCyclePeriod;
import io.authpay.billing.subscription.SubscriptionCsv;
import io.authpay.billing.subscription.SubscriptionCsvResult;
import io.authpay.billing.subscription.SubscriptionImporter;
import io.authpay.billing.system.SimulatedClock;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench --full-day}: a whole billing day at scale, phase by phase, each printed as it ends with its
 * wall time and heap peak (of this JVM, which runs the sandbox too). The subscriptions are a realistic mix,
 * all due on {@link #DAY} (a month end, so month-end anchors bill on it): one to five subscriptions per
 * auth_no, every period, a fifth of the monthly ones anchored on the 30th or 31st, and 3% of charges
 * declined (104).
 */
public final class FullDayBench {

    private static final long MIB = 1024 * 1024;

    /** The billing day: the last day of a 30-day month. */
    public static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    /** What to run. */
    public record Settings(int subscriptions, int latencyMs, int concurrency) {}

    private final ConfigurableApplicationContext context;
    private final AuthPaySandbox sandbox;
    private final SimulatedClock clock;
    private final Settings settings;
    private final PrintWriter out;
    private final JdbcTemplate jdbc;
    private final List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();

    public FullDayBench(
            ConfigurableApplicationContext context,
            AuthPaySandbox sandbox,
            SimulatedClock clock,
            Settings settings,
            PrintWriter out) {
        this.context = context;
        this.sandbox = sandbox;
        this.clock = clock;
        this.settings = settings;
        this.out = out;
        this.jdbc = context.getBean(JdbcTemplate.class);
    }

    /** Runs the day; returns whether every phase went through (the jobs COMPLETED). */
    public boolean run(Path folder) throws IOException {
        Path file = folder.resolve("full-day-subscriptions.csv");
        long started = System.nanoTime();
        int bindings = writeFile(file);
        out.printf(
                "file: %,d subscriptions on %,d bindings written in %.1f s%n",
                settings.subscriptions(), bindings, seconds(started));
        out.flush();

        clock.set(DAY.minusDays(1)
                .atTime(LocalTime.of(0, 30))
                .atZone(clock.getZone())
                .toInstant());
        Phase importing = start();
        SubscriptionCsvResult checked = SubscriptionCsv.read(file, row -> {});
        if (!checked.isValid()) {
            throw new IllegalStateException("the generated file is invalid: " + checked.format());
        }
        double validated = seconds(importing.started);
        SubscriptionImporter.Result imported = context.getBean(SubscriptionImporter.class)
                .importRows(
                        SubscriptionImporter.Rows.of(file),
                        "bench",
                        file.getFileName().toString(),
                        false,
                        c -> {});
        importing.end(
                "import: %,d rows in %.1f s (validated in %.1f s, then loaded in one transaction)",
                imported.created(), seconds(importing.started), validated);

        sandbox.faults().latency(Duration.ofMillis(settings.latencyMs())).latencyOnAllEndpoints(true);
        sandbox.faults().resultCode(ResultCode.OVER_MONTHLY_LIMIT, FaultTarget.fraction(0.03));
        clock.set(DAY.atTime(LocalTime.of(1, 0)).atZone(clock.getZone()).toInstant());
        Phase nightly = start();
        JobExecution night = launcher().run(BillingJobs.NIGHTLY, DAY.minusDays(1), "01:00");
        nightly.end(
                "nightly-billing: %s, %,d charges created, %,d bindings refreshed in %.1f s",
                night.getStatus(),
                count("SELECT COUNT(*) FROM charge WHERE billing_date = ?", DAY),
                count("SELECT COUNT(*) FROM binding WHERE refreshed_at IS NOT NULL"),
                seconds(nightly.started));

        clock.set(DAY.atTime(LocalTime.of(8, 5)).atZone(clock.getZone()).toInstant());
        Phase daily = start();
        JobExecution day = launcher().run(BillingJobs.DAILY, DAY, "08:05");
        daily.end(
                "daily-billing: %s, %,d paid, %,d declined (to retry) of %,d in %.1f s",
                day.getStatus(),
                count("SELECT COUNT(*) FROM charge WHERE billing_date = ? AND status = 'SUCCEEDED'", DAY),
                count("SELECT COUNT(*) FROM charge WHERE billing_date = ? AND status = 'RETRY_SCHEDULED'", DAY),
                count("SELECT COUNT(*) FROM charge WHERE billing_date = ?", DAY),
                seconds(daily.started));

        BillingReports reports = context.getBean(BillingReports.class);
        for (ReportFormat format : ReportFormat.values()) {
            Phase report = start();
            BillingReport ofTheDay = reports.forRange(DAY, DAY);
            int length = reports.render(ofTheDay, format, null).length();
            report.end(
                    "report %s: %.1f s (%,d characters)", format.name().toLowerCase(), seconds(report.started), length);
        }
        return night.getStatus().name().equals("COMPLETED")
                && day.getStatus().name().equals("COMPLETED");
    }

    /**
     * Writes the subscriptions' CSV and grants their bindings in the sandbox; returns how many bindings.
     * Seeded, so two runs of one N import the same file.
     */
    private int writeFile(Path file) throws IOException {
        Random random = new Random(20261130);
        int bindings = 0;
        int written = 0;
        try (BufferedWriter csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            // columns in another order than the documentation's: the header decides
            csv.write("external_id,auth_no,period,anchor_date,next_billing_date,amount,currency,trade_name\n");
            while (written < settings.subscriptions()) {
                int share = share(random.nextInt(100));
                long amount = 100 + random.nextInt(900);
                String authNo = sandbox.bindings().createGranted(amount, SandboxCyclePeriod.MONTH, 7);
                bindings++;
                for (int i = 0; i < share && written < settings.subscriptions(); i++) {
                    int kind = random.nextInt(100);
                    String period;
                    LocalDate anchor;
                    if (kind < 10) {
                        period = "WEEK";
                        anchor = DAY.minusWeeks(1 + random.nextInt(50));
                    } else if (kind < 20) {
                        period = "QUARTER";
                        anchor = DAY.minusMonths(3L * (1 + random.nextInt(2))); // 30 Aug, 30 May
                    } else if (kind < 30) {
                        period = "YEAR";
                        anchor = DAY.minusYears(1 + random.nextInt(3));
                    } else {
                        period = "MONTH";
                        // a fifth anchored on a 30th or 31st, billed on this month's end
                        anchor = kind < 44
                                ? LocalDate.of(2026, 1, 30 + random.nextInt(2))
                                : DAY.minusMonths(1 + random.nextInt(8));
                    }
                    csv.write("fd-" + written + "," + authNo + "," + period + "," + anchor + "," + DAY + "," + amount
                            + ",TWD,Plan " + period + "\n");
                    written++;
                }
            }
        }
        return bindings;
    }

    /** 1 to 5 subscriptions per auth_no: mostly one, some families. */
    private static int share(int percent) {
        return percent < 70 ? 1 : percent < 85 ? 2 : percent < 93 ? 3 : percent < 97 ? 4 : 5;
    }

    private BillingJobLauncher launcher() {
        return context.getBean(BillingJobLauncher.class);
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Starts a phase after a full collection, so that what the phase keeps alive shows above what was there. */
    private Phase start() {
        System.gc();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        return new Phase(System.nanoTime(), before, HeapWatch.start());
    }

    private final class Phase {
        final long started;
        final long keptBefore;
        final HeapWatch watch;

        Phase(long started, long keptBefore, HeapWatch watch) {
            this.started = started;
            this.keptBefore = keptBefore;
            this.watch = watch;
        }

        /**
         * Prints the phase's line with its heap: the most in use (garbage included), the most left after a
         * collection, and what was alive before the phase (the sandbox's state of the day among it).
         */
        void end(String format, Object... args) {
            watch.close();
            out.printf(
                    format + ", heap peak %,d MiB (%,d MiB left after a collection, %,d MiB before the phase)%n",
                    append(
                            args,
                            watch.inUsePeakBytes() / MIB,
                            watch.afterCollectionPeakBytes() / MIB,
                            keptBefore / MIB));
            out.flush();
        }
    }

    private static Object[] append(Object[] args, Object... more) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
