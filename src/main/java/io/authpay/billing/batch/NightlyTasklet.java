package io.authpay.billing.batch;

import io.authpay.billing.charge.NightlyWork;
import java.time.Duration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One step of the nightly job: its {@link NightlyTask} under a heartbeat, the count kept in the step's
 * context. A stop asked meanwhile ends the step STOPPED (the framework sees it through the heartbeat's
 * save); every task is idempotent, so a restart simply does it again.
 */
final class NightlyTasklet implements Tasklet {

    private final NightlyTask task;
    private final ObjectProvider<NightlyWork> work;
    private final JobRepository repository;
    private final Duration heartbeat;

    NightlyTasklet(NightlyTask task, ObjectProvider<NightlyWork> work, JobRepository repository, Duration heartbeat) {
        this.task = task;
        this.work = work;
        this.repository = repository;
        this.heartbeat = heartbeat;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        StepFigures.clear(step.getExecutionContext());
        int count;
        try (StepHeartbeat control = StepHeartbeat.start(repository, step, heartbeat)) {
            count = task.run(work.getObject(), step.getJobParameters().getLocalDate(BillingJobs.DATE), control);
        }
        StepFigures.count(step.getExecutionContext(), count);
        return RepeatStatus.FINISHED;
    }
}
