package io.authpay.billing.charge;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.random.RandomGenerator;

/** Test helpers: wall-clock times in Asia/Taipei, and a random generator that must not be used. */
final class TaipeiTime {
    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /** A generator for policies whose decision must not depend on chance. */
    static final RandomGenerator NO_RANDOM = () -> {
        throw new AssertionError("this decision must not use the random generator");
    };

    private TaipeiTime() {}

    /** {@code "2026-11-30T19:50"} read on a Taipei wall clock. */
    static Instant taipei(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(TAIPEI).toInstant();
    }
}
