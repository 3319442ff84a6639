package io.authpay.billing.batch;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How running jobs are watched ({@code billing.batch.*}).
 *
 * @param heartbeatInterval how often a running step writes its heartbeat and progress, and reads whether
 *     another process asked it to stop
 * @param staleAfter an execution still marked running whose heartbeat is older than this is taken for
 *     the remains of a dead process and recovered (external databases; with the embedded database only
 *     one process can run, so any running execution found at start-up is dead)
 * @param progressInterval how often {@code run} and {@code restart} print the progress of the job they wait for
 */
@ConfigurationProperties("billing.batch")
@Validated
public record BatchSettings(
        @DefaultValue("2s") @DurationMin(millis = 1, message = "must be positive")
        Duration heartbeatInterval,

        @DefaultValue("2m") Duration staleAfter,

        @DefaultValue("3s") @DurationMin(millis = 1, message = "must be positive")
        Duration progressInterval) {

    /** A live step that missed a beat or two (a slow database) must not be taken for dead. */
    @AssertTrue(message = "stale-after must be at least three heartbeat-interval")
    boolean isStaleAfterAtLeastThreeHeartbeats() {
        return staleAfter == null
                || heartbeatInterval == null
                || staleAfter.compareTo(heartbeatInterval.multipliedBy(3)) >= 0;
    }
}
