package io.authpay.billing.batch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
public record BatchSettings(
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("3s") Duration progressInterval) {

    public BatchSettings {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("billing.batch.heartbeat-interval must be positive");
        }
        if (staleAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            // A live step that missed a beat or two (a slow database) must not be taken for dead.
            throw new IllegalArgumentException("billing.batch.stale-after (" + staleAfter
                    + ") must be at least three heartbeat intervals (" + heartbeatInterval + ")");
        }
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("billing.batch.progress-interval must be positive");
        }
    }
}
