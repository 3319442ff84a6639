package io.authpay.billing.schedule;

import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.system.AuditLog;
import java.time.LocalDate;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * What an operator does to jobs, from the API or the console: run a job now, stop and restart an execution;
 * each written to the audit log under the operator's name. Runs and restarts go on in the background.
 */
@Component
@Profile("serve")
public class OperatorJobs {

    private final BillingJobLauncher launcher;
    private final LocalRuns runs;
    private final AuditLog audit;

    OperatorJobs(BillingJobLauncher launcher, LocalRuns runs, AuditLog audit) {
        this.launcher = launcher;
        this.runs = runs;
        this.audit = audit;
    }

    /** Starts a manual run of {@code job} for {@code date} (today in the billing zone when null). */
    public JobExecution run(String job, LocalDate date, String actor, String reason) {
        LocalDate day = date != null ? date : launcher.today();
        JobExecution execution = runs.start(job, day);
        audit.record(
                actor,
                "RUN_JOB",
                "job_execution",
                Long.toString(execution.getId()),
                reason,
                job + " date " + day + " slot " + execution.getJobParameters().getString(BillingJobs.SLOT));
        return execution;
    }

    /** Asks a running execution to stop; asking again while it is stopping is not audited twice. */
    public JobExecution stop(long executionId, String actor, String reason) {
        boolean wasStopping = launcher.execution(executionId).getStatus() == BatchStatus.STOPPING;
        JobExecution execution = launcher.stop(executionId);
        if (!wasStopping) {
            audit.record(
                    actor,
                    "STOP_JOB_EXECUTION",
                    "job_execution",
                    Long.toString(executionId),
                    reason,
                    execution.getJobInstance().getJobName());
        }
        return execution;
    }

    /** Restarts a stopped or failed execution; returns the new execution that continues it. */
    public JobExecution restart(long executionId, String actor, String reason) {
        JobExecution execution = runs.startRestart(executionId);
        audit.record(
                actor,
                "RESTART_JOB_EXECUTION",
                "job_execution",
                Long.toString(executionId),
                reason,
                execution.getJobInstance().getJobName() + ": continued as execution " + execution.getId());
        return execution;
    }
}
