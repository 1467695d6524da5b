package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

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
}
