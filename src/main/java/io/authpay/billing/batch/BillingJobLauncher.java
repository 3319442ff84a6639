package io.authpay.billing.batch;

import io.authpay.billing.charge.CallWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Starts, restarts and stops the billing jobs with the rules Spring Batch does not know: the daily job
 * only inside the billing window, never two live executions of one job (checked here first for a clear
 * answer, and decided under the job's database lock by {@link JobLaunchLock}). Runs and restarts return when
 * the execution ends (the job operator runs jobs on the caller's thread).
 */
@Component
public class BillingJobLauncher {

    private final JobOperator operator;
    private final JobRepository repository;
    private final Map<String, Job> jobs;
    private final Clock clock;
    private final CallWindow calls;

    BillingJobLauncher(JobOperator operator, JobRepository repository, List<Job> jobs, Clock clock, CallWindow calls) {
        this.operator = operator;
        this.repository = repository;
        this.jobs = jobs.stream().collect(Collectors.toMap(Job::getName, Function.identity()));
        this.clock = clock;
        this.calls = calls;
    }

    /** Today's business date in the billing zone, by the program's clock. */
    public LocalDate today() {
        return calls.window().dayOf(clock.instant());
    }

    /**
     * Runs a job for a date and slot and waits for it. The same date and slot after a FAILED or STOPPED
     * run continues that run; after a COMPLETED one it is refused ({@link LaunchRefusedException.Reason#ALREADY_COMPLETED}).
     */
    public JobExecution run(String jobName, LocalDate date, String slot) {
        return run(jobName, date, slot, Map.of());
    }

    /** As {@link #run(String, LocalDate, String)}, with extra (non-identifying) job parameters. */
    public JobExecution run(String jobName, LocalDate date, String slot, Map<String, String> extra) {
        Job job = job(jobName);
        refuseOutsideWindow(jobName);
        refuseIfRunning(jobName);
        JobParameters parameters = BillingJobs.parameters(date, slot, extra);
        try {
            return operator.start(job, parameters);
        } catch (JobInstanceAlreadyCompleteException e) {
            JobExecution last = repository.getLastJobExecution(jobName, parameters);
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.ALREADY_COMPLETED,
                    jobName + " for " + date + " slot " + slot + " already ran"
                            + (last == null ? "" : " as execution " + last.getId() + " (" + last.getStatus() + ")")
                            + "; a slot runs once");
        } catch (JobExecutionAlreadyRunningException e) {
            throw alreadyRunning(jobName);
        } catch (JobRestartException e) {
            throw new LaunchRefusedException(LaunchRefusedException.Reason.NOT_RESTARTABLE, e.getMessage());
        } catch (InvalidJobParametersException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Restarts a FAILED or STOPPED execution, the last of its instance, and waits for it. */
    public JobExecution restart(long executionId) {
        JobExecution execution = execution(executionId);
        String jobName = execution.getJobInstance().getJobName();
        if (!jobs.containsKey(jobName)) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.NOT_RESTARTABLE,
                    "execution " + executionId + " is of job " + jobName + ", which this program does not run");
        }
        if (execution.isRunning()) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.ALREADY_RUNNING,
                    "execution " + executionId + " is still running (" + execution.getStatus() + ")");
        }
        if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.NOT_RESTARTABLE,
                    "execution " + executionId + " is " + execution.getStatus()
                            + "; only a FAILED or STOPPED execution can be restarted");
        }
        JobExecution last = repository.getLastJobExecution(execution.getJobInstance());
        if (last != null && last.getId() != executionId) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.NOT_RESTARTABLE,
                    "execution " + executionId + " was already restarted as execution " + last.getId() + " ("
                            + last.getStatus() + ")"
                            + (last.getStatus() == BatchStatus.COMPLETED ? "" : "; restart that one"));
        }
        refuseOutsideWindow(jobName);
        refuseIfRunning(jobName);
        try (JobLaunchLock.Scope restartOf = JobLaunchLock.restarting(executionId)) {
            return operator.restart(execution);
        } catch (JobRestartException e) {
            if (e.getCause() instanceof LaunchRefusedException refused) {
                throw refused;
            }
            // Spring Batch 6 wraps every refusal of a restart in this one exception.
            if (e.getCause() instanceof JobExecutionAlreadyRunningException) {
                throw alreadyRunning(jobName);
            }
            String reason = e.getCause() instanceof JobInstanceAlreadyCompleteException cause
                    ? cause.getMessage()
                    : e.getMessage();
            throw new LaunchRefusedException(LaunchRefusedException.Reason.NOT_RESTARTABLE, reason);
        }
    }

    /**
     * Asks a running execution to stop: marks it STOPPING in the database, where its process (this one
     * or another) reads it within a heartbeat and ends the step cleanly. Returns the execution as marked.
     */
    public JobExecution stop(long executionId) {
        JobExecution execution = execution(executionId);
        if (execution.getStatus() == BatchStatus.STOPPING) {
            return execution;
        }
        if (!execution.isRunning()) {
            throw notRunning(execution);
        }
        try {
            operator.stop(execution);
        } catch (JobExecutionNotRunningException e) {
            throw notRunning(execution);
        } catch (OptimisticLockingFailureException e) {
            // JobOperator.stop first marks the execution STOPPING, then also writes the running step
            // execution, whose heartbeat (another process) may have saved it in between. The mark is what
            // the running step reads; if it is there, the stop was asked.
            JobExecution now = execution(executionId);
            if (now.getStatus() != BatchStatus.STOPPING && now.getStatus() != BatchStatus.STOPPED) {
                throw e;
            }
        }
        return execution(executionId);
    }

    /** The execution of that id, or a refusal naming it. */
    public JobExecution execution(long executionId) {
        JobExecution execution;
        try {
            execution = repository.getJobExecution(executionId);
        } catch (EmptyResultDataAccessException e) {
            execution = null; // Spring Batch 6's JDBC repository throws where its Javadoc promises null
        }
        if (execution == null) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.UNKNOWN_EXECUTION, "no job execution " + executionId);
        }
        return execution;
    }

    private Job job(String jobName) {
        Job job = jobs.get(jobName);
        if (job == null) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.UNKNOWN_JOB,
                    "unknown job '" + jobName + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
        }
        return job;
    }

    private void refuseOutsideWindow(String jobName) {
        Instant now = clock.instant();
        if (BillingJobs.DAILY.equals(jobName) && !calls.mayStartCall(now)) {
            throw new LaunchRefusedException(
                    LaunchRefusedException.Reason.OUTSIDE_WINDOW, jobName + ": " + calls.shutReason(now));
        }
    }

    private void refuseIfRunning(String jobName) {
        if (!repository.findRunningJobExecutions(jobName).isEmpty()) {
            throw alreadyRunning(jobName);
        }
    }

    private LaunchRefusedException alreadyRunning(String jobName) {
        String running = repository.findRunningJobExecutions(jobName).stream()
                .map(e -> "execution " + e.getId() + " (" + e.getStatus() + ", date "
                        + e.getJobParameters().getLocalDate(BillingJobs.DATE) + ", slot "
                        + e.getJobParameters().getString(BillingJobs.SLOT) + ", last heartbeat "
                        + StaleExecutionRecovery.lastHeartbeat(e) + ")")
                .sorted()
                .collect(Collectors.joining(", "));
        return new LaunchRefusedException(
                LaunchRefusedException.Reason.ALREADY_RUNNING,
                jobName + " is already running: " + (running.isEmpty() ? "another execution" : running)
                        + "; wait for it to end, or stop it with 'stop <id>'");
    }

    private static LaunchRefusedException notRunning(JobExecution execution) {
        return new LaunchRefusedException(
                LaunchRefusedException.Reason.NOT_RUNNING,
                "execution " + execution.getId() + " is not running: it is " + execution.getStatus());
    }
}
