package io.authpay.billing.subscription;

import static io.authpay.billing.subscription.BillingCalendar.billingDate;
import static io.authpay.billing.subscription.BillingCalendar.billingDatesBetween;
import static io.authpay.billing.subscription.BillingCalendar.isBillingDate;
import static io.authpay.billing.subscription.BillingCalendar.nextBillingDate;
import static io.authpay.billing.subscription.BillingPeriod.MONTH;
import static io.authpay.billing.subscription.BillingPeriod.QUARTER;
import static io.authpay.billing.subscription.BillingPeriod.WEEK;
import static io.authpay.billing.subscription.BillingPeriod.YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BillingCalendarTests {

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    /** The dates reached by calling nextBillingDate repeatedly, as a billing job does. */
    private static List<LocalDate> chain(LocalDate anchor, BillingPeriod period, int count) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate date = anchor;
        for (int i = 0; i < count; i++) {
            dates.add(date);
            date = nextBillingDate(anchor, period, date);
        }
        return dates;
    }

    @Test
    void anchorIsTheFirstBillingDate() {
        assertThat(billingDate(d("2026-03-15"), MONTH, 0)).isEqualTo(d("2026-03-15"));
        assertThat(nextBillingDate(d("2026-03-15"), MONTH, d("2026-03-14"))).isEqualTo(d("2026-03-15"));
        assertThat(nextBillingDate(d("2026-03-15"), MONTH, d("2020-01-01"))).isEqualTo(d("2026-03-15"));
    }

    @Test
    void chargeOn31stFallsOnLastDayOfFebruary() {
        assertThat(billingDate(d("2026-01-31"), MONTH, 1)).isEqualTo(d("2026-02-28"));
        assertThat(billingDate(d("2028-01-31"), MONTH, 1)).isEqualTo(d("2028-02-29"));
    }

    @Test
    void chargeOn31stReturnsTo31stAfterShortMonths() {
        assertThat(chain(d("2026-01-31"), MONTH, 6))
                .containsExactly(
                        d("2026-01-31"),
                        d("2026-02-28"),
                        d("2026-03-31"),
                        d("2026-04-30"),
                        d("2026-05-31"),
                        d("2026-06-30"));
        assertThat(chain(d("2028-01-31"), MONTH, 3)).containsExactly(d("2028-01-31"), d("2028-02-29"), d("2028-03-31"));
    }

    @Test
    void nextAfterClampedFebruaryDateIsTheAnchorDayInMarch() {
        // Chaining plusMonths(1) from 28 Feb would give 28 Mar; counting from the anchor gives 31 Mar.
        assertThat(nextBillingDate(d("2026-01-31"), MONTH, d("2026-02-28"))).isEqualTo(d("2026-03-31"));
        assertThat(nextBillingDate(d("2026-01-30"), MONTH, d("2026-02-28"))).isEqualTo(d("2026-03-30"));
        assertThat(nextBillingDate(d("2026-01-29"), MONTH, d("2026-02-28"))).isEqualTo(d("2026-03-29"));
    }

    @Test
    void nextBillingDateIsStrictlyAfterAnyDayBetweenBillingDates() {
        LocalDate anchor = d("2026-01-31");
        assertThat(nextBillingDate(anchor, MONTH, d("2026-01-31"))).isEqualTo(d("2026-02-28"));
        assertThat(nextBillingDate(anchor, MONTH, d("2026-02-01"))).isEqualTo(d("2026-02-28"));
        assertThat(nextBillingDate(anchor, MONTH, d("2026-02-27"))).isEqualTo(d("2026-02-28"));
        assertThat(nextBillingDate(anchor, MONTH, d("2026-03-01"))).isEqualTo(d("2026-03-31"));
        assertThat(nextBillingDate(anchor, MONTH, d("2026-03-30"))).isEqualTo(d("2026-03-31"));
    }

    @Test
    void monthlyBillingCrossesDecemberIntoJanuary() {
        assertThat(chain(d("2026-11-30"), MONTH, 4))
                .containsExactly(d("2026-11-30"), d("2026-12-30"), d("2027-01-30"), d("2027-02-28"));
        assertThat(nextBillingDate(d("2026-10-31"), MONTH, d("2026-12-31"))).isEqualTo(d("2027-01-31"));
    }

    @Test
    void quarterlyAnchorOn30NovemberFallsOn28FebruaryThenReturnsTo30th() {
        assertThat(chain(d("2025-11-30"), QUARTER, 5))
                .containsExactly(d("2025-11-30"), d("2026-02-28"), d("2026-05-30"), d("2026-08-30"), d("2026-11-30"));
    }

    @Test
    void quarterlyAnchorOn31AugustFollowsEachMonthsLastDay() {
        assertThat(chain(d("2026-08-31"), QUARTER, 5))
                .containsExactly(d("2026-08-31"), d("2026-11-30"), d("2027-02-28"), d("2027-05-31"), d("2027-08-31"));
    }

    @Test
    void yearlyAnchorOn29FebruaryBillsOn28FebruaryInCommonYears() {
        assertThat(chain(d("2024-02-29"), YEAR, 5))
                .containsExactly(d("2024-02-29"), d("2025-02-28"), d("2026-02-28"), d("2027-02-28"), d("2028-02-29"));
        assertThat(nextBillingDate(d("2024-02-29"), YEAR, d("2027-02-28"))).isEqualTo(d("2028-02-29"));
    }

    @Test
    void yearlyBillingCrossesYearEnd() {
        assertThat(chain(d("2026-12-31"), YEAR, 3)).containsExactly(d("2026-12-31"), d("2027-12-31"), d("2028-12-31"));
        assertThat(nextBillingDate(d("2026-12-31"), YEAR, d("2027-01-01"))).isEqualTo(d("2027-12-31"));
    }

    @Test
    void weeklyBillingCrossesMonthAndYearBoundaries() {
        assertThat(chain(d("2026-12-17"), WEEK, 5))
                .containsExactly(d("2026-12-17"), d("2026-12-24"), d("2026-12-31"), d("2027-01-07"), d("2027-01-14"));
        assertThat(chain(d("2026-01-28"), WEEK, 3)).containsExactly(d("2026-01-28"), d("2026-02-04"), d("2026-02-11"));
        assertThat(nextBillingDate(d("2026-12-17"), WEEK, d("2027-01-01"))).isEqualTo(d("2027-01-07"));
    }

    @Test
    void isBillingDateRecognisesClampedDatesAndRejectsOthers() {
        LocalDate anchor = d("2026-01-31");
        assertThat(isBillingDate(anchor, MONTH, d("2026-01-31"))).isTrue();
        assertThat(isBillingDate(anchor, MONTH, d("2026-02-28"))).isTrue();
        assertThat(isBillingDate(anchor, MONTH, d("2026-03-31"))).isTrue();
        assertThat(isBillingDate(anchor, MONTH, d("2026-03-28"))).isFalse();
        assertThat(isBillingDate(anchor, MONTH, d("2026-01-30"))).isFalse();
        assertThat(isBillingDate(anchor, MONTH, d("2025-12-31")))
                .as("before the anchor")
                .isFalse();
        assertThat(isBillingDate(d("2026-12-17"), WEEK, d("2027-01-07"))).isTrue();
        assertThat(isBillingDate(d("2026-12-17"), WEEK, d("2027-01-08"))).isFalse();
    }

    @Test
    void negativeIndexIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> billingDate(d("2026-01-31"), MONTH, -1));
    }

    @Test
    void subscriptionYearsBehindCatchesUpOnePeriodAtATimeOldestFirst() {
        LocalDate anchor = d("2020-01-31");
        LocalDate today = d("2026-06-15");

        List<LocalDate> owed = new ArrayList<>();
        Set<PeriodKey> keys = new HashSet<>();
        for (LocalDate date = anchor; !date.isAfter(today); date = nextBillingDate(anchor, MONTH, date)) {
            owed.add(date);
            assertThat(keys.add(PeriodKey.of(MONTH, date)))
                    .as("key of %s is new", date)
                    .isTrue();
        }

        // Jan 2020 through May 2026: 6 full years and 5 months; 2026-06-30 is not due yet.
        assertThat(owed).hasSize(6 * 12 + 5).isSorted();
        assertThat(owed.get(0)).isEqualTo(anchor);
        assertThat(owed.get(1)).isEqualTo(d("2020-02-29"));
        assertThat(owed.get(2)).isEqualTo(d("2020-03-31"));
        assertThat(owed.get(owed.size() - 1)).isEqualTo(d("2026-05-31"));
        assertThat(owed).contains(d("2021-02-28"), d("2024-02-29"), d("2025-04-30"));
        for (int i = 0; i < owed.size(); i++) {
            assertThat(owed.get(i)).isEqualTo(billingDate(anchor, MONTH, i));
        }
        assertThat(billingDatesBetween(anchor, MONTH, anchor, today)).isEqualTo(owed);
    }

    @Test
    void billingDatesBetweenIncludesBothEnds() {
        assertThat(billingDatesBetween(d("2026-01-31"), MONTH, d("2026-02-28"), d("2026-04-30")))
                .containsExactly(d("2026-02-28"), d("2026-03-31"), d("2026-04-30"));
        assertThat(billingDatesBetween(d("2026-01-31"), MONTH, d("2026-03-01"), d("2026-03-30")))
                .isEmpty();
    }
}
