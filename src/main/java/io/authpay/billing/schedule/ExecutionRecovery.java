package io.authpay.billing.schedule;

import io.authpay.billing.batch.BillingJobs;
import io.authpay.billing.batch.StaleExecutionRecovery;
import io.authpay.billing.system.AuditLog;
import io.authpay.billing.system.EmbeddedDatabase;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Finds the executions a dead node left running, marks them FAILED ({@link StaleExecutionRecovery}: dead
 * means a heartbeat older than {@code billing.batch.stale-after}, so a live node's runs are never taken)
 * and, by default, restarts each on this node so that it finishes. At start-up, then every
 * {@code billing.schedule.recovery-interval}. When two nodes find the same execution, one recovers it (the
 * other's save fails on the execution's version) and only that one restarts it.
 *
 * <p>With the embedded database only one process can run, so only the start-up pass is made: then any
 * execution still marked running is dead, and later there is no other node to watch.
 */
@Component
@Profile("serve")
class ExecutionRecovery {

    private static final Logger log = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final StaleExecutionRecovery stale;
    private final LocalRuns runs;
    private final AuditLog audit;
    private final ScheduleSettings settings;
    private final boolean embedded;
    private ScheduledExecutorService periodic;

    ExecutionRecovery(
            StaleExecutionRecovery stale,
            LocalRuns runs,
            AuditLog audit,
            ScheduleSettings settings,
            ObjectProvider<EmbeddedDatabase> embedded) {
        this.stale = stale;
        this.runs = runs;
        this.audit = audit;
        this.settings = settings;
        this.embedded = embedded.getIfAvailable() != null;
    }

    /** One pass: recovers the dead executions, records each, restarts them in the background. */
    List<StaleExecutionRecovery.Recovered> recoverNow() {
        List<StaleExecutionRecovery.Recovered> recovered = stale.recoverDead(BillingJobs.NAMES);
        for (StaleExecutionRecovery.Recovered r : recovered) {
            audit.record(
                    ScheduledLaunch.ACTOR,
                    "RECOVER_JOB_EXECUTION",
                    "job_execution",
                    Long.toString(r.executionId()),
                    "its node stopped beating (last heartbeat " + r.lastHeartbeat() + ")",
                    r.jobName() + (settings.restartRecovered() ? "; restarting it on this node" : ""));
            if (settings.restartRecovered()) {
                runs.restartInBackground(r.executionId());
            }
        }
        return recovered;
    }

    synchronized void startPeriodic() {
        if (embedded) {
            return;
        }
        periodic = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "execution-recovery");
            thread.setDaemon(true);
            return thread;
        });
        long millis = settings.recoveryInterval().toMillis();
        periodic.scheduleWithFixedDelay(this::pass, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stopPeriodic() {
        if (periodic != null) {
            periodic.shutdownNow();
            periodic = null;
        }
    }

    private void pass() {
        try {
            recoverNow();
        } catch (RuntimeException e) {
            // The next pass tries again; a database away for a moment must not end the recovery for good.
            log.warn("Recovery of dead executions failed: {}", e.getMessage(), e);
        }
    }
}
