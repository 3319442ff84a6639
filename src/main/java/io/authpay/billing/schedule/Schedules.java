package io.authpay.billing.schedule;

import io.authpay.billing.system.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schedules of this node: read from the files when the node starts (an invalid file stops the start,
 * naming the file and the field), reconciled into Quartz, listed, paused and resumed for the operator.
 */
@Component
@Profile("serve")
public class Schedules {

    private static final Logger log = LoggerFactory.getLogger(Schedules.class);

    private final List<ScheduleDefinition> definitions;
    private final Scheduler scheduler;
    private final ScheduleReconciler reconciler;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    Schedules(ScheduleSettings settings, Scheduler scheduler, PlatformTransactionManager transactions, AuditLog audit) {
        this.definitions = load(settings.dir());
        this.scheduler = scheduler;
        this.reconciler = new ScheduleReconciler(scheduler, transactions, ScheduleReconciler.GROUP);
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
    }

    /** The schedules in {@code dir}, or those packaged in the jar when there is no such folder. */
    static List<ScheduleDefinition> load(Path dir) {
        if (Files.isDirectory(dir)) {
            List<ScheduleDefinition> loaded = ScheduleFiles.fromFolder(dir);
            log.info("Read {} schedules from {}", loaded.size(), dir.toAbsolutePath());
            return loaded;
        }
        if (Files.exists(dir)) {
            throw new InvalidScheduleException(
                    "billing.schedule.dir (" + dir + ") is not a folder; it should hold the *.yml schedule files");
        }
        List<ScheduleDefinition> packaged = ScheduleFiles.fromClasspath();
        log.info(
                "No schedule folder {}; using the {} schedules packaged in the jar (classpath:jobs/)",
                dir.toAbsolutePath(),
                packaged.size());
        return packaged;
    }

    /** The schedules as read from the files, by name. */
    public List<ScheduleDefinition> definitions() {
        return definitions;
    }

    /** Brings Quartz in line with the files. */
    ScheduleReconciler.Result reconcile() {
        ScheduleReconciler.Result result = reconciler.reconcile(definitions);
        log.info("Schedules reconciled with Quartz: {}", result);
        return result;
    }

    /**
     * A schedule as the operator sees it.
     *
     * @param name the schedule (its file's name)
     * @param job the billing job it starts
     * @param cron its cron expressions
     * @param zone the zone they are read in
     * @param misfire {@code fire-once} or {@code skip}
     * @param enabled what the file says
     * @param description the file's description
     * @param state NORMAL, PAUSED, BLOCKED (its job is running), ERROR, or DISABLED
     * @param nextFireAt its next fire time, or null (disabled, or paused with none)
     * @param previousFireAt its last fire time, or null
     * @param source the file it comes from
     */
    public record View(
            String name,
            String job,
            List<String> cron,
            String zone,
            String misfire,
            boolean enabled,
            String description,
            String state,
            Instant nextFireAt,
            Instant previousFireAt,
            String source) {}

    /** Every schedule, by name. */
    public List<View> list() {
        return definitions.stream().map(this::view).toList();
    }

    /** One schedule. */
    public View get(String name) {
        return view(definition(name));
    }

    /** Pauses a schedule on every node until it is resumed (also across restarts). */
    public View pause(String name, String actor, String reason) {
        return change(name, actor, reason, true);
    }

    /** Resumes a paused schedule; a fire time missed meanwhile follows the schedule's misfire policy. */
    public View resume(String name, String actor, String reason) {
        return change(name, actor, reason, false);
    }

    private View change(String name, String actor, String reason, boolean pause) {
        ScheduleDefinition definition = definition(name);
        if (!definition.enabled()) {
            throw new ScheduleRefusedException(
                    ScheduleRefusedException.Reason.DISABLED,
                    "schedule " + name + " is disabled in " + definition.source()
                            + "; enable it there and restart to schedule it");
        }
        JobKey key = JobKey.jobKey(name, ScheduleReconciler.GROUP);
        tx.executeWithoutResult(status -> {
            try {
                if (pause) {
                    scheduler.pauseJob(key);
                } else {
                    scheduler.resumeJob(key);
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz could not " + (pause ? "pause " : "resume ") + name, e);
            }
            audit.record(actor, pause ? "PAUSE_SCHEDULE" : "RESUME_SCHEDULE", "schedule", name, reason, null);
        });
        log.info("Schedule {} {} by {}: {}", name, pause ? "paused" : "resumed", actor, reason);
        return view(definition);
    }

    private ScheduleDefinition definition(String name) {
        return definitions.stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ScheduleRefusedException(
                        ScheduleRefusedException.Reason.UNKNOWN_SCHEDULE,
                        "no schedule '" + name + "'; the schedules are "
                                + definitions.stream()
                                        .map(ScheduleDefinition::name)
                                        .collect(Collectors.joining(", "))));
    }

    private View view(ScheduleDefinition d) {
        String state = "DISABLED";
        Instant next = null;
        Instant previous = null;
        if (d.enabled()) {
            try {
                List<? extends Trigger> triggers =
                        scheduler.getTriggersOfJob(JobKey.jobKey(d.name(), ScheduleReconciler.GROUP));
                state = state(triggers);
                next = triggers.stream()
                        .map(Trigger::getNextFireTime)
                        .filter(Objects::nonNull)
                        .min(Comparator.naturalOrder())
                        .map(Date::toInstant)
                        .orElse(null);
                previous = triggers.stream()
                        .map(Trigger::getPreviousFireTime)
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder())
                        .map(Date::toInstant)
                        .orElse(null);
            } catch (SchedulerException e) {
                throw new IllegalStateException("Quartz could not read schedule " + d.name(), e);
            }
        }
        return new View(
                d.name(),
                d.job(),
                d.crons(),
                d.zone().getId(),
                d.misfire().yamlValue(),
                d.enabled(),
                d.description(),
                state,
                next,
                previous,
                d.source());
    }

    private String state(List<? extends Trigger> triggers) throws SchedulerException {
        if (triggers.isEmpty()) {
            return "NONE";
        }
        List<Trigger.TriggerState> states = new java.util.ArrayList<>();
        for (Trigger trigger : triggers) {
            states.add(scheduler.getTriggerState(trigger.getKey()));
        }
        if (states.contains(Trigger.TriggerState.ERROR)) {
            return "ERROR";
        }
        if (states.stream().allMatch(s -> s == Trigger.TriggerState.PAUSED)) {
            return "PAUSED";
        }
        if (states.contains(Trigger.TriggerState.BLOCKED)) {
            return "BLOCKED";
        }
        return "NORMAL";
    }
}
