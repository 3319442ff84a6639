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
 * @param partitions daily: the partitions of the charge step this execution ran, with the node of each
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
        Map<String, Long> counts,
        List<PartitionFigures> partitions) {

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
                counts,
                PartitionFigures.of(execution));
    }

    /**
     * Where a running execution stands: its running step and the last progress that step reported (null
     * before its first report, and for steps that report none).
     */
    public record Progress(long executionId, String jobName, String step, RunProgress progress) {

        /**
         * The progress of a running execution (at its latest step), or null before its first step. A
         * partitioned step's progress is the sum of its partitions', under the partitioned step's name.
         */
        public static Progress of(JobExecution execution) {
            List<StepExecution> partitions = inOrder(execution).stream()
                    .filter(PartitionFigures::isPartition)
                    .toList();
            if (!partitions.isEmpty()) {
                String manager = inOrder(execution).stream()
                        .filter(step -> !PartitionFigures.isPartition(step))
                        .reduce((first, second) -> second)
                        .map(StepExecution::getStepName)
                        .orElse(ChargePartitioner.WORKER_STEP);
                return new Progress(
                        execution.getId(), execution.getJobInstance().getJobName(), manager, sum(partitions));
            }
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

    /** The figures of the partitions so far; null before any reported. */
    private static RunProgress sum(List<StepExecution> partitions) {
        RunProgress sum = null;
        for (StepExecution step : partitions) {
            boolean reported = StepFigures.hasSummary(step.getExecutionContext())
                    || StepFigures.progress(step.getExecutionContext()) != null;
            if (!reported) {
                continue;
            }
            RunProgress p = PartitionFigures.figures(step);
            sum = sum == null
                    ? p
                    : new RunProgress(
                            sum.attempts() + p.attempts(),
                            sum.succeeded() + p.succeeded(),
                            sum.amount() + p.amount(),
                            sum.inFlight() + p.inFlight());
        }
        return sum;
    }

    private static List<StepExecution> inOrder(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .sorted(Comparator.comparingLong(StepExecution::getId))
                .toList();
    }
}
