package io.authpay.billing.schedule;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.charge.BillingWindow;
import io.authpay.billing.system.AuditLog;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * What a schedule's fire does: runs its billing job for the slot it was due in and waits for it.
 *
 * <p>The slot is the scheduled fire time, in the billing zone: the date is its day, the slot its
 * {@code HH:mm}. So the same slot fired twice (by two nodes, or once more after a misfire) is one job
 * instance, which runs once: the second launch is refused as ALREADY_COMPLETED and counts as success.
 *
 * <p>Skipped, and logged, not failed: a daily fire that comes so late (a misfire) that its day's window has
 * closed; a daily fire outside the window; a fire while another execution of the job still runs (a sweep
 * during a long daily run). Failed: any other refusal, any error, and a run that ends FAILED. A failure is
 * logged at ERROR, recorded in the audit log, and thrown, for Quartz to report.
 */
@Component
@Profile("serve")
class ScheduledLaunch {

    static final String ACTOR = "scheduler";

    private static final Logger log = LoggerFactory.getLogger(ScheduledLaunch.class);
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("HH:mm");
    // Quartz fires a little after the second it aims at; later than this, the fire is a misfire.
    private static final Duration MISFIRE_AFTER = Duration.ofMinutes(1);

    private final LocalRuns runs;
    private final BillingWindow window;
    private final AuditLog audit;

    ScheduledLaunch(LocalRuns runs, BillingWindow window, AuditLog audit) {
        this.runs = runs;
        this.window = window;
        this.audit = audit;
    }

    /** The outcome of a fire that did not fail. */
    enum Outcome {
        /** The job ran to its end (COMPLETED or STOPPED). */
        RAN,
        /** The slot had already run to completion: nothing to do. */
        ALREADY_RAN,
        /** Not run, by the rules (window, a run still going, a misfire too late). */
        SKIPPED
    }

    /**
     * Runs the fire's job and waits for it.
     *
     * @throws ScheduledRunException when the fire failed (after recording it)
     */
    Outcome fire(ScheduledFire fire) {
        LocalDate date = window.dayOf(fire.scheduledAt());
        String slot = SLOT.format(fire.scheduledAt().atZone(window.zone()));
        String what = fire.job() + " (schedule " + fire.schedule() + ", date " + date + ", slot " + slot + ", node "
                + fire.node() + ")";
        if (BillingJobs.DAILY.equals(fire.job()) && missedItsWindow(fire, date)) {
            log.warn(
                    "Skipped {}: the fire due at {} came at {}, after that day's billing window closed",
                    what,
                    fire.scheduledAt(),
                    fire.firedAt());
            return Outcome.SKIPPED;
        }
        log.info("Starting {}", what);
        JobExecution execution;
        try {
            execution = runs.run(fire.job(), date, slot, fire.parameters());
        } catch (LaunchRefusedException e) {
            switch (e.reason()) {
                case ALREADY_COMPLETED -> {
                    log.info("{}: {}", what, e.getMessage());
                    return Outcome.ALREADY_RAN;
                }
                case ALREADY_RUNNING -> {
                    log.info("Skipped {}: {}", what, e.getMessage());
                    return Outcome.SKIPPED;
                }
                case OUTSIDE_WINDOW -> {
                    log.warn("Skipped {}: {}", what, e.getMessage());
                    return Outcome.SKIPPED;
                }
                case UNKNOWN_JOB, UNKNOWN_EXECUTION, NOT_RESTARTABLE, NOT_RUNNING -> throw failed(fire, what, null, e);
            }
            throw failed(fire, what, null, e);
        } catch (RuntimeException e) {
            throw failed(fire, what, null, e);
        }
        BatchStatus status = execution.getStatus();
        String description = execution.getExitStatus().getExitDescription();
        if (status == BatchStatus.COMPLETED) {
            log.info("{} completed as execution {}", what, execution.getId());
        } else if (status == BatchStatus.STOPPED) {
            log.warn(
                    "{} stopped as execution {}: {}; 'restart {}' continues it",
                    what,
                    execution.getId(),
                    description,
                    execution.getId());
        } else {
            throw failed(fire, what, execution.getId(), new IllegalStateException(description));
        }
        return Outcome.RAN;
    }

    /** A daily fire so late that the window of the day it was due in has closed. */
    private boolean missedItsWindow(ScheduledFire fire, LocalDate date) {
        boolean late = Duration.between(fire.scheduledAt(), fire.firedAt()).compareTo(MISFIRE_AFTER) > 0;
        return late && !fire.firedAt().isBefore(window.closingOn(date));
    }

    private ScheduledRunException failed(ScheduledFire fire, String what, Long executionId, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String message = executionId == null
                ? what + " could not be launched: " + reason
                : what + " failed as execution " + executionId + ": " + reason + "; after fixing the cause, 'restart "
                        + executionId + "' continues it";
        ScheduledRunException failure = new ScheduledRunException(message, cause);
        log.error(message, cause);
        try {
            audit.record(
                    ACTOR,
                    "SCHEDULED_RUN_FAILED",
                    "schedule",
                    fire.schedule(),
                    truncate(reason),
                    message + " (due " + fire.scheduledAt() + ", fired " + fire.firedAt() + ")");
        } catch (RuntimeException auditFailure) {
            // The database may be what failed: the ERROR line above stands, and the failure is still thrown.
            failure.addSuppressed(auditFailure);
        }
        return failure;
    }

    private static String truncate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
