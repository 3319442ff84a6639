package io.authpay.billing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.system.SimulatedClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The start and end times Spring Batch sets from the wall clock are saved as the program clock's readings;
 * a time saved before is left as it is when the execution is saved again (a heartbeat, a status change).
 */
class ClockStampedJobRepositoryTests {

    static final Instant MORNING = Instant.parse("2030-01-31T00:05:00Z");

    final SimulatedClock clock = SimulatedClock.startingAt(MORNING, ZoneId.of("Asia/Taipei"));
    final JobRepository repository = ClockStampedJobRepository.wrap(new ResourcelessJobRepository(), clock);

    @Test
    void startsAndEndsAreTheProgramClocksAndASavedStartIsKept() {
        JobInstance instance = repository.createJobInstance(BillingJobs.DAILY, new JobParameters());
        JobExecution job = repository.createJobExecution(instance, new JobParameters(), new ExecutionContext());
        job.setStartTime(LocalDateTime.now()); // as AbstractJob does
        repository.update(job);
        StepExecution step = repository.createStepExecution("charge-due", job);
        step.setStartTime(LocalDateTime.now());
        repository.update(step);

        clock.set(MORNING.plus(Duration.ofHours(2)));
        repository.update(step); // a heartbeat
        repository.update(job);
        step.setEndTime(LocalDateTime.now());
        repository.update(step);
        job.setEndTime(LocalDateTime.now());
        repository.update(job);

        assertNear(job.getStartTime(), MORNING);
        assertNear(step.getStartTime(), MORNING);
        assertNear(step.getEndTime(), MORNING.plus(Duration.ofHours(2)));
        assertNear(job.getEndTime(), MORNING.plus(Duration.ofHours(2)));
        assertThat(repository.getJobNames()).isNotNull(); // a call without arguments passes through
        assertThat(ClockStampedJobRepository.wrap(repository, clock)).isSameAs(repository);
    }

    /** The simulated clock runs on at real speed while the test runs. */
    private static void assertNear(LocalDateTime saved, Instant expected) {
        assertThat(BatchTime.instant(saved)).isBetween(expected, expected.plusSeconds(30));
    }
}
