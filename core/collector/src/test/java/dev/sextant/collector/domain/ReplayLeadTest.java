package dev.sextant.collector.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayLeadTest {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Symbol ETH = Symbol.of("ETHUSDT");
    static final Instant START = Instant.parse("2018-01-01T00:00:00Z");

    static Instant candle(int n) {
        return START.plusSeconds(3600L * n);
    }

    static Map<Symbol, Instant> positions(Instant btc, Instant eth) {
        Map<Symbol, Instant> positions = new HashMap<>();
        positions.put(BTC, btc);
        positions.put(ETH, eth);
        return positions;
    }

    @Test
    void aFreshReplayMayPublishMaxLeadCandlesBeforeTheFirstDecisionThenFollowsTheSlowestSymbol() {
        ReplayLead lead = new ReplayLead(100, Interval.H1);
        lead.baseline(BTC, null, START);
        lead.baseline(ETH, null, START);
        assertThat(lead.room(positions(null, null))).isEqualTo(100);
        assertThat(lead.lead(BTC, candle(0))).as("the first candle is one ahead").isEqualTo(1);
        assertThat(lead.room(positions(candle(99), candle(99)))).isZero();

        lead.decided(BTC, candle(60));
        assertThat(lead.room(positions(candle(99), candle(99)))).as("ETH has no decision yet").isZero();
        lead.decided(ETH, candle(40));
        assertThat(lead.lead(BTC, candle(99))).isEqualTo(39);
        assertThat(lead.room(positions(candle(99), candle(99)))).as("ETH, the slowest, leads by 59").isEqualTo(41);
        assertThat(lead.furthest(positions(candle(99), candle(99)))).isEqualTo(ETH);

        lead.decided(ETH, candle(30)); // an older decision moves nothing
        assertThat(lead.decided(ETH)).isEqualTo(candle(40));
    }

    @Test
    void aResumedReplayCountsFromWhereItResumedAndADecisionBeyondThePublishedPositionCountsAsThePosition() {
        ReplayLead lead = new ReplayLead(100, Interval.H1);
        lead.baseline(BTC, candle(500), START);
        assertThat(lead.lead(BTC, candle(550))).isEqualTo(50);

        lead.decided(BTC, candle(9_000)); // forged, or another replay's: never lets the replay run away
        assertThat(lead.lead(BTC, candle(550))).isZero();
        assertThat(lead.lead(BTC, candle(9_100))).isEqualTo(100);
        assertThat(lead.lead(Symbol.of("SOLUSDT"), candle(1))).as("a symbol not followed").isZero();
    }

    @Test
    void maxLeadMustBePositive() {
        assertThatThrownBy(() -> new ReplayLead(0, Interval.H1)).hasMessageContaining("maxLead must be >= 1");
    }
}
