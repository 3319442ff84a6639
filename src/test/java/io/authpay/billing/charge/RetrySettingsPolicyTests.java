package io.authpay.billing.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RetrySettings}: the knobs of the charge policy (named to match the build's *Policy* filter). Their
 * defaults and limits are checked as bound, in {@link RetryPropertiesTests}.
 */
class RetrySettingsPolicyTests {

    @Test
    void builderChangesOnlyWhatItIsTold() {
        RetrySettings settings =
                RetrySettings.builder().dunningDelays(Duration.ofHours(6)).build();

        assertThat(settings.dunningDelays()).containsExactly(Duration.ofHours(6));
        assertThat(settings.busyBackoff()).isEqualTo(RetrySettings.defaults().busyBackoff());
        assertThat(settings.toBuilder()
                        .dunningDelays(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5))
                        .build())
                .isEqualTo(RetrySettings.defaults());
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
