package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authpay.billing.system.BillingProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code billing.retry.*} as an operator writes it, bound the way the application binds it. */
class RetryPropertiesTests {

    private static BillingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("billing", BillingProperties.class);
    }

    @Test
    void withoutSettingsTheRetryScheduleIsTheDesignsDefault() {
        BillingProperties properties = bind(Map.of());

        assertThat(ChargeConfiguration.retrySettings(properties.retry())).isEqualTo(RetrySettings.defaults());
        assertThat(properties.charge().windowGuard()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.charge().orderIdPrefix()).isEqualTo("ab");
    }

    @Test
    void everyRetryKeyIsBound() {
        BillingProperties properties = bind(Map.of(
                "billing.retry.dunning-delays", "2d,4d",
                "billing.retry.busy-backoff", "1s,3s",
                "billing.retry.busy-jitter-percent", "0",
                "billing.retry.inquiry-delays", "30s,10m",
                "billing.retry.max-inquiries", "6",
                "billing.retry.not-charged-retry-delay", "15m",
                "billing.retry.unknown-breaker-threshold", "5",
                "billing.retry.request-error-breaker-threshold", "2"));

        RetrySettings settings = ChargeConfiguration.retrySettings(properties.retry());

        assertThat(settings.dunningDelays()).containsExactly(Duration.ofDays(2), Duration.ofDays(4));
        assertThat(settings.busyBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(settings.busyJitterPercent()).isZero();
        assertThat(settings.inquiryDelays()).isEqualTo(List.of(Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(settings.maxInquiries()).isEqualTo(6);
        assertThat(settings.notChargedRetryDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.unknownBreakerThreshold()).isEqualTo(5);
        assertThat(settings.requestErrorBreakerThreshold()).isEqualTo(2);
    }

    @Test
    void aNonsensicalValueIsRefusedNamingItsKey() {
        BillingProperties properties = bind(Map.of("billing.retry.busy-jitter-percent", "150"));

        assertThatThrownBy(() -> ChargeConfiguration.retrySettings(properties.retry()))
                .hasMessageContaining("billing.retry.busy-jitter-percent");
    }
}
