package io.authpay.billing.web;

import io.authpay.billing.authpay.OutcomeClass;
import io.authpay.billing.batch.BillingJobLauncher;
import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.ExecutionFigures;
import io.authpay.billing.batch.ExecutionListing;
import io.authpay.billing.batch.PartitionFigures;
import io.authpay.billing.charge.RunProgress;
import io.authpay.billing.schedule.OperatorJobs;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jobs and their executions: list and show executions, run a job now, stop and restart an execution.
 * Runs and restarts are asynchronous: the answer is 202 with the new execution as soon as it exists; follow
 * it with {@code GET /api/executions/{id}}.
 */
@RestController
@RequestMapping("/api")
@Profile(ServeApplication.PROFILE)
class JobsController {

    private static final int MAX_LIMIT = 500;

    private final BillingJobLauncher launcher;
    private final OperatorJobs jobs;
    private final ExecutionListing listing;

    JobsController(BillingJobLauncher launcher, OperatorJobs jobs, ExecutionListing listing) {
        this.launcher = launcher;
        this.jobs = jobs;
        this.listing = listing;
    }

    /** Body of a run: both fields optional. */
    record RunRequest(LocalDate date, String reason) {}

    /** Body of a stop or a restart: optional. */
    record ReasonRequest(String reason) {}

    /**
     * What a run, restart or stop started or asked.
     *
     * @param executionId the execution to follow
     * @param restartedExecutionId for a restart, the execution it continues; else null
     */
    record Started(
            long executionId, Long restartedExecutionId, String job, LocalDate date, String slot, String status) {
        static Started of(JobExecution execution, Long restarted) {
            return new Started(
                    execution.getId(),
                    restarted,
                    execution.getJobInstance().getJobName(),
                    execution.getJobParameters().getLocalDate(BillingJobs.DATE),
                    execution.getJobParameters().getString(BillingJobs.SLOT),
                    execution.getStatus().name());
        }
    }

    /** One execution in full: identity, end, what it did, and while it runs, its progress. */
    record ExecutionView(
            long executionId,
            String job,
            LocalDate date,
            String slot,
            String status,
            String exitCode,
            String exitDescription,
            Instant startedAt,
            Instant endedAt,
            long attempts,
            long charged,
            long amount,
            Map<OutcomeClass, Long> byOutcome,
            Map<String, Long> counts,
            List<PartitionFigures> partitions,
            ProgressView progress) {}

    /** Where a running execution stands. */
    record ProgressView(String step, Integer attempts, Integer succeeded, Long amount, Integer inFlight) {}

    @GetMapping("/executions")
    List<ExecutionListing.Row> executions(
            @RequestParam(required = false) String job, @RequestParam(defaultValue = "20") int limit) {
        if (job != null && !BillingJobs.isKnown(job)) {
            throw new BadRequestException(
                    "unknown job '" + job + "'; the jobs are " + String.join(", ", BillingJobs.NAMES));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be 1 to " + MAX_LIMIT);
        }
        return listing.recent(job, limit);
    }

    @GetMapping("/executions/{id}")
    ExecutionView execution(@PathVariable long id) {
        return view(launcher.execution(id));
    }

    @PostMapping("/jobs/{job}/runs")
    ResponseEntity<Started> run(
            @PathVariable String job,
            @RequestBody(required = false) RunRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        RunRequest request = body == null ? new RunRequest(null, null) : body;
        LocalDate date = request.date() != null ? BusinessDates.check(request.date(), "date") : null;
        JobExecution execution = jobs.run(job, date, actor, BadRequestException.reason(request.reason()));
        return ResponseEntity.accepted()
                .location(URI.create("/api/executions/" + execution.getId()))
                .body(Started.of(execution, null));
    }

    @PostMapping("/executions/{id}/stop")
    ResponseEntity<Started> stop(
            @PathVariable long id,
            @RequestBody(required = false) ReasonRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        JobExecution execution = jobs.stop(id, actor, reason(body));
        return ResponseEntity.accepted()
                .location(URI.create("/api/executions/" + id))
                .body(Started.of(execution, null));
    }

    @PostMapping("/executions/{id}/restart")
    ResponseEntity<Started> restart(
            @PathVariable long id,
            @RequestBody(required = false) ReasonRequest body,
            @RequestAttribute(OperatorTokenFilter.ACTOR) String actor) {
        JobExecution execution = jobs.restart(id, actor, reason(body));
        return ResponseEntity.accepted()
                .location(URI.create("/api/executions/" + execution.getId()))
                .body(Started.of(execution, id));
    }

    private static String reason(ReasonRequest body) {
        return body == null ? null : BadRequestException.reason(body.reason());
    }

    private static ExecutionView view(JobExecution execution) {
        ExecutionFigures figures = ExecutionFigures.of(execution);
        ProgressView progress = null;
        if (execution.isRunning()) {
            ExecutionFigures.Progress p = ExecutionFigures.Progress.of(execution);
            if (p != null) {
                RunProgress r = p.progress();
                progress = r == null
                        ? new ProgressView(p.step(), null, null, null, null)
                        : new ProgressView(p.step(), r.attempts(), r.succeeded(), r.amount(), r.inFlight());
            }
        }
        return new ExecutionView(
                figures.executionId(),
                figures.jobName(),
                figures.date(),
                figures.slot(),
                figures.status().name(),
                figures.exitCode(),
                figures.exitDescription(),
                instant(execution.getStartTime()),
                instant(execution.getEndTime()),
                figures.attempts(),
                figures.charged(),
                figures.amount(),
                figures.byOutcome(),
                figures.counts(),
                figures.partitions(),
                progress);
    }

    /** Spring Batch keeps its times in the JVM's zone (start and end read the program's clock: batch.BatchTime). */
    private static Instant instant(LocalDateTime stamp) {
        return stamp == null ? null : stamp.atZone(ZoneId.systemDefault()).toInstant();
    }
}
