package io.authpay.billing.batch;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Spring Batch keeps its times as {@code LocalDateTime} in the JVM's default zone (it stamps with {@code
 * LocalDateTime.now()}); the START and END times are the program clock's ({@link ClockStampedJobRepository}),
 * written in the same zone. These helpers convert both ways on the assumption Spring Batch makes, that every
 * process shares that zone.
 */
final class BatchTime {
    private BatchTime() {}

    static Instant instant(LocalDateTime stamp) {
        return stamp == null ? null : stamp.atZone(ZoneId.systemDefault()).toInstant();
    }

    static LocalDateTime stamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
    }
}
