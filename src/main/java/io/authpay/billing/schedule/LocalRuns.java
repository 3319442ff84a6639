package io.authpay.billing.schedule;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.JobLaunchLock;
import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.metrics.BillingMetrics;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Every job run and restart this node makes, whoever asks (a schedule, the operator API, recovery), goes
 * through here: so the node knows which executions are its own, can ask exactly those to stop when it
 * shuts down and wait for them, and times each run. Runs started for the API go on in the background; the
 * caller gets the execution as soon as it exists.
 */
@Component
@Profile("serve")
public class LocalRuns {

    private static final Logger log = LoggerFactory.getLogger(LocalRuns.class);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    /** One job instance: what a run and its restarts share. */
    private record RunKey(String job, LocalDate date, String slot) {
        static RunKey of(JobExecution execution) {
            JobParameters parameters = execution.getJobParameters();
            return new RunKey(
                    execution.getJobInstance().getJobName(),
                    parameters.getLocalDate(BillingJobs.DATE),
                    parameters.getString(BillingJobs.SLOT));
        }
    }

    private final BillingJobLauncher launcher;
    private final JobRepository repository;
    private final BillingMetrics metrics;
    private final Clock clock;
    private final Map<RunKey, AtomicInteger> active = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private volatile boolean draining;

    LocalRuns(BillingJobLauncher launcher, JobRepository repository, BillingMetrics metrics, Clock clock) {
        this.launcher = launcher;
        this.repository = repository;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "billing-run-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs a job for a date and slot on this thread and waits for it ({@link BillingJobLauncher#run}). */
    public JobExecution run(String job, LocalDate date, String slot, Map<String, String> extra) {
        return tracked(new RunKey(job, date, slot), () -> launcher.run(job, date, slot, extra));
    }

    /** Restarts an execution on this thread and waits for it ({@link BillingJobLauncher#restart}). */
    public JobExecution restart(long executionId) {
        RunKey key = RunKey.of(launcher.execution(executionId));
        return tracked(key, () -> launcher.restart(executionId));
    }

    /**
     * Starts a manual run (a slot of its own) in the background and returns its execution as soon as it
     * exists. A refusal (unknown job, outside the window, already running) is thrown here.
     */
    public JobExecution start(String job, LocalDate date) {
        String slot = BillingJobs.manualSlot(clock.instant());
        CompletableFuture<JobExecution> created = new CompletableFuture<>();
        Future<JobExecution> run = submit(created, () -> run(job, date, slot, Map.of()), job + " " + date + " " + slot);
        return firstSight(run, created);
    }

    /**
     * Restarts an execution in the background and returns the new execution as soon as it exists. A
     * refusal (unknown execution, still running, not restartable, outside the window) is thrown here.
     */
    public JobExecution startRestart(long executionId) {
        launcher.execution(executionId); // an unknown id is refused here, on the caller's thread
        CompletableFuture<JobExecution> created = new CompletableFuture<>();
        Future<JobExecution> run = submit(created, () -> restart(executionId), "restart of execution " + executionId);
        return firstSight(run, created);
    }

    /** Restarts an execution in the background; the outcome is only logged (recovery's restarts). */
    void restartInBackground(long executionId) {
        submit(new CompletableFuture<>(), () -> restart(executionId), "restart of recovered execution " + executionId);
    }

    /**
     * Takes runs again after a {@link #drain}: a context stopped and started again (as Spring's test
     * framework pauses a cached context it does not use for a while) runs jobs as before.
     */
    void open() {
        draining = false;
    }

    /**
     * At shutdown (the context stopping): refuses new runs, asks every execution this node runs to stop
     * (each ends its step cleanly, STOPPED and restartable, after the calls in flight record their outcome)
     * and waits for them at most {@code timeout}. Returns whether all ended. The threads stay for a later
     * {@link #open}; they go with the context ({@link #close}).
     */
    public boolean drain(Duration timeout) {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> asked = new HashSet<>();
        while (!active.isEmpty()
                && System.nanoTime() < deadline
                && !Thread.currentThread().isInterrupted()) {
            for (RunKey key : List.copyOf(active.keySet())) {
                for (JobExecution execution : repository.findRunningJobExecutions(key.job())) {
                    if (RunKey.of(execution).equals(key) && asked.add(execution.getId())) {
                        askToStop(execution);
                    }
                }
            }
            sleep(100);
        }
        if (!active.isEmpty()) {
            log.warn(
                    "Still running after {}: {}; a node that outlives them recovers them once their heartbeat stops",
                    timeout,
                    active.keySet());
            return false;
        }
        return true;
    }

    /** The context closes: no more runs; a run still going (past the drain's wait) ends with the JVM. */
    @PreDestroy
    void close() {
        draining = true;
        background.shutdown();
    }

    private void askToStop(JobExecution execution) {
        try {
            launcher.stop(execution.getId());
            log.info(
                    "Shutting down: asked execution {} of {} to stop; it ends STOPPED and restartable",
                    execution.getId(),
                    execution.getJobInstance().getJobName());
        } catch (LaunchRefusedException e) {
            log.info("Shutting down: execution {} {}", execution.getId(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Shutting down: could not ask execution {} to stop: {}", execution.getId(), e.getMessage());
        }
    }

    private JobExecution tracked(RunKey key, Supplier<JobExecution> launch) {
        if (draining) {
            throw new IllegalStateException("this node is shutting down and starts no more runs; " + key.job()
                    + " slot " + key.slot() + " was not started");
        }
        active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        long started = System.nanoTime();
        try {
            JobExecution execution = launch.get();
            metrics.jobRun(key.job(), execution.getStatus().name(), Duration.ofNanos(System.nanoTime() - started));
            return execution;
        } finally {
            active.computeIfPresent(key, (k, count) -> count.decrementAndGet() == 0 ? null : count);
        }
    }

    /** Runs {@code work} in the background; {@code created} gets the execution its launch creates, once committed. */
    private Future<JobExecution> submit(
            CompletableFuture<JobExecution> created, Supplier<JobExecution> work, String what) {
        return background.submit(() -> {
            try (JobLaunchLock.Scope scope = JobLaunchLock.reporting(created::complete)) {
                JobExecution execution = work.get();
                log.info(
                        "{} ended: execution {} {} {}",
                        what,
                        execution.getId(),
                        execution.getStatus(),
                        Objects.toString(execution.getExitStatus().getExitDescription(), ""));
                return execution;
            } catch (LaunchRefusedException e) {
                log.info("{} refused: {}", what, e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
                throw e;
            }
        });
    }

    /**
     * The execution this very launch created, as soon as it exists, or the run's own end (or refusal),
     * whichever comes first. Never another launch's execution: two launches racing see only their own.
     */
    private static JobExecution firstSight(Future<JobExecution> run, CompletableFuture<JobExecution> created) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (created.isDone()) {
                return created.join();
            }
            if (run.isDone()) {
                return result(run);
            }
            sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("the run did not start within " + START_WAIT + "; see the log");
    }

    private static JobExecution result(Future<JobExecution> run) {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
