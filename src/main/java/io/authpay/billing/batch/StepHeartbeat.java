package io.authpay.billing.batch;

import io.authpay.billing.charge.RunControl;
import io.authpay.billing.charge.RunProgress;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The {@link RunControl} of one running step: a thread of its own saves the step execution every
 * interval, which moves its {@code LAST_UPDATED} (the heartbeat that tells a live run from a dead one)
 * and stores the last progress reported in its context.
 *
 * <p>The same save reads whether the job was asked to stop: {@code JobOperator.stop} in another process
 * only marks the execution STOPPING in the database, and {@link JobRepository#update(StepExecution)}
 * marks the step terminate-only when it finds that. The work asks {@link #stopRequested()} as often as
 * it likes; that costs nothing, the database is read by the heartbeat alone.
 *
 * <p>The step's own thread does not touch its step execution while the work runs (it is inside the
 * tasklet), so the heartbeat thread may; {@link #close()} waits for the last beat before the step goes on.
 */
final class StepHeartbeat implements RunControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StepHeartbeat.class);

    /**
     * The job executions this process knows were asked to stop, by job repository (an id means something
     * only in its repository's database). The partitions of one run that run here each beat on their own;
     * the first to read the stop tells the others at once, so none of them starts a call in the meantime.
     * (One id per stopped execution for the life of the repository.)
     */
    private static final Map<JobRepository, Set<Long>> STOPPING = Collections.synchronizedMap(new WeakHashMap<>());

    private final JobRepository repository;
    private final StepExecution step;
    private final ScheduledExecutorService ticker;
    private final AtomicReference<RunProgress> reported = new AtomicReference<>();
    private volatile boolean stopRequested;

    private StepHeartbeat(JobRepository repository, StepExecution step) {
        this.repository = repository;
        this.step = step;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heartbeat-" + step.getStepName() + "-" + step.getId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts beating for {@code step} every {@code interval}. */
    static StepHeartbeat start(JobRepository repository, StepExecution step, Duration interval) {
        StepHeartbeat heartbeat = new StepHeartbeat(repository, step);
        long millis = interval.toMillis();
        heartbeat.ticker.scheduleWithFixedDelay(heartbeat::beat, millis, millis, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    @Override
    public boolean stopRequested() {
        return stopRequested || stopping(repository).contains(step.getJobExecutionId());
    }

    /** Tells every step of this execution running in this process to stop (their heartbeats read it too). */
    static void stopExecution(JobRepository repository, long jobExecutionId) {
        stopping(repository).add(jobExecutionId);
    }

    private static Set<Long> stopping(JobRepository repository) {
        return STOPPING.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public void progress(RunProgress progress) {
        reported.set(progress);
    }

    private void beat() {
        try {
            RunProgress progress = reported.get();
            if (progress != null) {
                StepFigures.progress(step.getExecutionContext(), progress);
                repository.updateExecutionContext(step);
            }
            repository.update(step);
            if (step.isTerminateOnly() && !stopRequested) {
                log.info(
                        "Execution {} was asked to stop; step {} ends cleanly",
                        step.getJobExecutionId(),
                        step.getStepName());
                stopRequested = true;
                stopExecution(repository, step.getJobExecutionId());
            }
        } catch (OptimisticLockingFailureException e) {
            // Another process wrote this step execution: a stop that raced this beat, or a recovery that
            // took this run for dead. Either way the run must end; going on after a recovery would mean
            // two runs of one execution once it is restarted.
            stopRequested = true;
            log.warn("Step execution {} was changed by another process ({}); stopping", step.getId(), e.getMessage());
        } catch (RuntimeException e) {
            // A missed beat is not fatal: the next one may work, and the timeout allows for several.
            log.warn("Heartbeat of step execution {} failed: {}", step.getId(), e.getMessage());
        }
    }

    /** Stops beating, after the beat under way if any. */
    @Override
    public void close() {
        ticker.shutdown();
        try {
            if (!ticker.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("The heartbeat of step execution {} did not end in 30 s", step.getId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
