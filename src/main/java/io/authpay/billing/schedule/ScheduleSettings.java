package io.authpay.billing.schedule;

import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code serve} schedules and watches the jobs ({@code billing.schedule.*}).
 *
 * @param dir the folder of the schedule files ({@code *.yml}); when it does not exist, the schedules
 *     packaged in the jar ({@code classpath:jobs/}) are used
 * @param recoveryInterval how often a node looks for executions left running by a dead node (their
 *     heartbeat older than {@code billing.batch.stale-after}); also done once at start-up
 * @param restartRecovered whether a recovered execution is restarted at once, on the node that recovered
 *     it (the daily job only inside the window), so that it finishes what the dead node started
 * @param drainTimeout at shutdown, how long to wait for the executions this node runs to stop cleanly
 *     (they are asked to stop; calls in flight finish and record their outcome); keep it below the
 *     orchestrator's grace period
 */
@ConfigurationProperties("billing.schedule")
@Validated
public record ScheduleSettings(
        @DefaultValue("jobs") Path dir,

        @DefaultValue("1m") @DurationMin(millis = 1, message = "must be positive")
        Duration recoveryInterval,

        @DefaultValue("true") boolean restartRecovered,

        @DefaultValue("60s") @DurationMin(millis = 0, message = "must not be negative")
        Duration drainTimeout) {}
