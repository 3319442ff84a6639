package io.authpay.billing.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.authpay.billing.batch.LaunchRefusedException;
import io.authpay.billing.charge.BillingWindow;
import io.authpay.billing.system.AuditLog;
import java.lang.reflect.Constructor;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

class ScheduledLaunchTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    final LocalRuns runs = mock(LocalRuns.class);
    final AuditLog audit = mock(AuditLog.class);
    final ScheduledLaunch launch = new ScheduledLaunch(runs, BillingWindow.JKOPAY, audit);

    @Test
    void aFireRunsItsJobForTheTaipeiDayAndTheMinuteItWasDueIn() {
        when(runs.run(any(), any(), any(), anyMap())).thenReturn(execution(BatchStatus.COMPLETED));

        // Due 00:00:00 UTC = 08:00 Taipei, fired 30 s late: still that slot.
        ScheduledLaunch.Outcome outcome = launch.fire(fire("daily-billing", "2026-12-01T08:05", 30));

        assertThat(outcome).isEqualTo(ScheduledLaunch.Outcome.RAN);
        verify(runs).run("daily-billing", LocalDate.of(2026, 12, 1), "08:05", Map.of("note", "x"));
        verifyNoInteractions(audit);
    }

    @Test
    void aSlotThatAlreadyRanIsASuccessAndARunStillGoingIsASkip() {
        when(runs.run(any(), any(), any(), anyMap()))
                .thenThrow(refused(LaunchRefusedException.Reason.ALREADY_COMPLETED))
                .thenThrow(refused(LaunchRefusedException.Reason.ALREADY_RUNNING))
                .thenThrow(refused(LaunchRefusedException.Reason.OUTSIDE_WINDOW));

        assertThat(launch.fire(fire("daily-billing", "2026-12-01T08:05", 0)))
                .isEqualTo(ScheduledLaunch.Outcome.ALREADY_RAN);
        assertThat(launch.fire(fire("daily-billing", "2026-12-01T08:30", 0)))
                .isEqualTo(ScheduledLaunch.Outcome.SKIPPED);
        assertThat(launch.fire(fire("daily-billing", "2026-12-01T20:30", 0)))
                .isEqualTo(ScheduledLaunch.Outcome.SKIPPED);
        verifyNoInteractions(audit);
    }

    @Test
    void aDailyMisfireThatComesAfterItsWindowClosedDoesNotRun() {
        // Due 19:30, fired at 20:10 (every node was down): the window of its day has closed.
        assertThat(launch.fire(fire("daily-billing", "2026-12-01T19:30", 40 * 60)))
                .isEqualTo(ScheduledLaunch.Outcome.SKIPPED);
        verifyNoInteractions(runs);
    }

    @Test
    void aDailyMisfireStillInsideItsWindowRunsItsOwnSlot() {
        when(runs.run(any(), any(), any(), anyMap())).thenReturn(execution(BatchStatus.COMPLETED));

        launch.fire(fire("daily-billing", "2026-12-01T08:05", 50 * 60));

        verify(runs).run(eq("daily-billing"), eq(LocalDate.of(2026, 12, 1)), eq("08:05"), anyMap());
    }

    @Test
    void anotherRefusalIsRecordedAndThrown() {
        when(runs.run(any(), any(), any(), anyMap())).thenThrow(refused(LaunchRefusedException.Reason.UNKNOWN_JOB));

        assertThatThrownBy(() -> launch.fire(fire("nightly-billing", "2026-12-01T01:00", 0)))
                .isInstanceOf(ScheduledRunException.class)
                .hasMessageContaining(
                        "nightly-billing (schedule test, date 2026-12-01, slot 01:00, node node-1) could not be launched");
        verify(audit)
                .record(
                        eq("scheduler"),
                        eq("SCHEDULED_RUN_FAILED"),
                        eq("schedule"),
                        eq("test"),
                        anyString(),
                        anyString());
    }

    @Test
    void aRunThatEndsFailedIsRecordedAndThrown() {
        when(runs.run(any(), any(), any(), anyMap())).thenReturn(execution(BatchStatus.FAILED));

        assertThatThrownBy(() -> launch.fire(fire("daily-billing", "2026-12-01T09:00", 0)))
                .isInstanceOf(ScheduledRunException.class)
                .hasMessageContaining("failed as execution 7: circuit breaker open")
                .hasMessageContaining("'restart 7'");
        verify(audit)
                .record(
                        eq("scheduler"),
                        eq("SCHEDULED_RUN_FAILED"),
                        eq("schedule"),
                        eq("test"),
                        anyString(),
                        anyString());
    }

    @Test
    void aFailureIsStillThrownWhenTheAuditLogFailsToo() {
        when(runs.run(any(), any(), any(), anyMap())).thenThrow(new IllegalStateException("database gone"));
        doThrow(new IllegalStateException("database still gone"))
                .when(audit)
                .record(any(), any(), any(), any(), any(), any());

        assertThatThrownBy(() -> launch.fire(fire("nightly-billing", "2026-12-01T01:00", 0)))
                .isInstanceOf(ScheduledRunException.class)
                .hasMessageContaining("database gone")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void theQuartzJobHandsTheFireOverAndRethrowsAFailureToQuartz() {
        ScheduledLaunch failing = mock(ScheduledLaunch.class);
        when(failing.fire(any())).thenThrow(new ScheduledRunException("boom", new IllegalStateException()));
        JobExecutionContext context = quartzContext("2026-12-01T08:05");

        assertThatThrownBy(() -> new BillingQuartzJob(failing).executeInternal(context))
                .isInstanceOf(JobExecutionException.class)
                .hasMessage("boom")
                .satisfies(e -> assertThat(((JobExecutionException) e).refireImmediately())
                        .isFalse());

        ScheduledLaunch ok = mock(ScheduledLaunch.class);
        org.assertj.core.api.Assertions.assertThatCode(
                        () -> new BillingQuartzJob(ok).executeInternal(quartzContext("2026-12-01T08:05")))
                .doesNotThrowAnyException();
        verify(ok)
                .fire(new ScheduledFire(
                        "daily-billing",
                        "daily-billing",
                        taipei("2026-12-01T08:05"),
                        taipei("2026-12-01T08:05").plusMillis(20),
                        Map.of("note", "x"),
                        "node-1"));
        verify(runs, never()).run(any(), any(), any(), anyMap());
    }

    private static JobExecutionContext quartzContext(String due) {
        JobExecutionContext context = mock(JobExecutionContext.class);
        JobDataMap data = new JobDataMap();
        data.put(ScheduleReconciler.DATA_JOB, "daily-billing");
        data.put(ScheduleReconciler.DATA_PARAMETERS, "{\"note\":\"x\"}");
        JobDetail detail = mock(JobDetail.class);
        when(detail.getKey()).thenReturn(JobKey.jobKey("daily-billing", ScheduleReconciler.GROUP));
        when(context.getJobDetail()).thenReturn(detail);
        when(context.getMergedJobDataMap()).thenReturn(data);
        when(context.getScheduledFireTime()).thenReturn(Date.from(taipei(due)));
        when(context.getFireTime()).thenReturn(Date.from(taipei(due).plusMillis(20)));
        org.quartz.Scheduler scheduler = mock(org.quartz.Scheduler.class);
        try {
            when(scheduler.getSchedulerInstanceId()).thenReturn("node-1");
        } catch (org.quartz.SchedulerException e) {
            throw new IllegalStateException(e);
        }
        when(context.getScheduler()).thenReturn(scheduler);
        return context;
    }

    private static ScheduledFire fire(String job, String due, long lateSeconds) {
        Instant scheduled = taipei(due);
        return new ScheduledFire(
                "test", job, scheduled, scheduled.plusSeconds(lateSeconds), Map.of("note", "x"), "node-1");
    }

    private static Instant taipei(String local) {
        return LocalDateTime.parse(local).atZone(TAIPEI).toInstant();
    }

    private static JobExecution execution(BatchStatus status) {
        JobExecution execution = new JobExecution(7L, new JobInstance(3L, "daily-billing"), new JobParameters());
        execution.setStatus(status);
        execution.setExitStatus(
                new ExitStatus(status.name(), status == BatchStatus.FAILED ? "circuit breaker open" : ""));
        return execution;
    }

    private static LaunchRefusedException refused(LaunchRefusedException.Reason reason) {
        try {
            Constructor<LaunchRefusedException> constructor = LaunchRefusedException.class.getDeclaredConstructor(
                    LaunchRefusedException.Reason.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(reason, "refused: " + reason);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
