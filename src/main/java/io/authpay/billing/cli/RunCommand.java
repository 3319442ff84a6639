package io.authpay.billing.cli;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.charge.ChargePreview;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run a job once now and wait for it: nightly-billing or daily-billing.",
            "daily-billing refuses to start outside the billing window (exit 3).",
            "A --slot runs once per date; without one every run is new (slot manual-<epoch ms>-<random>)."
        },
        exitCodeList = {
            "0:COMPLETED (or the slot already completed)",
            "1:FAILED, or another run of the job is live",
            "2:unknown job or bad option",
            "3:STOPPED, or refused by the billing window"
        },
        footerHeading = "%nExample:%n",
        footer = "  authpay-billing run daily-billing --date 2026-12-31")
final class RunCommand extends ApplicationCommand {

    @Parameters(paramLabel = "JOB", description = "nightly-billing or daily-billing")
    String job;

    @Option(
            names = "--date",
            paramLabel = "yyyy-MM-dd",
            description = "the business date in the billing zone (default: today there)")
    LocalDate date;

    @Option(
            names = "--slot",
            paramLabel = "SLOT",
            description = "the scheduler slot this run fills, e.g. 08:05 (default: manual-<epoch ms>-<random>)")
    String slot;

    @Option(
            names = "--dry-run",
            description = "say what the run would do now (the first line: how many charges) without calling"
                    + " JKoPay or changing anything")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        // Checked before the database starts: a typo costs nothing.
        if (!BillingJobs.isKnown(job)) {
            err().println("error: unknown job '" + job + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
            return ExitCodes.BAD_INPUT;
        }
        if (slot != null && (slot.isBlank() || slot.length() > 100)) {
            err().println("error: --slot must be 1 to 100 characters");
            return ExitCodes.BAD_INPUT;
        }
        return super.call();
    }

    @Override
    protected int call(ConfigurableApplicationContext context) {
        if (dryRun) {
            return dryRun(context.getBean(ChargePreview.class));
        }
        JobConsole console = new JobConsole(context, out(), err());
        BillingJobLauncher launcher = console.launcher();
        LocalDate day = date != null ? date : launcher.today();
        String theSlot = slot != null
                ? slot
                : BillingJobs.manualSlot(context.getBean(Clock.class).instant());
        console.recoverDead();
        return console.launchAndWait(job, "RUN_JOB", l -> l.run(job, day, theSlot));
    }

    private int dryRun(ChargePreview preview) {
        if (job.equals(BillingJobs.NIGHTLY)) {
            DryRunText.print(preview.nightly(date), out());
            return ExitCodes.OK;
        }
        try {
            DryRunText.print(preview.daily(date), out());
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err().println("error: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
