package io.authpay.billing.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link PeriodKey}: one key per billing period, so a period is charged at most once. */
class BillingPeriodKeyTests {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    private static String key(BillingPeriod period, String date) {
        return PeriodKey.of(period, d(date)).value();
    }

    @Test
    void monthQuarterAndYearKeysNameTheCalendarPeriod() {
        assertThat(key(BillingPeriod.MONTH, "2026-12-31")).isEqualTo("2026-12");
        assertThat(key(BillingPeriod.MONTH, "2026-02-28")).isEqualTo("2026-02");
        assertThat(key(BillingPeriod.QUARTER, "2026-11-30")).isEqualTo("2026-Q4");
        assertThat(key(BillingPeriod.QUARTER, "2027-01-01")).isEqualTo("2027-Q1");
        assertThat(key(BillingPeriod.YEAR, "2026-12-31")).isEqualTo("2026");
    }

    @Test
    void weeklyKeyIsTheIsoWeek() {
        assertThat(key(BillingPeriod.WEEK, "2026-12-02")).isEqualTo("2026-W49");
        assertThat(key(BillingPeriod.WEEK, "2026-01-05")).isEqualTo("2026-W02");
    }

    @Test
    void weeklyKeyUsesTheIsoWeekBasedYearAroundNewYear() {
        // 2026 starts on a Thursday, so it has 53 ISO weeks: W53 runs Mon 2026-12-28 to Sun 2027-01-03.
        assertThat(key(BillingPeriod.WEEK, "2026-12-31")).isEqualTo("2026-W53");
        assertThat(key(BillingPeriod.WEEK, "2027-01-01")).isEqualTo("2026-W53");
        assertThat(key(BillingPeriod.WEEK, "2027-01-03")).isEqualTo("2026-W53");
        assertThat(key(BillingPeriod.WEEK, "2027-01-04")).isEqualTo("2027-W01");
        // And the other way: Monday 2024-12-30 already belongs to 2025's first week.
        assertThat(key(BillingPeriod.WEEK, "2024-12-30")).isEqualTo("2025-W01");
        assertThat(key(BillingPeriod.WEEK, "2025-12-28")).isEqualTo("2025-W52");
    }

    @Test
    void consecutiveWeeklyBillingDatesNeverShareAKey() {
        // Weekly dates are exactly 7 days apart: the same weekday of the next ISO week, whatever the
        // weekday of the anchor and however the year ends. Check every weekday across several year ends.
        for (LocalDate anchor = d("2020-12-21"); anchor.isBefore(d("2020-12-28")); anchor = anchor.plusDays(1)) {
            Set<PeriodKey> keys = new HashSet<>();
            for (int n = 0; n < 6 * 53; n++) {
                LocalDate date = BillingCalendar.billingDate(anchor, BillingPeriod.WEEK, n);
                assertThat(keys.add(PeriodKey.of(BillingPeriod.WEEK, date)))
                        .as("key of %s (anchor %s) is new", date, anchor)
                        .isTrue();
            }
        }
    }

    @Test
    void clampedMonthlyAndQuarterlyDatesStillGetOneKeyEach() {
        for (BillingPeriod period : new BillingPeriod[] {BillingPeriod.MONTH, BillingPeriod.QUARTER}) {
            Set<PeriodKey> keys = new HashSet<>();
            for (int n = 0; n < 60; n++) {
                LocalDate date = BillingCalendar.billingDate(d("2024-01-31"), period, n);
                assertThat(keys.add(PeriodKey.of(period, date)))
                        .as("%s key of %s", period, date)
                        .isTrue();
            }
        }
    }

    @Test
    void keyReadBackMustHaveAValidFormat() {
        assertThat(new PeriodKey("2026-W53").value()).isEqualTo("2026-W53");
        assertThat(new PeriodKey("2026-Q4")).hasToString("2026-Q4");
        assertThatIllegalArgumentException().isThrownBy(() -> new PeriodKey("2026-13"));
        assertThatIllegalArgumentException().isThrownBy(() -> new PeriodKey("2026-W54"));
        assertThatIllegalArgumentException().isThrownBy(() -> new PeriodKey("2026-Q5"));
        assertThatIllegalArgumentException().isThrownBy(() -> new PeriodKey(""));
    }
}
