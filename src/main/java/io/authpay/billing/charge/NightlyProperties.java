package io.authpay.billing.charge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the nightly job ({@code billing.nightly.*}).
 *
 * @param bindingRefreshAge a binding of a live subscription that no other rule names is refreshed once its
 *     last {@code detail} refresh is older than this
 * @param dueRefreshAge a binding with a charge due within the next day is refreshed before that charge
 *     unless it was refreshed within this (the default, 20 h, is about once a night whatever time the
 *     previous run reached it)
 * @param concurrency how many {@code detail} calls the refresh keeps in flight at once
 * @param maxRate the most {@code detail} calls started per second; 0 means no limit
 * @param unknownBindingsThreshold how many 301/302 answers in a row stop the refresh: a gateway that does
 *     not know our bindings is a configuration mistake, not a mass cancellation
 */
@ConfigurationProperties("billing.nightly")
public record NightlyProperties(
        @DefaultValue("7d") Duration bindingRefreshAge,
        @DefaultValue("20h") Duration dueRefreshAge,
        @DefaultValue("16") int concurrency,
        @DefaultValue("0") int maxRate,
        @DefaultValue("10") int unknownBindingsThreshold) {

    public NightlyProperties {
        requirePositive("billing.nightly.binding-refresh-age", bindingRefreshAge);
        requirePositive("billing.nightly.due-refresh-age", dueRefreshAge);
        if (concurrency < 1) {
            throw new IllegalArgumentException("billing.nightly.concurrency must be at least 1, was " + concurrency);
        }
        if (maxRate < 0) {
            throw new IllegalArgumentException("billing.nightly.max-rate must be 0 (no limit) or more, was " + maxRate);
        }
        if (unknownBindingsThreshold < 1) {
            throw new IllegalArgumentException(
                    "billing.nightly.unknown-bindings-threshold must be at least 1, was " + unknownBindingsThreshold);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
