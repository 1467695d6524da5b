package dev.sextant.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {

    @Test
    void theDefaultsGiveAPacedReplayOfBtcAndEthFromJune2025() {
        ReplayPlan plan = ReplayPlan.from(config(Map.of()));

        assertThat(plan.exchange()).isEqualTo("binance");
        assertThat(plan.symbols()).containsExactly(Symbol.of("BTCUSDT"), Symbol.of("ETHUSDT"));
        assertThat(plan.interval()).isEqualTo(Interval.H1);
        assertThat(plan.window().start()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(plan.window().end()).isNull();
        assertThat(plan.window().maxCandles()).isNull();
        assertThat(plan.pace().period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(plan.dataDir()).isEmpty();
    }

    @Test
    void aBadStartStopsWithASentenceNamingTheKey() {
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("start", "yesterday"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid configuration sextant.collector.replay.start: must be an ISO-8601 UTC instant such as"
                        + " 2024-01-01T00:00:00Z, got 'yesterday'. Fix it in application.properties or the environment.");
    }

    @Test
    void aStartOffTheIntervalGridIsRejected() {
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("start", "2024-01-01T00:30:00Z"))))
                .hasMessageContaining("sextant.collector.replay.start: must be aligned to the 1h interval");
    }

    @Test
    void aBadPaceSymbolIntervalOrEndIsRejected() {
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("pace", "quick"))))
                .hasMessageContaining("sextant.collector.replay.pace: pace must be 'max' or a positive duration");
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("symbols", "btc-usdt"))))
                .hasMessageContaining("sextant.collector.replay.symbols: symbol must be 2-30 upper-case letters");
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("interval", "2h"))))
                .hasMessageContaining("sextant.collector.replay.interval: unknown interval '2h'");
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("end", "2025-01-01T00:00:00Z"))))
                .hasMessageContaining("must be after its start");
    }

    @Test
    void maxPaceAndAWindowAreAccepted() {
        ReplayPlan plan = ReplayPlan.from(config(Map.of("pace", "max", "start", "2024-01-01T00:00:00Z",
                "end", "2024-02-01T00:00:00Z", "symbols", "ETHUSDT")));

        assertThat(plan.pace().isMax()).isTrue();
        assertThat(plan.window().end()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(plan.symbols()).containsExactly(Symbol.of("ETHUSDT"));
    }

    @Test
    void maxLeadIsOffOrAboveTheWarmUp() {
        assertThat(ReplayPlan.from(config(Map.of())).maxLead()).isEqualTo(500);
        assertThat(ReplayPlan.from(config(Map.of("max-lead", "0"))).maxLead()).isZero();
        assertThatThrownBy(() -> ReplayPlan.from(config(Map.of("max-lead", "40"))))
                .hasMessage("Invalid configuration sextant.collector.replay.max-lead: must be 0 (no flow control) or at least"
                        + " 100 (the features' warm-up comes before risk-service's first decision), got 40. Fix it in"
                        + " application.properties or the environment.");
    }

    private static CollectorConfig config(Map<String, String> overrides) {
        Map<String, String> v = new HashMap<>(Map.of("symbols", "BTCUSDT,ETHUSDT", "interval", "1h",
                "start", "2025-06-01T00:00:00Z", "pace", "1s"));
        v.putAll(overrides);
        CollectorConfig.Replay replay = new CollectorConfig.Replay() {
            public boolean autostart() { return true; }
            public List<String> symbols() { return List.of(v.get("symbols").split(",")); }
            public String interval() { return v.get("interval"); }
            public String start() { return v.get("start"); }
            public Optional<String> end() { return Optional.ofNullable(v.get("end")); }
            public Optional<Long> maxCandles() { return Optional.empty(); }
            public String pace() { return v.get("pace"); }
            public int maxInFlight() { return 500; }
            public int maxLead() { return Integer.parseInt(v.getOrDefault("max-lead", "500")); }
            public Optional<String> dataDir() { return Optional.empty(); }
            public Duration ackTimeout() { return Duration.ofSeconds(30); }
            public Duration retryDelay() { return Duration.ofSeconds(5); }
        };
        return new CollectorConfig() {
            public String exchange() { return "Binance"; }
            public String source() { return "replay"; }
            public Replay replay() { return replay; }
            public Binance binance() { throw new UnsupportedOperationException("not used by the replay"); }
        };
    }
}
