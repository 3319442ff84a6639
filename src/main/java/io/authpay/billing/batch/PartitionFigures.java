package io.authpay.billing.batch;

import io.authpay.billing.charge.RunProgress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition of a daily run's charge step as an execution ran it.
 *
 * @param partition the partition's name ({@code p0}, {@code p1}, ...)
 * @param node the process that ran it ({@code host/pid}); null before it started
 * @param status its step execution's status
 * @param attempts transaction calls it made (so far, while it runs)
 * @param paid charges it paid (so far, while it runs)
 * @param durationSeconds from its start to its end, whole seconds; null while it runs
 */
public record PartitionFigures(
        String partition, String node, String status, long attempts, long paid, Long durationSeconds) {

    static final String PREFIX = ChargePartitioner.WORKER_STEP + ":";

    /** The partitions this execution ran, in partition order. */
    public static List<PartitionFigures> of(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .filter(PartitionFigures::isPartition)
                .map(PartitionFigures::of)
                .sorted(IN_ORDER)
                .toList();
    }

    static boolean isPartition(StepExecution step) {
        return step.getStepName().startsWith(PREFIX);
    }

    /** What the partition did: its summary once it ended, else the last progress it reported. */
    static RunProgress figures(StepExecution step) {
        return figures(step.getExecutionContext());
    }

    private static RunProgress figures(ExecutionContext context) {
        if (StepFigures.hasSummary(context)) {
            return new RunProgress(
                    (int) StepFigures.attempts(context),
                    (int) StepFigures.succeeded(context),
                    StepFigures.amount(context),
                    0);
        }
        RunProgress progress = StepFigures.progress(context);
        return progress == null ? new RunProgress(0, 0, 0, 0) : progress;
    }

    private static PartitionFigures of(StepExecution step) {
        return of(
                step.getStepName(),
                step.getStatus().name(),
                step.getStartTime(),
                step.getEndTime(),
                step.getExecutionContext());
    }

    /** A partition from its step execution's row and context, as {@link ExecutionListing} reads them. */
    static PartitionFigures of(
            String stepName, String status, LocalDateTime startTime, LocalDateTime endTime, ExecutionContext context) {
        RunProgress figures = figures(context);
        Instant start = BatchTime.instant(startTime);
        Instant end = BatchTime.instant(endTime);
        return new PartitionFigures(
                stepName.substring(PREFIX.length()),
                StepFigures.node(context),
                status,
                figures.attempts(),
                figures.succeeded(),
                start == null || end == null
                        ? null
                        : Duration.between(start, end).toSeconds());
    }

    /** Sorts partitions by their number: p2 before p10. */
    static final Comparator<PartitionFigures> IN_ORDER = Comparator.comparingInt(p -> index(p.partition()));

    private static int index(String name) {
        try {
            return Integer.parseInt(name.substring(1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        // How a CSV export writes it (a list value is written space-separated).
        return partition + ":" + status + "@" + node;
    }
}
