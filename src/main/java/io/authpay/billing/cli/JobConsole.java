package io.authpay.billing.cli;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.batch.BatchSettings;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.ExecutionFigures;
import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.batch.StaleExecutionRecovery;
import io.authpay.billing.system.AuditLog;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code run} and {@code restart} share: recover what dead processes left running, start the job
 * and wait for it while printing progress, then print what it did and turn its end into the exit code
 * (0 COMPLETED, 3 STOPPED or refused by the window, 1 FAILED).
 */
final class JobConsole {

    private final ConfigurableApplicationContext context;
    private final PrintWriter out;
    private final PrintWriter err;

    JobConsole(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) {
        this.context = context;
        this.out = out;
        this.err = err;
    }

    BillingJobLauncher launcher() {
        return context.getBean(BillingJobLauncher.class);
    }

    /** Marks FAILED the executions whose process died, so they neither block nor pass for running. */
    void recoverDead() {
        for (StaleExecutionRecovery.Recovered r :
                context.getBean(StaleExecutionRecovery.class).recoverDead(BillingJobs.NAMES)) {
            out.printf(
                    "recovered execution %d of %s: its process died (last heartbeat %s); it is FAILED now and"
                            + " can be restarted%n",
                    r.executionId(), r.jobName(), r.lastHeartbeat());
            audit("RECOVER_JOB_EXECUTION", r.executionId(), "last heartbeat " + r.lastHeartbeat());
        }
    }

    /**
     * Runs {@code launch} (which waits for the job) while printing the progress of {@code jobName}, then
     * reports the end and records it in the audit log as {@code action}.
     */
    int launchAndWait(String jobName, String action, Function<BillingJobLauncher, JobExecution> launch) {
        JobExecution execution;
        BatchSettings settings = context.getBean(BatchSettings.class);
        try (ProgressPrinter ignored = ProgressPrinter.start(
                context.getBean(JobRepository.class), jobName, out, settings.progressInterval())) {
            execution = launch.apply(launcher());
        } catch (LaunchRefusedException e) {
            return refused(e);
        }
        return report(launcher().execution(execution.getId()), action);
    }

    /** Prints a refusal where it belongs and returns its exit code. */
    int refused(LaunchRefusedException e) {
        switch (e.reason()) {
            case ALREADY_COMPLETED -> {
                out.println(e.getMessage() + "; nothing to do");
                return ExitCodes.OK;
            }
            case OUTSIDE_WINDOW -> {
                err.println("refused: " + e.getMessage());
                return ExitCodes.STOPPED;
            }
            case UNKNOWN_JOB, UNKNOWN_EXECUTION -> {
                err.println("error: " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            case ALREADY_RUNNING, NOT_RESTARTABLE, NOT_RUNNING -> {
                err.println("error: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        throw new IllegalStateException(e.reason().name());
    }

    private int report(JobExecution execution, String action) {
        ExecutionFigures figures = ExecutionFigures.of(execution);
        out.printf(
                "execution %d %s date %s slot %s: %s%n",
                figures.executionId(), figures.jobName(), figures.date(), figures.slot(), figures.status());
        if (BillingJobs.DAILY.equals(figures.jobName())) {
            out.printf(
                    "charged %d, TWD %,d; %d attempts%s%n",
                    figures.charged(), figures.amount(), figures.attempts(), byOutcome(figures.byOutcome()));
        } else if (!figures.counts().isEmpty()) {
            out.println(figures.counts().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        audit(
                action,
                figures.executionId(),
                figures.jobName() + " date " + figures.date() + " slot " + figures.slot() + ": " + figures.status());
        return switch (figures.status()) {
            case COMPLETED -> ExitCodes.OK;
            case STOPPED -> {
                out.println("stopped: " + figures.exitDescription());
                out.println("continue it with: restart " + figures.executionId());
                yield ExitCodes.STOPPED;
            }
            default -> {
                err.println("failed: " + figures.exitDescription());
                err.println("after fixing the cause, continue it with: restart " + figures.executionId());
                yield ExitCodes.FAILED;
            }
        };
    }

    private static String byOutcome(Map<OutcomeClass, Long> byOutcome) {
        if (byOutcome.isEmpty()) {
            return "";
        }
        return ": "
                + byOutcome.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    void audit(String action, long executionId, String details) {
        context.getBean(AuditLog.class)
                .record(
                        AuditLog.commandLineActor(),
                        action,
                        "job_execution",
                        Long.toString(executionId),
                        null,
                        details);
    }
}
