package io.authpay.billing.charge;

import static io.authpay.billing.charge.TaipeiTime.taipei;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BillingWindowTests {

    private final BillingWindow window = BillingWindow.JKOPAY;

    @Test
    void jkoPayWindowIsEightToTwentyInTaipei() {
        assertThat(window.zone()).isEqualTo(ZoneId.of("Asia/Taipei"));
        assertThat(window.start()).isEqualTo(LocalTime.of(8, 0));
        assertThat(window.end()).isEqualTo(LocalTime.of(20, 0));
    }

    @Test
    void oneMillisecondBeforeEightIsOutside() {
        assertThat(window.contains(taipei("2026-11-30T07:59:59.999"))).isFalse();
    }

    @Test
    void eightOClockIsInside() {
        assertThat(window.contains(taipei("2026-11-30T08:00"))).isTrue();
    }

    @Test
    void oneMillisecondBeforeTwentyIsInside() {
        assertThat(window.contains(taipei("2026-11-30T19:59:59.999"))).isTrue();
    }

    @Test
    void twentyOClockIsOutside() {
        assertThat(window.contains(taipei("2026-11-30T20:00"))).isFalse();
    }

    @Test
    void insideTheWindowTheNextOpeningIsTheInstantItself() {
        Instant noon = taipei("2026-11-30T12:34:56.789");
        assertThat(window.nextOpening(noon)).isEqualTo(noon);
        assertThat(window.nextOpening(taipei("2026-11-30T08:00"))).isEqualTo(taipei("2026-11-30T08:00"));
    }

    @Test
    void beforeEightTheNextOpeningIsEightTheSameDay() {
        assertThat(window.nextOpening(taipei("2026-11-30T07:59:59.999"))).isEqualTo(taipei("2026-11-30T08:00"));
    }

    @Test
    void atTwentyTheNextOpeningIsEightTheNextDay() {
        assertThat(window.nextOpening(taipei("2026-11-30T20:00"))).isEqualTo(taipei("2026-12-01T08:00"));
    }

    @Test
    void nextOpeningCrossesTheEndOfTheYear() {
        assertThat(window.nextOpening(taipei("2026-12-31T23:59:59"))).isEqualTo(taipei("2027-01-01T08:00"));
    }

    @Test
    void nextOpeningFollowsTheTaipeiDateNotTheUtcDate() {
        // 17:30 UTC on 30 Nov is already 01:30 on 1 Dec in Taipei: the window opens that same Taipei morning.
        Instant taipeiNight = Instant.parse("2026-11-30T17:30:00Z");
        assertThat(window.nextOpening(taipeiNight)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void openingAfterAnInstantInsideTheWindowIsTomorrowMorning() {
        assertThat(window.openingAfter(taipei("2026-11-30T08:00"))).isEqualTo(taipei("2026-12-01T08:00"));
        assertThat(window.openingAfter(taipei("2026-11-30T07:59:59.999"))).isEqualTo(taipei("2026-11-30T08:00"));
    }

    @Test
    void theWindowClosesAtTwentyTheSameDay() {
        assertThat(window.closesAt(taipei("2026-11-30T08:00"))).isEqualTo(taipei("2026-11-30T20:00"));
        assertThat(window.closesAt(taipei("2026-11-30T19:59:59.999"))).isEqualTo(taipei("2026-11-30T20:00"));
    }

    @Test
    void aClosedWindowHasNoClosingTime() {
        assertThatThrownBy(() -> window.closesAt(taipei("2026-11-30T20:00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the billing window");
    }

    @Test
    void isOpenReadsTheGivenClock() {
        assertThat(window.isOpen(Clock.fixed(taipei("2026-11-30T19:59:59.999"), TaipeiTime.TAIPEI)))
                .isTrue();
        assertThat(window.isOpen(Clock.fixed(taipei("2026-11-30T20:00"), TaipeiTime.TAIPEI)))
                .isFalse();
    }

    @Test
    void followsTheZoneRulesOnTheDayDaylightSavingTimeBegins() {
        // New York moves from UTC-5 to UTC-4 at 02:00 on Sunday 8 March 2026: 08:00 that day is 12:00 UTC.
        BillingWindow newYork =
                BillingWindow.of(ZoneId.of("America/New_York"), LocalTime.of(8, 0), LocalTime.of(20, 0));
        Instant saturdayNight = Instant.parse("2026-03-08T02:00:00Z"); // 21:00 EST on Saturday

        assertThat(newYork.nextOpening(saturdayNight)).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
        assertThat(newYork.contains(Instant.parse("2026-03-08T12:30:00Z"))).isTrue();
        assertThat(newYork.closesAt(Instant.parse("2026-03-08T12:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-09T00:00:00Z"));
    }

    @Test
    void aWindowMustStartBeforeItEnds() {
        assertThatThrownBy(() -> BillingWindow.of(TaipeiTime.TAIPEI, LocalTime.of(20, 0), LocalTime.of(8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BillingWindow.of(TaipeiTime.TAIPEI, LocalTime.of(8, 0), LocalTime.of(8, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
