package io.authpay.billing.cli;

import io.authpay.billing.demo.Demo;
import io.authpay.billing.demo.LocalSetup;
import io.authpay.billing.sandbox.AuthPaySandbox;
import io.authpay.billing.system.SimulatedClock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the main job start to finish on a throwaway database and the built-in sandbox.",
            "Seeds a few hundred subscriptions, runs nightly-billing at 01:00 and daily-billing at 08:05 of a"
                    + " simulated billing day (the last day of this month), the follow-up runs its retries imply,"
                    + " and prints the report."
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing demo --seed 7")
final class DemoCommand implements Callable<Integer> {

    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "the scenario's random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--day", description = "the billing day to simulate (default: the last day of this month)")
    LocalDate day;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate billingDay =
                day != null ? day : YearMonth.now(Clock.system(TAIPEI)).atEndOfMonth();
        SimulatedClock clock = SimulatedClock.startingAt(at(billingDay, LocalTime.of(0, 55)), TAIPEI);
        try (AuthPaySandbox sandbox = Demo.sandbox(clock).build().start();
                LocalSetup local = LocalSetup.start(sandbox, clock, settings())) {
            out.println("JKoPay AuthPay sandbox on " + sandbox.baseUrl() + " (latency 30-120 ms, everyday faults,"
                    + " JKO coins and coupons on every " + Demo.REDEEM_EVERY + "th charge)");
            out.println("embedded MariaDB in " + local.folder() + " (deleted at the end)");
            ConfigurableApplicationContext context = local.context();
            Demo demo = new Demo(context, sandbox, billingDay, seed);
            out.println(demo.seed());
            out.println("The same --seed gives the same subscriptions, bindings and scripted faults; how many"
                    + " attempts, lost answers (UNKNOWN) and retries the runs see depends on timing (the sandbox's"
                    + " random latency against the 2 s timeout, thread scheduling) and can differ between runs.");
            JobConsole console = new JobConsole(context, out, err);
            int worst = ExitCodes.OK;
            for (Demo.Run run : demo.runs()) {
                clock.set(run.at());
                out.printf("%n== %s %s at %s Asia/Taipei ==%n", run.job(), run.date(), run.slot());
                out.flush();
                int code = console.launchAndWait(
                        run.job(), "RUN_JOB", launcher -> launcher.run(run.job(), run.date(), run.slot()));
                worst = code == ExitCodes.FAILED ? code : worst;
            }
            out.println();
            out.print(demo.report(Path.of("var", "reports", "demo-report-" + billingDay + ".html")));
            out.flush();
            return worst;
        }
    }

    private List<String> settings() {
        List<String> args = new ArrayList<>(List.of(
                "--billing.authpay.connect-timeout=1s",
                "--billing.authpay.response-timeout=" + Demo.RESPONSE_TIMEOUT.toSeconds() + "s"));
        args.addAll(((BillingCli) spec.root().userObject()).springArgs()); // the operator's own settings win
        return args;
    }

    private static java.time.Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(TAIPEI).toInstant();
    }
}
