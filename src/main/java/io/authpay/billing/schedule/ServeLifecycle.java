package io.authpay.billing.schedule;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Starts and stops the scheduling side of {@code serve}, in the order that loses nothing.
 *
 * <p>Start: reconcile the schedule files into Quartz, recover what dead nodes left running, then start
 * Quartz (which only then fires, missed fire times included), then watch for dead nodes periodically.
 * Before the web server opens (a lower phase).
 *
 * <p>Stop (SIGTERM): Quartz first goes to standby (no new fires), then every execution this node runs is
 * asked to stop and waited for ({@code billing.schedule.drain-timeout}): a daily run ends STOPPED and
 * restartable, its calls in flight having recorded their outcome. Only then do the beans those runs need
 * (the gateway client, the database pool) close. Quartz itself shuts down last, waiting for its threads.
 */
@Component
@Profile("serve")
class ServeLifecycle implements SmartLifecycle {

    /** Before the web server starts (it starts at DEFAULT_PHASE - 2048), after it stops. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(ServeLifecycle.class);

    private final Schedules schedules;
    private final ExecutionRecovery recovery;
    private final LocalRuns runs;
    private final Scheduler scheduler;
    private final ScheduleSettings settings;
    private volatile boolean running;

    ServeLifecycle(
            Schedules schedules,
            ExecutionRecovery recovery,
            LocalRuns runs,
            Scheduler scheduler,
            ScheduleSettings settings) {
        this.schedules = schedules;
        this.recovery = recovery;
        this.runs = runs;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public void start() {
        runs.open(); // a start after a stop takes runs again
        schedules.reconcile();
        recovery.recoverNow();
        try {
            scheduler.start();
            log.info(
                    "Quartz scheduler {} started as instance {} (clustered: {})",
                    scheduler.getSchedulerName(),
                    scheduler.getSchedulerInstanceId(),
                    scheduler.getMetaData().isJobStoreClustered());
        } catch (SchedulerException e) {
            throw new IllegalStateException("the Quartz scheduler could not start: " + e.getMessage(), e);
        }
        recovery.startPeriodic();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            log.warn("Quartz could not go to standby: {}", e.getMessage());
        }
        recovery.stopPeriodic();
        if (runs.drain(settings.drainTimeout())) {
            log.info("No job runs on this node any more; shutting down");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
