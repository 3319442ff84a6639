package io.authpay.billing.cli;

import io.authpay.billing.bench.FullDayBench;
import io.authpay.billing.demo.LocalSetup;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** {@code bench --full-day}: a fresh embedded database and sandbox for {@link FullDayBench}. */
final class FullDayBenchRun {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private FullDayBenchRun() {}

    static int run(PrintWriter out, int subscriptions, int latencyMs, int concurrency, List<String> springArgs)
            throws Exception {
        SimulatedClock clock = SimulatedClock.startingAt(
                FullDayBench.DAY
                        .minusDays(1)
                        .atTime(LocalTime.of(0, 0))
                        .atZone(TAIPEI)
                        .toInstant(),
                TAIPEI);
        List<String> settings = new ArrayList<>(List.of(
                "--billing.charge.concurrency=" + concurrency,
                "--billing.nightly.concurrency=" + concurrency,
                "--spring.datasource.hikari.maximum-pool-size=" + (concurrency + 8)));
        settings.addAll(springArgs);
        out.printf(
                "full day: %,d subscriptions, gateway latency %d ms, concurrency %d, %d cores%n",
                subscriptions, latencyMs, concurrency, Runtime.getRuntime().availableProcessors());
        out.flush();
        try (AuthPaySandbox sandbox = LocalSetup.sandbox(clock)
                        .threads(Math.max(256, concurrency * 2))
                        .build()
                        .start();
                LocalSetup local = LocalSetup.start(sandbox, clock, settings)) {
            boolean completed = new FullDayBench(
                            local.context(),
                            sandbox,
                            clock,
                            new FullDayBench.Settings(subscriptions, latencyMs, concurrency),
                            out)
                    .run(local.folder());
            return completed ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
