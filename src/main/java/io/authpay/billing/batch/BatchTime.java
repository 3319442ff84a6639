package io.authpay.billing.batch;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Spring Batch stamps its metadata with {@code LocalDateTime.now()}: the wall clock of the JVM's default
 * zone, not the program's {@code Clock} (which may run a simulated day). These helpers read those stamps
 * back as instants on the same assumption Spring Batch makes, that every process shares that zone.
 */
final class BatchTime {
    private BatchTime() {}

    static Instant instant(LocalDateTime stamp) {
        return stamp == null ? null : stamp.atZone(ZoneId.systemDefault()).toInstant();
    }
}
