package io.authpay.billing.charge;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the nightly job ({@code billing.nightly.*}).
 *
 * @param bindingRefreshAge a binding of a live subscription whose last {@code detail} refresh is older than
 *     this is refreshed again by the nightly run; the default (20 h) refreshes each binding about once a
 *     night, whatever time the previous run happened to reach it
 */
@ConfigurationProperties("billing.nightly")
@Validated
public record NightlyProperties(
        @DefaultValue("20h") @DurationMin(millis = 1, message = "must be positive")
        Duration bindingRefreshAge) {}
