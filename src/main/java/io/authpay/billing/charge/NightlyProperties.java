package io.authpay.billing.charge;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the nightly job ({@code billing.nightly.*}).
 *
 * @param bindingRefreshAge a binding of a live subscription whose last {@code detail} refresh is older than
 *     this is refreshed again by the nightly run; the default (20 h) refreshes each binding about once a
 *     night, whatever time the previous run happened to reach it
 */
@ConfigurationProperties("billing.nightly")
public record NightlyProperties(@DefaultValue("20h") Duration bindingRefreshAge) {

    public NightlyProperties {
        if (bindingRefreshAge == null || bindingRefreshAge.isNegative() || bindingRefreshAge.isZero()) {
            throw new IllegalArgumentException(
                    "billing.nightly.binding-refresh-age must be positive, was " + bindingRefreshAge);
        }
    }
}
