package io.authpay.billing.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes Quartz's tables say what the schedule files say: a schedule whose file is new is added, one whose
 * file changed is replaced, one whose file is gone (or says {@code enabled: false}) is removed. Files are
 * the single source of truth; the one thing kept from the tables is an operator's pause, which survives a
 * restart and a change of the file. Everything happens in one transaction, under Quartz's own row lock,
 * so nodes starting together take turns and every node sees the whole change or none of it.
 *
 * <p>Each schedule is one Quartz job (named after its file, in {@link #GROUP}) with one cron trigger per
 * expression: the first named like the job, the others {@code name#2}, {@code name#3}... The job's data
 * holds the billing job, the schedule's extra parameters and a fingerprint of the whole definition.
 */
public final class ScheduleReconciler {

    /** The Quartz group of the schedules read from files. */
    public static final String GROUP = "billing-schedules";

    static final String DATA_JOB = "billingJob";
    static final String DATA_PARAMETERS = "jobParameters";
    static final String DATA_FINGERPRINT = "fingerprint";
    static final String DATA_SOURCE = "source";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Scheduler scheduler;
    private final TransactionTemplate tx;
    private final String group;

    /** A reconciler of the schedules kept in {@code group} of {@code scheduler}. */
    public ScheduleReconciler(Scheduler scheduler, PlatformTransactionManager transactions, String group) {
        this.scheduler = scheduler;
        this.tx = new TransactionTemplate(transactions);
        this.group = group;
    }

    /** What a reconciliation did, by schedule name. */
    public record Result(List<String> added, List<String> changed, List<String> removed, List<String> unchanged) {
        @Override
        public String toString() {
            return "added " + added + ", changed " + changed + ", removed " + removed + ", unchanged " + unchanged;
        }
    }

    /** Reconciles Quartz with {@code definitions}, the complete set of schedule files. */
    public Result reconcile(List<ScheduleDefinition> definitions) {
        return tx.execute(status -> {
            try {
                return reconcileNow(definitions);
            } catch (SchedulerException e) {
                throw new IllegalStateException(
                        "could not bring Quartz in line with the schedule files: " + e.getMessage(), e);
            }
        });
    }

    private Result reconcileNow(List<ScheduleDefinition> definitions) throws SchedulerException {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        Set<JobKey> stored = new HashSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group)));
        for (ScheduleDefinition definition : definitions) {
            JobKey key = JobKey.jobKey(definition.name(), group);
            boolean exists = stored.remove(key);
            if (!definition.enabled()) {
                if (exists) {
                    scheduler.deleteJob(key);
                    removed.add(definition.name());
                }
                continue;
            }
            if (!exists) {
                scheduler.scheduleJob(job(definition, key), triggers(definition, key), false);
                added.add(definition.name());
            } else if (isCurrent(key, definition)) {
                unchanged.add(definition.name());
            } else {
                boolean paused = scheduler.getTriggersOfJob(key).stream().anyMatch(this::isPaused);
                scheduler.deleteJob(key);
                scheduler.scheduleJob(job(definition, key), triggers(definition, key), false);
                if (paused) {
                    scheduler.pauseJob(key);
                }
                changed.add(definition.name());
            }
        }
        for (JobKey gone : stored) {
            scheduler.deleteJob(gone);
            removed.add(gone.getName());
        }
        return new Result(List.copyOf(added), List.copyOf(changed), List.copyOf(removed), List.copyOf(unchanged));
    }

    private boolean isCurrent(JobKey key, ScheduleDefinition definition) throws SchedulerException {
        JobDetail stored = scheduler.getJobDetail(key);
        return stored != null
                && stored.getJobClass() == BillingQuartzJob.class
                && definition.fingerprint().equals(stored.getJobDataMap().getString(DATA_FINGERPRINT))
                && scheduler.getTriggersOfJob(key).size() == definition.crons().size();
    }

    private boolean isPaused(Trigger trigger) {
        try {
            return scheduler.getTriggerState(trigger.getKey()) == Trigger.TriggerState.PAUSED;
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobDetail job(ScheduleDefinition definition, JobKey key) {
        return JobBuilder.newJob(BillingQuartzJob.class)
                .withIdentity(key)
                .withDescription(definition.description())
                .usingJobData(DATA_JOB, definition.job())
                .usingJobData(DATA_PARAMETERS, JSON.writeValueAsString(definition.parameters()))
                .usingJobData(DATA_FINGERPRINT, definition.fingerprint())
                .usingJobData(DATA_SOURCE, definition.source())
                // A node that dies mid-run leaves a Spring Batch execution, which the recovery of a live node
                // finds by its heartbeat and restarts; Quartz firing the slot again would only be refused.
                .requestRecovery(false)
                .storeDurably(false)
                .build();
    }

    private static Set<Trigger> triggers(ScheduleDefinition definition, JobKey key) {
        Set<Trigger> triggers = new HashSet<>();
        List<String> crons = definition.crons();
        for (int i = 0; i < crons.size(); i++) {
            CronScheduleBuilder cron =
                    CronScheduleBuilder.cronSchedule(crons.get(i)).inTimeZone(TimeZone.getTimeZone(definition.zone()));
            triggers.add(TriggerBuilder.newTrigger()
                    .withIdentity(i == 0 ? key.getName() : key.getName() + "#" + (i + 1), key.getGroup())
                    .forJob(key)
                    .withDescription(definition.description())
                    .withSchedule(definition.misfire().applyTo(cron))
                    .build());
        }
        return triggers;
    }

    /** The extra job parameters kept in a schedule job's data. */
    static Map<String, String> parameters(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    }
}
