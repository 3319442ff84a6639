package io.authpay.billing.batch;

import io.authpay.billing.charge.ChargeRunner;
import io.authpay.billing.charge.RunSummary;
import java.time.Duration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The daily job's one step: {@link ChargeRunner#chargeDue} under a heartbeat, its figures kept in the
 * step's context, its stop reason turned into the step's end ({@link RunEnd}).
 */
final class ChargeDueTasklet implements Tasklet {

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
        StepFigures.clear(step.getExecutionContext());
        RunSummary summary;
        try (StepHeartbeat control = StepHeartbeat.start(repository, step, heartbeat)) {
            // Looked up here, not at start-up: commands that never charge need no charge engine.
            summary = runner.getObject().chargeDue(control);
        }
        StepFigures.summary(step.getExecutionContext(), summary);
        RunEnd.of(summary).applyTo(step);
        return RepeatStatus.FINISHED;
    }
}
