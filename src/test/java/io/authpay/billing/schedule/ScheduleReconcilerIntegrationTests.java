package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.testing.ServeIntegrationTest;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Reconciliation against Quartz's real tables, in a group of its own so that the node's own schedules
 * stay as they are.
 */
class ScheduleReconcilerIntegrationTests extends ServeIntegrationTest {

    static final String GROUP = "reconcile-test";

    @Autowired
    Scheduler scheduler;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void filesAreAddedChangedAndRemovedInQuartzTablesAndAPauseSurvives() throws Exception {
        ScheduleReconciler reconciler = new ScheduleReconciler(scheduler, transactions, GROUP);
        ScheduleDefinition nightly = schedule("nightly", "nightly-billing", List.of("0 0 1 * * ?"), true);
        ScheduleDefinition sweeps =
                schedule("sweeps", "daily-billing", List.of("0 30 8 * * ?", "0 0/30 9-19 * * ?"), true);
        ScheduleDefinition off = schedule("off", "daily-billing", List.of("0 0 12 * * ?"), false);

        ScheduleReconciler.Result first = reconciler.reconcile(List.of(nightly, sweeps, off));

        assertThat(first.added()).containsExactly("nightly", "sweeps");
        assertThat(triggers())
                .containsExactly(
                        "nightly 0 0 1 * * ? Asia/Taipei WAITING",
                        "sweeps 0 30 8 * * ? Asia/Taipei WAITING",
                        "sweeps#2 0 0/30 9-19 * * ? Asia/Taipei WAITING");
        assertThat(jobData("nightly")).containsEntry(ScheduleReconciler.DATA_JOB, "nightly-billing");

        ScheduleReconciler.Result again = reconciler.reconcile(List.of(nightly, sweeps, off));
        assertThat(again.unchanged()).containsExactly("nightly", "sweeps");
        assertThat(again.added()).isEmpty();
        assertThat(again.changed()).isEmpty();

        scheduler.pauseJob(JobKey.jobKey("nightly", GROUP));
        ScheduleDefinition nightlyAt2 = schedule("nightly", "nightly-billing", List.of("0 0 2 * * ?"), true);
        ScheduleDefinition sweepsOneCron = schedule("sweeps", "daily-billing", List.of("0 0/30 9-19 * * ?"), true);
        ScheduleDefinition offNow = schedule("off", "daily-billing", List.of("0 0 12 * * ?"), true);

        ScheduleReconciler.Result changed = reconciler.reconcile(List.of(nightlyAt2, sweepsOneCron, offNow));

        assertThat(changed.changed()).containsExactlyInAnyOrder("nightly", "sweeps");
        assertThat(changed.added()).containsExactly("off");
        assertThat(triggers())
                .containsExactly(
                        "nightly 0 0 2 * * ? Asia/Taipei PAUSED",
                        "off 0 0 12 * * ? Asia/Taipei WAITING",
                        "sweeps 0 0/30 9-19 * * ? Asia/Taipei WAITING");

        ScheduleReconciler.Result removed =
                reconciler.reconcile(List.of(schedule("nightly", "nightly-billing", List.of("0 0 2 * * ?"), false)));

        assertThat(removed.removed()).containsExactlyInAnyOrder("nightly", "sweeps", "off");
        assertThat(triggers()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = ?", Long.class, GROUP))
                .isZero();
    }

    @Test
    void theNodesOwnSchedulesWereReconciledFromItsFolderAtStartUp() throws Exception {
        assertThat(jdbc.queryForList(
                        "SELECT TRIGGER_NAME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = ? ORDER BY TRIGGER_NAME",
                        String.class,
                        ScheduleReconciler.GROUP))
                .containsExactly("daily-test", "daily-test#2", "nightly-test");
        assertThat(jdbc.queryForList("SELECT DISTINCT SCHED_NAME FROM QRTZ_TRIGGERS", String.class))
                .containsExactly(scheduler.getSchedulerName());
        assertThat(jdbc.queryForList("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE", String.class))
                .contains("api-test-node");
    }

    private List<String> triggers() {
        return jdbc.queryForList("""
                SELECT CONCAT(T.TRIGGER_NAME, ' ', C.CRON_EXPRESSION, ' ', C.TIME_ZONE_ID, ' ', T.TRIGGER_STATE)
                FROM QRTZ_TRIGGERS T JOIN QRTZ_CRON_TRIGGERS C
                  ON C.SCHED_NAME = T.SCHED_NAME AND C.TRIGGER_NAME = T.TRIGGER_NAME AND C.TRIGGER_GROUP = T.TRIGGER_GROUP
                WHERE T.TRIGGER_GROUP = ? ORDER BY T.TRIGGER_NAME
                """, String.class, GROUP);
    }

    private Map<String, Object> jobData(String name) throws Exception {
        return scheduler
                .getJobDetail(JobKey.jobKey(name, GROUP))
                .getJobDataMap()
                .getWrappedMap();
    }

    private static ScheduleDefinition schedule(String name, String job, List<String> crons, boolean enabled) {
        return new ScheduleDefinition(
                name,
                "test:" + name,
                job,
                crons,
                ZoneId.of("Asia/Taipei"),
                MisfirePolicy.FIRE_ONCE,
                Map.of(),
                enabled,
                "test " + name);
    }
}
