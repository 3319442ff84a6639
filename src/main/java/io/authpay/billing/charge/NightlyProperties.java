package io.authpay.billing.charge;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
public record NightlyProperties(
        @DefaultValue("7d") @DurationMin(millis = 1, message = "must be positive")
        Duration bindingRefreshAge,

        @DefaultValue("20h") @DurationMin(millis = 1, message = "must be positive")
        Duration dueRefreshAge,

        @DefaultValue("16") @Min(value = 1, message = "must be at least 1")
        int concurrency,

        @DefaultValue("0") @Min(value = 0, message = "must be 0 (no limit) or more")
        int maxRate,

        @DefaultValue("10") @Min(value = 1, message = "must be at least 1")
        int unknownBindingsThreshold) {}
