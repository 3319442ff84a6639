package io.authpay.billing.schedule;

import java.util.Objects;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The Quartz job of every schedule: turns the fire into a {@link ScheduledFire} and hands it to
 * {@link ScheduledLaunch}, which launches the billing job and waits for it. A fire that failed (as opposed
 * to one skipped by the rules) has been recorded by then and is thrown to Quartz, never swallowed.
 *
 * <p>Non-concurrent: a schedule whose previous run still goes on is held back by Quartz on every node
 * (the clustered store blocks its triggers) rather than fired beside it.
 */
@DisallowConcurrentExecution
public class BillingQuartzJob extends QuartzJobBean {

    private final ScheduledLaunch launch;

    /** Built by Spring's job factory for each fire. */
    public BillingQuartzJob(ScheduledLaunch launch) {
        this.launch = Objects.requireNonNull(launch, "launch");
    }

    @Override
    protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        ScheduledFire fire = new ScheduledFire(
                context.getJobDetail().getKey().getName(),
                data.getString(ScheduleReconciler.DATA_JOB),
                context.getScheduledFireTime().toInstant(),
                context.getFireTime().toInstant(),
                ScheduleReconciler.parameters(data.getString(ScheduleReconciler.DATA_PARAMETERS)),
                node(context));
        try {
            launch.fire(fire);
        } catch (RuntimeException e) {
            // Recorded by the launch; Quartz logs it and tells its listeners. Not refired: the slot's next
            // chance is a restart by an operator, or the next fire time.
            throw new JobExecutionException(e.getMessage(), e, false);
        }
    }

    private static String node(JobExecutionContext context) {
        try {
            return context.getScheduler().getSchedulerInstanceId();
        } catch (org.quartz.SchedulerException | RuntimeException e) {
            return "?";
        }
    }
}
