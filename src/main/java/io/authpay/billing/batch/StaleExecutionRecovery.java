package io.authpay.billing.batch;

import io.authpay.billing.system.EmbeddedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Finds executions still marked running (STARTING, STARTED, STOPPING) whose process died, and marks
 * them FAILED through {@link JobOperator#recover}, so they can be restarted.
 *
 * <p>Dead means: with the embedded database, any running execution at all, because only one process
 * can hold that database and this one has not started anything yet; with an external database, one
 * whose heartbeat (the latest {@code LAST_UPDATED} of the execution and its steps) is older than
 * {@code billing.batch.stale-after}. Call it only before this process starts a job.
 */
@Component
public class StaleExecutionRecovery {

    private static final Logger log = LoggerFactory.getLogger(StaleExecutionRecovery.class);

    private final JobRepository repository;
    private final JobOperator operator;
    private final ObjectProvider<EmbeddedDatabase> embedded;
    private final Duration staleAfter;
    // Spring Batch's stamps come from the JVM's wall clock, so their age is measured on it too.
    private final Clock batchClock;

    @Autowired
    StaleExecutionRecovery(
            JobRepository repository,
            JobOperator operator,
            ObjectProvider<EmbeddedDatabase> embedded,
            BatchSettings settings) {
        this(repository, operator, embedded, settings.staleAfter(), Clock.systemDefaultZone());
    }

    StaleExecutionRecovery(
            JobRepository repository,
            JobOperator operator,
            ObjectProvider<EmbeddedDatabase> embedded,
            Duration staleAfter,
            Clock batchClock) {
        this.repository = repository;
        this.operator = operator;
        this.embedded = embedded;
        this.staleAfter = staleAfter;
        this.batchClock = batchClock;
    }

    /** An execution this recovery marked FAILED. */
    public record Recovered(long executionId, String jobName, Instant lastHeartbeat) {}

    /**
     * Recovers the dead executions of these jobs; returns those this call recovered (not those another
     * process recovered at the same time).
     */
    public List<Recovered> recoverDead(Collection<String> jobNames) {
        List<Recovered> recovered = new ArrayList<>();
        for (String jobName : jobNames) {
            for (JobExecution execution : repository.findRunningJobExecutions(jobName)) {
                if (isDead(execution)) {
                    try {
                        recovered.add(recover(execution));
                    } catch (OptimisticLockingFailureException e) {
                        // Another node recovering the same dead execution saved it first: it is theirs now.
                        log.info(
                                "Execution {} of {} was recovered by another process meanwhile",
                                execution.getId(),
                                jobName);
                    }
                }
            }
        }
        recovered.sort(Comparator.comparingLong(Recovered::executionId));
        return recovered;
    }

    /** Whether a running execution is the remains of a dead process. */
    public boolean isDead(JobExecution execution) {
        if (!execution.isRunning()) {
            return false;
        }
        if (embedded.getIfAvailable() != null) {
            return true;
        }
        return isStale(lastHeartbeat(execution));
    }

    /**
     * Whether a running step's heartbeat (its last save, else its creation) is older than {@code
     * billing.batch.stale-after}: the worker running it died, though the run it belongs to may live on.
     */
    boolean isStale(StepExecution step) {
        return isStale(BatchTime.instant(step.getLastUpdated() != null ? step.getLastUpdated() : step.getCreateTime()));
    }

    private boolean isStale(Instant heartbeat) {
        return heartbeat == null || heartbeat.plus(staleAfter).isBefore(batchClock.instant());
    }

    /**
     * The latest sign of life of an execution: when it or one of its steps was last saved, or else created.
     * Not its start time, which is the program's clock (a simulated day, perhaps), not Spring Batch's wall clock.
     */
    public static Instant lastHeartbeat(JobExecution execution) {
        return Stream.concat(
                        Stream.of(execution.getCreateTime(), execution.getLastUpdated()),
                        execution.getStepExecutions().stream().map(StepExecution::getLastUpdated))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .map(BatchTime::instant)
                .orElse(null);
    }

    private Recovered recover(JobExecution execution) {
        Instant heartbeat = lastHeartbeat(execution);
        String why =
                "recovered: the process running it died (last heartbeat " + heartbeat + "); restart it to continue";
        // JobOperator.recover sets the statuses and saves, but leaves the exit statuses as they were.
        for (StepExecution step : execution.getStepExecutions()) {
            if (step.getStatus().isRunning()) {
                step.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
            }
        }
        execution.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), why));
        operator.recover(execution);
        log.warn(
                "Recovered execution {} of {}: {}",
                execution.getId(),
                execution.getJobInstance().getJobName(),
                why);
        return new Recovered(execution.getId(), execution.getJobInstance().getJobName(), heartbeat);
    }
}
