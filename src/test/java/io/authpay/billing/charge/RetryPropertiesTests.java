package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.validation.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * {@code billing.retry.*} as an operator writes it, bound and validated the way Spring Boot binds the
 * application's settings ({@link RetrySettings} is the one record that owns them).
 */
class RetryPropertiesTests {

    private static final SpringValidatorAdapter VALIDATOR =
            new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());

    private static RetrySettings bind(Map<String, String> properties) {
        // A handler per binding: it keeps what it saw.
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("billing.retry", Bindable.of(RetrySettings.class), new ValidationBindHandler(VALIDATOR));
    }

    /** Each refused field as {@code field: message}. */
    private static List<String> refusals(Map<String, String> properties) {
        BindException refused = catchThrowableOfType(BindException.class, () -> bind(properties));
        assertThat(refused).as("refused: " + properties).isNotNull();
        assertThat(refused.getCause()).isInstanceOf(BindValidationException.class);
        return ((BindValidationException) refused.getCause())
                .getValidationErrors().getAllErrors().stream()
                        .map(error -> ((FieldError) error).getField() + ": " + error.getDefaultMessage())
                        .toList();
    }

    @Test
    void withoutSettingsTheRetryScheduleIsTheDesignsDefault() {
        RetrySettings defaults = bind(Map.of());

        assertThat(defaults).isEqualTo(RetrySettings.defaults());
        assertThat(defaults.dunningDelays())
                .containsExactly(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5));
        assertThat(defaults.busyBackoff())
                .containsExactly(
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60));
        assertThat(defaults.busyJitterPercent()).isEqualTo(20);
        assertThat(defaults.inquiryDelays())
                .containsExactly(
                        Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2));
        assertThat(defaults.maxInquiries()).isEqualTo(4);
        assertThat(defaults.notChargedRetryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.unknownBreakerThreshold()).isEqualTo(10);
        assertThat(defaults.requestErrorBreakerThreshold()).isEqualTo(3);
        assertThat(defaults.unknownBindingBreakerThreshold()).isEqualTo(5);
    }

    @Test
    void everyRetryKeyIsBound() {
        RetrySettings settings = bind(Map.of(
                "billing.retry.dunning-delays", "2d,4d",
                "billing.retry.busy-backoff", "1s,3s",
                "billing.retry.busy-jitter-percent", "0",
                "billing.retry.inquiry-delays", "30s,10m",
                "billing.retry.max-inquiries", "6",
                "billing.retry.not-charged-retry-delay", "15m",
                "billing.retry.unknown-breaker-threshold", "5",
                "billing.retry.request-error-breaker-threshold", "2",
                "billing.retry.unknown-binding-breaker-threshold", "7"));

        assertThat(settings.dunningDelays()).containsExactly(Duration.ofDays(2), Duration.ofDays(4));
        assertThat(settings.busyBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(settings.busyJitterPercent()).isZero();
        assertThat(settings.inquiryDelays()).isEqualTo(List.of(Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(settings.maxInquiries()).isEqualTo(6);
        assertThat(settings.notChargedRetryDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.unknownBreakerThreshold()).isEqualTo(5);
        assertThat(settings.requestErrorBreakerThreshold()).isEqualTo(2);
        assertThat(settings.unknownBindingBreakerThreshold()).isEqualTo(7);
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThat(refusals(Map.of("billing.retry.dunning-delays", "1d,-3d")))
                .containsExactly("dunningDelays[1]: must not contain a negative delay");
        assertThat(refusals(Map.of("billing.retry.not-charged-retry-delay", "-1m")))
                .containsExactly("notChargedRetryDelay: must not be negative");
    }

    @Test
    void emptySchedulesAreRefused() {
        assertThat(refusals(Map.of(
                        "billing.retry.busy-backoff", "",
                        "billing.retry.inquiry-delays", "",
                        "billing.retry.dunning-delays", "")))
                .containsExactlyInAnyOrder(
                        "busyBackoff: must list at least one delay",
                        "inquiryDelays: must list at least one delay",
                        "dunningDelays: must list at least one delay");
    }

    @Test
    void jitterMustBeAPercentage() {
        assertThat(refusals(Map.of("billing.retry.busy-jitter-percent", "-1")))
                .containsExactly("busyJitterPercent: must be 0 to 100");
        assertThat(refusals(Map.of("billing.retry.busy-jitter-percent", "101")))
                .containsExactly("busyJitterPercent: must be 0 to 100");
        assertThat(bind(Map.of("billing.retry.busy-jitter-percent", "100")).busyJitterPercent())
                .isEqualTo(100);
    }

    @Test
    void limitsMustBeAtLeastOne() {
        assertThat(refusals(Map.of(
                        "billing.retry.max-inquiries", "0",
                        "billing.retry.unknown-breaker-threshold", "0",
                        "billing.retry.request-error-breaker-threshold", "0",
                        "billing.retry.unknown-binding-breaker-threshold", "0")))
                .containsExactlyInAnyOrder(
                        "maxInquiries: must be at least 1",
                        "unknownBreakerThreshold: must be at least 1",
                        "requestErrorBreakerThreshold: must be at least 1",
                        "unknownBindingBreakerThreshold: must be at least 1");
    }
}
