package io.authpay.billing.sandbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Generates JKoPay-looking identifiers: 18-digit {@code auth_no}s and unique trade numbers. */
final class Ids {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private final Random random;
    private final AtomicLong sequence = new AtomicLong();

    Ids(long seed) {
        this.random = new Random(seed);
    }

    /** 18 digits, no leading zero; the caller checks it is unused. */
    synchronized String authNo() {
        return String.valueOf(100_000_000_000_000_000L + random.nextLong(900_000_000_000_000_000L));
    }

    /** {@code J} + the UTC+8 time + a sequence number, like the seed's {@code J000384112110270000E}. */
    String tradeNo(Instant at) {
        return "J" + STAMP.format(at.atZone(Wire.UTC8)) + String.format("%07d", sequence.incrementAndGet());
    }

    /** {@code K} + the UTC+8 time + a sequence number. */
    String refundTradeNo(Instant at) {
        return "K" + STAMP.format(at.atZone(Wire.UTC8)) + String.format("%07d", sequence.incrementAndGet());
    }
}
