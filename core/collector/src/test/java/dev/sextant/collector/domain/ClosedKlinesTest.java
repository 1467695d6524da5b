package dev.sextant.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosedKlinesTest {
    private static final Instant T = Instant.parse("2024-01-01T10:00:00Z");

    @Test
    void theLastClosedKlineIsTheOneWhoseCloseTimeIsBeforeTheServerTime() {
        assertThat(ClosedKlines.lastClosedOpen(Interval.H1, T)).isEqualTo(T.minus(Duration.ofHours(1)));
        assertThat(ClosedKlines.lastClosedOpen(Interval.H1, T.minusMillis(1))).isEqualTo(T.minus(Duration.ofHours(2)));
        assertThat(ClosedKlines.lastClosedOpen(Interval.M1, T.plusSeconds(59))).isEqualTo(T.minusSeconds(60));
        assertThat(ClosedKlines.lastClosedOpen(Interval.M15, T.plus(Duration.ofMinutes(20)))).isEqualTo(T);
    }

    @Test
    void fetchingStartsAfterTheStoredCandleOrAtTheAlignedBackfillStart() {
        assertThat(ClosedKlines.firstToFetch(Interval.H1, T, Instant.EPOCH)).isEqualTo(T.plus(Duration.ofHours(1)));
        assertThat(ClosedKlines.firstToFetch(Interval.H1, null, T.plusSeconds(1))).isEqualTo(T.plus(Duration.ofHours(1)));
        assertThat(ClosedKlines.firstToFetch(Interval.H1, null, T)).isEqualTo(T);
    }

    @Test
    void anOpenKlineIsNeverTakenAndMalformedLinesGoOnToTheCandlePath() {
        Instant server = T.plus(Duration.ofMinutes(30)); // the 10:00 kline is open
        ParsedLine nine = row(T.minus(Duration.ofHours(1)), Duration.ofHours(1).minusMillis(1));
        ParsedLine open = row(T, Duration.ofHours(1).minusMillis(1));
        ParsedLine eight = row(T.minus(Duration.ofHours(2)), Duration.ofHours(1).minusMillis(1));
        ParsedLine bad = new ParsedLine.Malformed("[1,2]", "kline [1] must be an array of 12 values");
        ClosedKlines.Page page = ClosedKlines.closedOnly(List.of(eight, bad, nine, open), T.minus(Duration.ofHours(1)),
                ClosedKlines.lastClosedOpen(Interval.H1, server), server);
        assertThat(page.lines()).containsExactly(bad, nine);
        assertThat(page.newest()).isEqualTo(T.minus(Duration.ofHours(1)));
        assertThat(page.dropped()).isEqualTo(2);

        // even inside the range asked for, a close time not before the server time is an open kline
        ParsedLine late = row(T.minus(Duration.ofHours(1)), Duration.ofHours(2)); // close time 11:00 > server
        assertThat(ClosedKlines.closedOnly(List.of(late), T.minus(Duration.ofHours(1)), T.minus(Duration.ofHours(1)), server)
                .newest()).isNull();
    }

    @Test
    void theNextLookIsAfterTheNextCloseOfAnyIntervalAtMostMax() {
        Instant server = T.plus(Duration.ofMinutes(7)).plusSeconds(30);
        assertThat(ClosedKlines.untilNextClose(List.of(Interval.H1, Interval.M15), server, Duration.ofMillis(500),
                Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(7).plusSeconds(30).plusMillis(500));
        assertThat(ClosedKlines.untilNextClose(List.of(Interval.H1), server, Duration.ZERO, Duration.ofSeconds(60)))
                .isEqualTo(Duration.ofSeconds(60));
    }

    private static ParsedLine row(Instant open, Duration closeAfter) {
        BigDecimal one = BigDecimal.ONE;
        return new ParsedLine.Row(new Kline(Symbol.of("BTCUSDT"), Interval.H1, open, one, one, one, one, one,
                open.plus(closeAfter), one, 1, "raw"));
    }
}
