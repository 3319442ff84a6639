package io.authpay.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BillingPeriodTests {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void parsesPeriodNamesIgnoringCase() {
        assertThat(BillingPeriod.fromText("MONTH")).contains(BillingPeriod.MONTH);
        assertThat(BillingPeriod.fromText("month")).contains(BillingPeriod.MONTH);
        assertThat(BillingPeriod.fromText(" Quarter ")).contains(BillingPeriod.QUARTER);
        assertThat(BillingPeriod.fromText("week")).contains(BillingPeriod.WEEK);
        assertThat(BillingPeriod.fromText("yEaR")).contains(BillingPeriod.YEAR);
    }

    @Test
    void rejectsUnknownPeriodNames() {
        assertThat(BillingPeriod.fromText("monthly")).isEmpty();
        assertThat(BillingPeriod.fromText("M")).isEmpty();
        assertThat(BillingPeriod.fromText("")).isEmpty();
        assertThat(BillingPeriod.fromText(null)).isEmpty();
    }

    @Test
    void weeklyCycleRunsMondayToSunday() {
        // 2026-12-31 is a Thursday.
        assertThat(BillingPeriod.WEEK.cycleStart(d("2026-12-31"))).isEqualTo(d("2026-12-28"));
        assertThat(BillingPeriod.WEEK.nextCycleStart(d("2026-12-31"))).isEqualTo(d("2027-01-04"));
        assertThat(BillingPeriod.WEEK.cycleStart(d("2026-12-28"))).isEqualTo(d("2026-12-28"));
        assertThat(BillingPeriod.WEEK.nextCycleStart(d("2027-01-03")))
                .as("a Sunday")
                .isEqualTo(d("2027-01-04"));
    }

    @Test
    void monthQuarterAndYearCyclesAreCalendarPeriods() {
        assertThat(BillingPeriod.MONTH.cycleStart(d("2026-02-28"))).isEqualTo(d("2026-02-01"));
        assertThat(BillingPeriod.MONTH.nextCycleStart(d("2026-12-31"))).isEqualTo(d("2027-01-01"));
        assertThat(BillingPeriod.QUARTER.cycleStart(d("2026-05-30"))).isEqualTo(d("2026-04-01"));
        assertThat(BillingPeriod.QUARTER.nextCycleStart(d("2026-05-30"))).isEqualTo(d("2026-07-01"));
        assertThat(BillingPeriod.QUARTER.nextCycleStart(d("2026-11-30"))).isEqualTo(d("2027-01-01"));
        assertThat(BillingPeriod.YEAR.cycleStart(d("2026-07-04"))).isEqualTo(d("2026-01-01"));
        assertThat(BillingPeriod.YEAR.nextCycleStart(d("2026-01-01"))).isEqualTo(d("2027-01-01"));
    }
}
