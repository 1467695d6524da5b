package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MarketClockTest {

    @Test
    void noDayBeforeTheFirstMarketEvent() {
        MarketClock clock = new MarketClock();
        assertThat(clock.latest()).isEmpty();
        assertThat(clock.today()).isEmpty();
    }

    @Test
    void todayIsTheUtcDayOfTheLatestEventTimeNotTheWallClock() {
        MarketClock clock = new MarketClock();
        clock.observe(Instant.parse("2025-06-14T23:58:59.999Z")); // a replayed candle's close time
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-14"));

        clock.observe(Instant.parse("2025-06-15T00:00:59.999Z")); // the first candle of the next market day
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-15"));
    }

    @Test
    void anOlderEventDoesNotMoveMarketTimeBack() {
        MarketClock clock = new MarketClock();
        clock.observe(Instant.parse("2025-06-15T00:05:00Z"));
        clock.observe(Instant.parse("2025-06-14T23:59:00Z")); // a late fill of the previous day
        clock.observe(null);

        assertThat(clock.latest()).contains(Instant.parse("2025-06-15T00:05:00Z"));
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-15"));
    }

    @Test
    void aForgedFarFutureTimeCannotMoveTodayButARealLaterEventStillAdvancesIt() {
        MarketClock clock = new MarketClock(7);
        assertThat(clock.observe(Instant.parse("2025-06-14T10:00:00Z"))).as("the first day").isTrue();

        assertThatThrownBy(() -> clock.observe(Instant.parse("9999-12-31T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event time 9999-12-31T00:00:00Z is 2912643 days after today (2025-06-14); market time may move"
                        + " at most 7 day(s) at once (max-day-jump): refused as forged or corrupt, today stays 2025-06-14");
        assertThatThrownBy(() -> clock.check(Instant.parse("2025-06-22T00:00:00Z"), "FillExecuted f-1 tsEvent"))
                .hasMessageStartingWith("FillExecuted f-1 tsEvent 2025-06-22T00:00:00Z is 8 days after today (2025-06-14)");
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-14"));

        assertThat(clock.observe(Instant.parse("2025-06-14T11:00:00Z"))).as("the same day").isFalse();
        assertThat(clock.observe(Instant.parse("2025-06-21T23:00:00Z"))).as("seven days on: within the bound").isTrue();
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-21"));
    }

    @Test
    void aSeededTimeIsTakenAsTodayAndBoundsTheNextEvent() {
        MarketClock clock = new MarketClock(7);
        clock.seed(Instant.parse("2025-06-14T10:00:00Z"));
        assertThat(clock.today()).contains(LocalDate.parse("2025-06-14"));
        assertThatThrownBy(() -> clock.observe(Instant.parse("2026-01-01T00:00:00Z"))).isInstanceOf(IllegalArgumentException.class);
        clock.seed(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(clock.today()).as("never back").contains(LocalDate.parse("2025-06-14"));
        assertThatThrownBy(() -> new MarketClock(0)).hasMessageContaining("sextant.gateway.max-day-jump must be at least 1");
    }
}
