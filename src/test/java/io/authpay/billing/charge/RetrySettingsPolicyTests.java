package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RetrySettings}: the knobs of the charge policy (named to match the build's *Policy* filter). */
class RetrySettingsPolicyTests {

    @Test
    void defaultsAreTheDesignsSchedules() {
        RetrySettings defaults = RetrySettings.defaults();

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
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        RetrySettings settings =
                RetrySettings.builder().dunningDelays(Duration.ofHours(6)).build();

        assertThat(settings.dunningDelays()).containsExactly(Duration.ofHours(6));
        assertThat(settings.toBuilder()
                        .dunningDelays(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5))
                        .build())
                .isEqualTo(RetrySettings.defaults());
    }

    @Test
    void negativeDelaysAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> RetrySettings.builder()
                        .dunningDelays(Duration.ofDays(1), Duration.ofDays(-3))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing.retry.dunning-delays");
        assertThatThrownBy(() -> RetrySettings.builder()
                        .notChargedRetryDelay(Duration.ofMinutes(-1))
                        .build())
                .hasMessageContaining("billing.retry.not-charged-retry-delay");
    }

    @Test
    void emptySchedulesAreRefused() {
        assertThatThrownBy(() -> RetrySettings.builder().busyBackoff().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing.retry.busy-backoff");
        assertThatThrownBy(() -> RetrySettings.builder().inquiryDelays().build())
                .hasMessageContaining("billing.retry.inquiry-delays");
        assertThatThrownBy(() -> RetrySettings.builder().dunningDelays().build())
                .hasMessageContaining("billing.retry.dunning-delays");
    }

    @Test
    void aMissingDelayInsideAScheduleIsRefused() {
        List<Duration> withHole = new ArrayList<>(List.of(Duration.ofDays(1)));
        withHole.add(null);
        RetrySettings d = RetrySettings.defaults();

        assertThatThrownBy(() -> new RetrySettings(
                        withHole, d.busyBackoff(), 20, d.inquiryDelays(), 4, d.notChargedRetryDelay(), 10, 3, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing.retry.dunning-delays");
    }

    @Test
    void jitterMustBeAPercentage() {
        assertThatThrownBy(() -> RetrySettings.builder().busyJitterPercent(-1).build())
                .hasMessageContaining("busy-jitter-percent");
        assertThatThrownBy(() -> RetrySettings.builder().busyJitterPercent(101).build())
                .hasMessageContaining("busy-jitter-percent");
        assertThat(RetrySettings.builder().busyJitterPercent(0).build().busyJitterPercent())
                .isZero();
    }

    @Test
    void limitsMustBeAtLeastOne() {
        assertThatThrownBy(() -> RetrySettings.builder().maxInquiries(0).build())
                .hasMessageContaining("max-inquiries");
        assertThatThrownBy(
                        () -> RetrySettings.builder().unknownBreakerThreshold(0).build())
                .hasMessageContaining("unknown-breaker-threshold");
        assertThatThrownBy(() ->
                        RetrySettings.builder().requestErrorBreakerThreshold(0).build())
                .hasMessageContaining("request-error-breaker-threshold");
    }

    @Test
    void schedulesCannotBeChangedAfterTheFact() {
        List<Duration> mutable = new ArrayList<>(List.of(Duration.ofDays(1)));
        RetrySettings d = RetrySettings.defaults();
        RetrySettings settings = new RetrySettings(
                mutable, d.busyBackoff(), 20, d.inquiryDelays(), 4, d.notChargedRetryDelay(), 10, 3, 5);

        mutable.add(Duration.ofDays(2));

        assertThat(settings.dunningDelays()).containsExactly(Duration.ofDays(1));
        assertThatThrownBy(() -> settings.dunningDelays().add(Duration.ofDays(9)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
