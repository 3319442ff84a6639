package io.authpay.billing.batch;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.charge.RunProgress;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution did, from its metadata: its identity and end, and the figures its steps kept.
 *
 * @param executionId the execution's id
 * @param jobName the job
 * @param date the business date parameter
 * @param slot the slot parameter
 * @param status where it ended (or stands)
 * @param exitCode the exit code Spring Batch recorded
 * @param exitDescription why it stopped or failed; empty when completed
 * @param attempts daily: transaction calls made by this execution
 * @param charged daily: charges paid by this execution
 * @param amount daily: TWD paid by this execution
 * @param byOutcome daily: attempts by outcome class
 * @param counts nightly: what each step of this execution handled, by step name, in the order they ran
 */
public record ExecutionFigures(
        long executionId,
        String jobName,
        LocalDate date,
        String slot,
        BatchStatus status,
        String exitCode,
        String exitDescription,
        long attempts,
        long charged,
        long amount,
        Map<OutcomeClass, Long> byOutcome,
        Map<String, Long> counts) {

    public static ExecutionFigures of(JobExecution execution) {
        long attempts = 0;
        long charged = 0;
        long amount = 0;
        Map<OutcomeClass, Long> byOutcome = new TreeMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (StepExecution step : inOrder(execution)) {
            var context = step.getExecutionContext();
            if (StepFigures.hasSummary(context)) {
                attempts += StepFigures.attempts(context);
                charged += StepFigures.succeeded(context);
                amount += StepFigures.amount(context);
                StepFigures.byOutcome(context).forEach((outcome, n) -> byOutcome.merge(outcome, n, Long::sum));
            }
            Long count = StepFigures.count(context);
            if (count != null) {
                counts.put(step.getStepName(), count);
            }
        }
        String description = execution.getExitStatus().getExitDescription();
        return new ExecutionFigures(
                execution.getId(),
                execution.getJobInstance().getJobName(),
                execution.getJobParameters().getLocalDate(BillingJobs.DATE),
                execution.getJobParameters().getString(BillingJobs.SLOT),
                execution.getStatus(),
                execution.getExitStatus().getExitCode(),
                description == null ? "" : description,
                attempts,
                charged,
                amount,
                byOutcome,
                counts);
    }

    /**
     * Where a running execution stands: its running step and the last progress that step reported (null
     * before its first report, and for steps that report none).
     */
    public record Progress(long executionId, String jobName, String step, RunProgress progress) {

        /** The progress of a running execution (at its latest step), or null before its first step. */
        public static Progress of(JobExecution execution) {
            return inOrder(execution).stream()
                    .reduce((first, second) -> second)
                    .map(step -> new Progress(
                            execution.getId(),
                            execution.getJobInstance().getJobName(),
                            step.getStepName(),
                            StepFigures.progress(step.getExecutionContext())))
                    .orElse(null);
        }
    }

    private static List<StepExecution> inOrder(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .sorted(Comparator.comparingLong(StepExecution::getId))
                .toList();
    }
}
