package io.authpay.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
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

    @Test
    void cycleOfAnInstantIsReadInTaipeiTime() {
        // 16:30 UTC on 31 Dec is 00:30 on 1 Jan in Taipei: already the next month's cycle.
        BillingCycle cycle = BillingCycle.containing(BillingPeriod.MONTH, Instant.parse("2026-12-31T16:30:00Z"));
        assertThat(cycle.start()).isEqualTo(d("2027-01-01"));
        assertThat(cycle.nextStart()).isEqualTo(d("2027-02-01"));

        BillingCycle before = BillingCycle.containing(BillingPeriod.MONTH, Instant.parse("2026-12-31T15:59:59Z"));
        assertThat(before.start()).isEqualTo(d("2026-12-01"));
        assertThat(before.nextStartInstant()).isEqualTo(Instant.parse("2026-12-31T16:00:00Z"));
        assertThat(before.next()).isEqualTo(cycle);
    }

    @Test
    void chargeRefusedWith305IsDeferredToMidnightTaipeiOfTheNextCycle() {
        // Refused on Wednesday 2026-12-02 at 10:00 Taipei; the weekly cycle rolls over on Monday 12-07.
        BillingCycle cycle = BillingCycle.containing(BillingPeriod.WEEK, Instant.parse("2026-12-02T02:00:00Z"));
        assertThat(cycle.startInstant()).isEqualTo(Instant.parse("2026-11-29T16:00:00Z"));
        assertThat(cycle.nextStartInstant()).isEqualTo(Instant.parse("2026-12-06T16:00:00Z"));
        assertThat(cycle.contains(d("2026-12-06"))).isTrue();
        assertThat(cycle.contains(d("2026-12-07"))).isFalse();
    }

    @Test
    void cycleRejectsDatesThatAreNotOneCycle() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BillingCycle(BillingPeriod.MONTH, d("2026-01-15"), d("2026-02-15")));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BillingCycle(BillingPeriod.MONTH, d("2026-01-01"), d("2026-03-01")));
    }
}
