package io.authpay.billing.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much the binding callback may ask JKoPay ({@code billing.callback.*}). Callbacks carry no signature,
 * so each one costs a {@code detail} call: these bound what a flood of forged callbacks can cost. A callback
 * over either bound is answered 503 with {@code Retry-After}, which JKoPay retries.
 *
 * @param detailInterval at most one {@code detail} per auth_no in this interval
 * @param detailsPerSecond at most this many {@code detail} calls per second for all callbacks together (also
 *     the burst allowed)
 */
@ConfigurationProperties("billing.callback")
public record CallbackSettings(
        @DefaultValue("30s") Duration detailInterval,
        @DefaultValue("10") int detailsPerSecond) {

    public CallbackSettings {
        if (detailInterval.isNegative()) {
            throw new IllegalArgumentException("billing.callback.detail-interval must not be negative");
        }
        if (detailsPerSecond < 1) {
            throw new IllegalArgumentException("billing.callback.details-per-second must be at least 1");
        }
    }
}
