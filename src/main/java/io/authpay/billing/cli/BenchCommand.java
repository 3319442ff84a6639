package io.authpay.billing.cli;

import io.authpay.billing.bench.Bench;
import io.authpay.billing.bench.NodesBench;
import io.authpay.billing.demo.LocalSetup;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure charging throughput on a throwaway database and the sandbox.",
            "Seeds due subscriptions, runs daily-billing and prints charges/s, time per charge, the limit"
                    + " concurrency/latency, heap peak and database rows/s; then the textbook chunk step on the"
                    + " same kind of data for comparison."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  authpay-billing bench --subscriptions 1000 --latency-ms 50 --concurrency 16",
            "  authpay-billing bench --nodes 2 --subscriptions 5000 --latency-ms 100 --concurrency 16"
        })
final class BenchCommand implements Callable<Integer> {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--subscriptions",
            defaultValue = "1000",
            description = "due subscriptions (default: ${DEFAULT-VALUE})")
    int subscriptions;

    @Option(
            names = "--latency-ms",
            defaultValue = "50",
            description = "the sandbox's latency per charge (default: ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--concurrency", defaultValue = "16", description = "charges in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--auth-share",
            defaultValue = "1",
            description = "subscriptions per auth_no, 1-7 (default: ${DEFAULT-VALUE})")
    int authShare;

    @Option(names = "--no-baseline", description = "skip the textbook chunk step")
    boolean noBaseline;

    @Option(
            names = "--report-attempts",
            defaultValue = "0",
            description = "also seed this many attempt rows and time the report over them, e.g. 1000000"
                    + " (default: ${DEFAULT-VALUE}, none)")
    int reportAttempts;

    @Option(
            names = "--warmup",
            defaultValue = "2000",
            description = "charges billed first and not measured, so that the figures are those of a JVM that has"
                    + " billed before, as a serve node's (default: ${DEFAULT-VALUE}; 0 for a cold start)")
    int warmup;

    @Option(
            names = "--full-day",
            description = "a whole billing day instead: import a CSV of N subscriptions, nightly-billing, daily-billing"
                    + " and the day's report in every format, one line per phase with its time and heap peak")
    boolean fullDay;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            description = "what adding nodes adds instead: daily-billing on 1 and then on N worker nodes (serve"
                    + " processes of this program, -Xmx384m each) sharing one database, --concurrency per node;"
                    + " prints both rates, which node ran which partition, each node's heap and the ratio;"
                    + " --nodes 1 runs one node alone (the engine's heap without the sandbox's)")
    Integer nodes;

    @Option(
            names = "--cli-start",
            description = "instead: time executions, charges --limit 20 and report --date (today) from process start"
                    + " to exit, each in child processes with this JVM's options and Spring arguments (point them"
                    + " at a database with --spring.datasource.url)")
    boolean cliStart;

    @Option(
            names = "--runs",
            defaultValue = "5",
            description = "runs of each command with --cli-start (default: ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        if (subscriptions < 1
                || latencyMs < 1
                || concurrency < 1
                || authShare < 1
                || authShare > 7
                || reportAttempts < 0
                || warmup < 0
                || (nodes != null && nodes < 1)) {
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    "--subscriptions, --latency-ms and --concurrency must be positive; --auth-share 1 to 7;"
                            + " --warmup and --report-attempts zero or more; --nodes at least 1");
        }
        if (nodes != null && fullDay) {
            throw new CliException(
                    ExitCodes.BAD_INPUT, "--nodes and --full-day are two different benchmarks: pick one");
        }
        var out = spec.commandLine().getOut();
        if (cliStart) {
            if (runs < 1) {
                throw new CliException(ExitCodes.BAD_INPUT, "--runs must be positive");
            }
            return CliStartBench.run(out, runs, springArgs(), java.time.Clock.system(TAIPEI));
        }
        if (fullDay) {
            return FullDayBenchRun.run(out, subscriptions, latencyMs, concurrency, springArgs());
        }
        SimulatedClock clock = SimulatedClock.startingAt(
                DAY.atTime(LocalTime.of(10, 0)).atZone(TAIPEI).toInstant(), TAIPEI);
        if (nodes != null) {
            return NodesBenchRun.run(
                    out,
                    clock,
                    DAY,
                    new NodesBench.Settings(subscriptions, latencyMs, concurrency, nodes, warmup),
                    springArgs());
        }
        List<String> userSettings = ((BillingCli) spec.root().userObject()).springArgs();
        List<String> settings = new ArrayList<>();
        // The bench's own settings, unless the user gave the same key: two values of one key would be
        // joined into a list ("72,80") instead of the user's overriding the bench's.
        for (String own : List.of(
                "--billing.charge.concurrency=" + concurrency,
                // one node: one partition is the cheapest (partitions are for spreading a run over nodes)
                "--billing.charge.partitions=1",
                "--spring.datasource.hikari.maximum-pool-size=" + (concurrency + 8))) {
            String key = own.substring(0, own.indexOf('=') + 1);
            if (userSettings.stream().noneMatch(u -> u.startsWith(key))) {
                settings.add(own);
            }
        }
        settings.addAll(userSettings);
        try (AuthPaySandbox sandbox = LocalSetup.sandbox(clock).build().start();
                LocalSetup local = LocalSetup.start(sandbox, clock, settings)) {
            out.println("seeding " + subscriptions + " subscriptions and measuring (the baseline takes about "
                    + (noBaseline ? 0 : Math.min(subscriptions, Bench.BASELINE_MAX) * (long) latencyMs / 1000)
                    + " s more)...");
            out.flush();
            out.print(new Bench(
                            local.context(),
                            sandbox,
                            DAY,
                            new Bench.Settings(
                                    subscriptions,
                                    authShare,
                                    latencyMs,
                                    concurrency,
                                    !noBaseline,
                                    reportAttempts,
                                    warmup))
                    .run());
            out.flush();
            return ExitCodes.OK;
        }
    }

    private List<String> springArgs() {
        return ((BillingCli) spec.root().userObject()).springArgs();
    }
}
