package io.authpay.billing.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.authpay.billing.authpay.BillingPeriod;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What Bindings stores in binding.billing_period reads back, for the engine, as the same cycle. */
class BindingPeriodsTests {

    @Test
    void everyGatewayPeriodReadsBackFromItsColumnAsItself() {
        for (BillingPeriod period : BillingPeriod.values()) {
            assertThat(BindingPeriods.gatewayPeriod(BindingPeriods.column(period)))
                    .contains(period);
        }
        assertThat(Arrays.stream(BillingPeriod.values())
                        .map(BindingPeriods::column)
                        .distinct())
                .hasSize(BillingPeriod.values().length);
    }

    @Test
    void theEngineCountsEachBindingCycleOverTheSameCalendarPeriod() {
        LocalDate wednesday = LocalDate.parse("2026-12-02");
        assertThat(BindingPeriods.cycleOf(BindingPeriods.column(BillingPeriod.WEEK)))
                .hasValueSatisfying(p -> assertThat(p.cycleStart(wednesday)).isEqualTo("2026-11-30"));
        assertThat(BindingPeriods.cycleOf(BindingPeriods.column(BillingPeriod.MONTH)))
                .hasValueSatisfying(p -> assertThat(p.cycleStart(wednesday)).isEqualTo("2026-12-01"));
        assertThat(BindingPeriods.cycleOf(BindingPeriods.column(BillingPeriod.QUARTER)))
                .hasValueSatisfying(p -> assertThat(p.cycleStart(wednesday)).isEqualTo("2026-10-01"));
        assertThat(BindingPeriods.cycleOf(BindingPeriods.column(BillingPeriod.YEAR)))
                .hasValueSatisfying(p -> assertThat(p.cycleStart(wednesday)).isEqualTo("2026-01-01"));
    }

    @Test
    void noColumnOrAnUnknownOneIsNoCycle() {
        assertThat(BindingPeriods.cycleOf(null)).isEmpty();
        assertThat(BindingPeriods.cycleOf("FORTNIGHT")).isEmpty();
        assertThat(BindingPeriods.cycleOf(" month ")).isPresent();
    }
}
