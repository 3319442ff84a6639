package io.authpay.billing.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportRangeTests {

    static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    @Test
    void aTaipeiDayRunsFromFourPmUtcTheDayBefore() {
        ReportRange day = ReportRange.day(LocalDate.parse("2026-12-01"));

        assertThat(day.start(TAIPEI)).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(day.end(TAIPEI)).isEqualTo(Instant.parse("2026-12-01T16:00:00Z"));
    }

    @Test
    void aRangeAcrossAMonthListsEveryDayBothEndsIncluded() {
        ReportRange range = new ReportRange(LocalDate.parse("2026-11-29"), LocalDate.parse("2026-12-02"));

        assertThat(range.days())
                .extracting(LocalDate::toString)
                .containsExactly("2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02");
        assertThat(range.start(TAIPEI)).isEqualTo(Instant.parse("2026-11-28T16:00:00Z"));
        assertThat(range.end(TAIPEI)).isEqualTo(Instant.parse("2026-12-02T16:00:00Z"));
    }

    @Test
    void theLastDayBeforeTheFirstIsRefused() {
        assertThatThrownBy(() -> new ReportRange(LocalDate.parse("2026-12-02"), LocalDate.parse("2026-12-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before the first day");
    }

    @Test
    void aRangeLongerThanAYearIsRefused() {
        LocalDate from = LocalDate.parse("2024-01-01");

        assertThat(new ReportRange(from, from.plusDays(365)).days()).hasSize(366);
        assertThatThrownBy(() -> new ReportRange(from, from.plusDays(366)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 366 days");
    }

    @Test
    void theSuccessRateHasOneDecimalRoundedHalfUpAndNoneWithoutCharges() {
        assertThat(ReportQuery.percent(2, 3)).isEqualTo(new BigDecimal("66.7"));
        assertThat(ReportQuery.percent(1, 8)).isEqualTo(new BigDecimal("12.5"));
        assertThat(ReportQuery.percent(1, 16)).isEqualTo(new BigDecimal("6.3")); // 6.25 rounds up
        assertThat(ReportQuery.percent(5, 5)).isEqualTo(new BigDecimal("100.0"));
        assertThat(ReportQuery.percent(0, 0)).isNull();
    }
}
