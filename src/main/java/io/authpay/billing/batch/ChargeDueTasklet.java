package io.authpay.billing.batch;

import io.authpay.billing.charge.ChargePartition;
import io.authpay.billing.charge.ChargeRunner;
import io.authpay.billing.charge.RunSummary;
import io.authpay.billing.charge.StopReason;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * One partition of the daily job's charge step: {@link ChargeRunner#chargeDue} of the partition its step
 * execution names, under a heartbeat, its figures and the node running it kept in the step's context, its
 * stop reason turned into the step's end ({@link RunEnd}). An open circuit breaker stops the whole run: it
 * marks the job execution STOPPING, which every other partition's heartbeat reads, on any node.
 */
final class ChargeDueTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ChargeDueTasklet.class);

    private final ObjectProvider<ChargeRunner> runner;
    private final JobRepository repository;
    private final Duration heartbeat;

    ChargeDueTasklet(ObjectProvider<ChargeRunner> runner, JobRepository repository, Duration heartbeat) {
        this.runner = runner;
        this.repository = repository;
        this.heartbeat = heartbeat;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        ChargePartition partition = ChargePartitioner.of(step.getExecutionContext());
        StepFigures.clear(step.getExecutionContext());
        StepFigures.node(step.getExecutionContext(), NodeName.current());
        repository.updateExecutionContext(step); // who runs it, before the first heartbeat
        RunSummary summary;
        try (StepHeartbeat control = StepHeartbeat.start(repository, step, heartbeat)) {
            // Looked up here, not at start-up: commands that never charge need no charge engine.
            summary = runner.getObject().chargeDue(control, partition);
        }
        StepFigures.summary(step.getExecutionContext(), summary);
        RunEnd.of(summary).applyTo(step);
        if (summary.stopReason() == StopReason.CIRCUIT_OPEN && partition.count() > 1) {
            stopTheOtherPartitions(step.getJobExecutionId(), partition);
        }
        return RepeatStatus.FINISHED;
    }

    /**
     * Marks the job execution STOPPING, as {@code stop} does, from a fresh copy: the other partitions'
     * heartbeats read the mark from the database and end cleanly, leaving their charges due.
     */
    private void stopTheOtherPartitions(long jobExecutionId, ChargePartition partition) {
        StepHeartbeat.stopExecution(repository, jobExecutionId); // those running here, at once
        try {
            JobExecution execution = repository.getJobExecution(jobExecutionId);
            if (execution == null
                    || !(execution.getStatus() == BatchStatus.STARTED
                            || execution.getStatus() == BatchStatus.STARTING)) {
                return;
            }
            execution.setStatus(BatchStatus.STOPPING);
            repository.update(execution);
            log.warn("The circuit breaker of {} opened: execution {} stops on every node", partition, jobExecutionId);
        } catch (OptimisticLockingFailureException e) {
            // Someone else wrote the execution meanwhile (a stop, or its end): its state stands.
            log.warn("Execution {} changed while its breaker stopped it: {}", jobExecutionId, e.getMessage());
        }
    }
}
