package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.system.EmbeddedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class StaleExecutionRecoveryTests {

    static final ZoneId ZONE = ZoneId.of("UTC");
    static final LocalDateTime NOW = LocalDateTime.of(2026, 5, 1, 10, 0);

    // an external database: no embedded one in the context
    final StaleExecutionRecovery recovery = new StaleExecutionRecovery(
            null,
            null,
            new StaticListableBeanFactory().getBeanProvider(EmbeddedDatabase.class),
            Duration.ofMinutes(2),
            Clock.fixed(NOW.atZone(ZONE).toInstant(), ZONE));

    @Test
    void aRunningExecutionWhoseStepBeatRecentlyIsAlive() {
        JobExecution execution = running(NOW.minusMinutes(30));
        step(execution, NOW.minusSeconds(5));

        assertThat(recovery.isDead(execution)).isFalse();
    }

    @Test
    void aRunningExecutionSilentForLongerThanTheTimeoutIsDead() {
        JobExecution execution = running(NOW.minusMinutes(30));
        step(execution, NOW.minusMinutes(3));

        assertThat(recovery.isDead(execution)).isTrue();
        assertThat(StaleExecutionRecovery.lastHeartbeat(execution))
                .isEqualTo(NOW.minusMinutes(3).atZone(ZoneId.systemDefault()).toInstant());
    }

    @Test
    void anExecutionThatEndedIsNeverDead() {
        JobExecution execution = running(NOW.minusMinutes(30));
        execution.setStatus(BatchStatus.FAILED);

        assertThat(recovery.isDead(execution)).isFalse();
    }

    @Test
    void aPartitionIsStaleOnceItsOwnHeartbeatIsOlderThanTheTimeoutWhateverTheRunsOtherSteps() {
        JobExecution execution = running(NOW.minusMinutes(30));
        step(execution, NOW.minusSeconds(5)); // the manager, beating
        StepExecution beating = new StepExecution(2, "charge-due-partition:p0", execution);
        beating.setStatus(BatchStatus.STARTED);
        beating.setLastUpdated(NOW.minusSeconds(5));
        StepExecution silent = new StepExecution(3, "charge-due-partition:p1", execution);
        silent.setStatus(BatchStatus.STARTED);
        silent.setLastUpdated(NOW.minusMinutes(3));
        StepExecution neverSaved = new StepExecution(4, "charge-due-partition:p2", execution);
        neverSaved.setCreateTime(NOW.minusMinutes(3));

        assertThat(recovery.isDead(execution)).isFalse();
        assertThat(recovery.isStale(beating)).isFalse();
        assertThat(recovery.isStale(silent)).isTrue();
        assertThat(recovery.isStale(neverSaved))
                .as("measured from its creation")
                .isTrue();
    }

    private static JobExecution running(LocalDateTime started) {
        JobExecution execution = new JobExecution(1, new JobInstance(1, BillingJobs.DAILY), new JobParameters());
        execution.setStatus(BatchStatus.STARTED);
        execution.setCreateTime(started);
        execution.setStartTime(started);
        execution.setLastUpdated(started);
        return execution;
    }

    private static void step(JobExecution execution, LocalDateTime lastUpdated) {
        StepExecution step = new StepExecution(1, "charge-due", execution);
        step.setStatus(BatchStatus.STARTED);
        step.setLastUpdated(lastUpdated);
        execution.addStepExecution(step);
    }
}
