package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CallWindowTests {

    private final CallWindow calls = new CallWindow(BillingWindow.JKOPAY, Duration.ofSeconds(60));

    @Test
    void aCallMayStartFromEightUntilTheGuardBeforeTwenty() {
        assertThat(calls.mayStartCall(taipei("2026-11-30T07:59:59.999"))).isFalse();
        assertThat(calls.mayStartCall(taipei("2026-11-30T08:00"))).isTrue();
        assertThat(calls.mayStartCall(taipei("2026-11-30T19:58:59.999"))).isTrue();
        assertThat(calls.mayStartCall(taipei("2026-11-30T19:59"))).isFalse();
        assertThat(calls.mayStartCall(taipei("2026-11-30T20:00"))).isFalse();
    }

    @Test
    void theLastStartOfADayIsTheGuardBeforeTheClose() {
        assertThat(calls.lastStartOn(LocalDate.of(2026, 11, 30))).isEqualTo(taipei("2026-11-30T19:59"));
    }

    @Test
    void insideTheGuardTheNextStartIsTomorrowsOpening() {
        assertThat(calls.nextStart(taipei("2026-11-30T12:00"))).isEqualTo(taipei("2026-11-30T12:00"));
        assertThat(calls.nextStart(taipei("2026-11-30T19:59:30"))).isEqualTo(taipei("2026-12-01T08:00"));
        assertThat(calls.nextStart(taipei("2026-11-30T06:00"))).isEqualTo(taipei("2026-11-30T08:00"));
    }

    @Test
    void theRefusalNamesTheWindowTheGuardTheLocalTimeAndTheNextStart() {
        assertThat(calls.shutReason(taipei("2026-11-30T19:59:30")))
                .contains("08:00")
                .contains("20:00")
                .contains("last 60 s")
                .contains("2026-11-30 19:59 there now")
                .contains("2026-12-01 08:00 Asia/Taipei");
    }

    @Test
    void aNegativeGuardIsRefused() {
        assertThatThrownBy(() -> new CallWindow(BillingWindow.JKOPAY, Duration.ofSeconds(-1)))
                .hasMessageContaining("billing.charge.window-guard");
    }
}
