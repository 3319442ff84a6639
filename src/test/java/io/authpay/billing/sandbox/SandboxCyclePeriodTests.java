package io.authpay.billing.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxCyclePeriodTests {

    @ParameterizedTest
    @CsvSource({
        "WEEK, 2026-12-06, 2026-11-30", // Sunday belongs to the week that began on Monday
        "WEEK, 2026-12-07, 2026-12-07",
        "WEEK, 2027-01-01, 2026-12-28",
        "MONTH, 2026-12-31, 2026-12-01",
        "MONTH, 2026-02-28, 2026-02-01",
        "QUARTER, 2026-11-15, 2026-10-01",
        "QUARTER, 2026-03-31, 2026-01-01",
        "QUARTER, 2026-04-01, 2026-04-01",
        "YEAR, 2026-12-31, 2026-01-01"
    })
    void aPeriodStartsOnItsCalendarBoundary(SandboxCyclePeriod period, LocalDate date, LocalDate start) {
        assertThat(period.startOf(date)).isEqualTo(start);
    }

    @Test
    void wireNamesAreJKoPays() {
        assertThat(SandboxCyclePeriod.fromWire("quarter")).contains(SandboxCyclePeriod.QUARTER);
        assertThat(SandboxCyclePeriod.fromWire("Month")).isEmpty();
        assertThat(SandboxCyclePeriod.fromWire("day")).isEmpty();
    }

    @Test
    void timesIsOneToSevenOrToTwelveForAYear() {
        assertThat(new SandboxBillingCycle(SandboxCyclePeriod.MONTH, 7).times()).isEqualTo(7);
        assertThat(new SandboxBillingCycle(SandboxCyclePeriod.YEAR, 12).times()).isEqualTo(12);
        assertThatThrownBy(() -> new SandboxBillingCycle(SandboxCyclePeriod.WEEK, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxBillingCycle(SandboxCyclePeriod.YEAR, 13))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxBillingCycle(SandboxCyclePeriod.QUARTER, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
