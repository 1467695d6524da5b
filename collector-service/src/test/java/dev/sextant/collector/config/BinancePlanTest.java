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

/** The source selection and the Binance configuration: defaults, and one sentence for each broken key. */
class BinancePlanTest {

    @Test
    void replayIsTheDefaultAndHasNoBinancePlan() {
        assertThat(BinancePlan.from(config("replay", Map.of()))).isEmpty();
    }

    @Test
    void liveAndTestnetDefaultToBinancesUrls() {
        BinancePlan live = BinancePlan.from(config("binance", Map.of())).orElseThrow();
        assertThat(live.restUrl()).hasToString("https://api.binance.com");
        assertThat(live.symbols()).containsExactly(Symbol.of("BTCUSDT"), Symbol.of("ETHUSDT"));
        assertThat(live.intervals()).containsExactly(Interval.M1, Interval.M15, Interval.H1);
        assertThat(live.backfillLookback()).isEqualTo(Duration.ofDays(30));
        assertThat(live.backfillStart(Instant.parse("2026-02-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        BinancePlan testnet = BinancePlan.from(config(" Binance-Testnet ", Map.of())).orElseThrow();
        assertThat(testnet.restUrl()).hasToString("https://testnet.binance.vision");
    }

    @Test
    void overridesAreTaken() {
        BinancePlan p = BinancePlan.from(config("binance", Map.of("rest-url", "http://127.0.0.1:8089/",
                "intervals", "1h,1m,1h", "backfill-start", "2024-01-01T00:00:00Z"))).orElseThrow();
        assertThat(p.restUrl()).hasToString("http://127.0.0.1:8089");
        assertThat(p.intervals()).containsExactly(Interval.H1, Interval.M1);
        assertThat(p.backfillStart(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(BinancePlan.from(config("binance", Map.of("backfill-start", "P2D"))).orElseThrow().backfillLookback())
                .isEqualTo(Duration.ofDays(2));
        assertThat(BinancePlan.from(config("binance", Map.of("backfill-start", "12h"))).orElseThrow().backfillLookback())
                .isEqualTo(Duration.ofHours(12));
    }

    @Test
    void aBrokenConfigurationIsOneSentenceNamingTheKey() {
        assertThatThrownBy(() -> BinancePlan.from(config("kraken", Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid configuration sextant.collector.source: must be replay, binance or binance-testnet,"
                        + " got 'kraken'. Fix it in application.properties or the environment.");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("rest-url", "api.binance.com"))))
                .hasMessage("Invalid configuration sextant.collector.binance.rest-url: must be an http(s) base URL with a"
                        + " host and nothing after it, such as https://api.binance.com, got 'api.binance.com'. Fix it in"
                        + " application.properties or the environment.");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("rest-url", "https://api.binance.com/api/v3"))))
                .hasMessageContaining("sextant.collector.binance.rest-url: must be an http(s) base URL");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("rest-url", "ftp://api.binance.com"))))
                .hasMessageContaining("sextant.collector.binance.rest-url");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("intervals", "1m,2h"))))
                .hasMessage("Invalid configuration sextant.collector.binance.intervals: unknown interval '2h' (known: 1m,"
                        + " 5m, 15m, 1h, 4h, 1d). Fix it in application.properties or the environment.");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("symbols", "btc-usdt"))))
                .hasMessageContaining("Invalid configuration sextant.collector.binance.symbols:");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("backfill-start", "last week"))))
                .hasMessageContaining("Invalid configuration sextant.collector.binance.backfill-start: must be an ISO-8601");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("egress-id", "a b"))))
                .hasMessageContaining("Invalid configuration sextant.collector.binance.egress-id");
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("safety-margin", "0.9"))))
                .hasMessageContaining("Invalid configuration sextant.collector.binance.safety-margin");
        // every message is one sentence
        assertThatThrownBy(() -> BinancePlan.from(config("binance", Map.of("intervals", "7m"))))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").endsWith("or the environment."));
    }

    private static CollectorConfig config(String source, Map<String, String> overrides) {
        Map<String, String> v = new HashMap<>(Map.of("symbols", "BTCUSDT,ETHUSDT", "intervals", "1m,15m,1h",
                "backfill-start", "30d", "egress-id", "default", "safety-margin", "0.10"));
        v.putAll(overrides);
        CollectorConfig.Binance binance = new CollectorConfig.Binance() {
            public Optional<String> restUrl() { return Optional.ofNullable(v.get("rest-url")); }
            public List<String> symbols() { return List.of(v.get("symbols").split(",")); }
            public List<String> intervals() { return List.of(v.get("intervals").split(",")); }
            public String backfillStart() { return v.get("backfill-start"); }
            public Duration pollMax() { return Duration.ofSeconds(60); }
            public Duration requestTimeout() { return Duration.ofSeconds(10); }
            public String egressId() { return v.get("egress-id"); }
            public double safetyMargin() { return Double.parseDouble(v.get("safety-margin")); }
        };
        return new CollectorConfig() {
            public String exchange() { return "binance"; }
            public String source() { return source; }
            public Replay replay() { throw new UnsupportedOperationException(); }
            public Binance binance() { return binance; }
        };
    }
}
