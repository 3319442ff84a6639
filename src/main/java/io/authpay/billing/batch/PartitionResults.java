package io.authpay.billing.batch;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.step.StepExecution;

/**
 * Spring Batch's aggregation of the partitions into the partitioned step, which also brings the job
 * execution's own copies of the partitions up to date: when workers elsewhere ran them, those copies
 * still say STARTING, and what reads the execution when it ends (its exit description, the summary
 * printed or logged) must see how each partition ended and what it did.
 */
final class PartitionResults implements StepExecutionAggregator {

    private final StepExecutionAggregator delegate = new DefaultStepExecutionAggregator();

    @Override
    public void aggregate(StepExecution result, Collection<StepExecution> executions) {
        delegate.aggregate(result, executions);
        Map<Long, StepExecution> ended =
                executions.stream().collect(Collectors.toMap(StepExecution::getId, Function.identity(), (a, b) -> a));
        for (StepExecution copy : result.getJobExecution().getStepExecutions()) {
            StepExecution fresh = ended.get(copy.getId());
            if (fresh != null && fresh != copy) {
                refresh(copy, fresh);
            }
        }
    }

    /** Brings a copy of a partition's step execution up to date with a fresh read of it. */
    static void refresh(StepExecution copy, StepExecution fresh) {
        copy.setStatus(fresh.getStatus());
        copy.setExitStatus(fresh.getExitStatus());
        copy.setExecutionContext(fresh.getExecutionContext());
        copy.setStartTime(fresh.getStartTime());
        copy.setEndTime(fresh.getEndTime());
        copy.setLastUpdated(fresh.getLastUpdated());
    }
}
