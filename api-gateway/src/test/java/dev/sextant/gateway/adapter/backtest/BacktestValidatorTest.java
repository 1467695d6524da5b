package dev.sextant.gateway.adapter.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.backtest.MarketData;
import dev.sextant.gateway.domain.BacktestSpec;
import dev.sextant.gateway.domain.InvalidFieldsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body of POST /api/v1/backtests against the bundled data: defaults, and the backtester's messages per field. */
class BacktestValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BacktestValidator validator = new BacktestValidator(new MarketData(MarketData.defaultDataDir()), 60_000);

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    private Map<String, String> problems(String json) throws Exception {
        JsonNode body = body(json);
        return catchThrowableOfType(InvalidFieldsException.class, () -> validator.validate(body)).fields();
    }

    @Test
    void aMinimalBodyGetsThePlatformsDefaults() throws Exception {
        BacktestSpec spec = validator.validate(body("""
                {"symbols": ["btcusdt", "ETHUSDT"], "from": "2024-01-01", "to": "2024-01-15T12:00:00Z",
                 "settings": {"confidence-threshold": 0.6, "risk-per-trade": "0.01"}}"""));
        assertThat(spec.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(spec.interval()).isEqualTo("1h");
        assertThat(spec.strategy()).isEqualTo("model");
        assertThat(spec.from()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(spec.to()).isEqualTo(Instant.parse("2024-01-15T12:00:00Z"));
        assertThat(spec.settings()).containsExactly(Map.entry("confidence-threshold", "0.6"), Map.entry("risk-per-trade", "0.01"));
        assertThat(spec.capital()).isEqualByComparingTo("10000");
        assertThat(spec.slippage()).isEqualByComparingTo("0.0005");
        assertThat(spec.takerFee()).isEqualByComparingTo("0.001");
    }

    @Test
    void eachBadFieldGetsTheBacktestersMessage() throws Exception {
        Map<String, String> p = problems("""
                {"symbols": ["DOGEUSDT", "../../etc/passwd"], "interval": "7h", "from": "01/02/2024", "to": "2024-02-01",
                 "strategy": "moon", "settings": {"leverage": 10, "risk-per-trade": 7}, "capital": -5, "slippage": "x",
                 "takerFee": 0.5, "colour": "red"}""");
        assertThat(p.keySet()).containsExactlyInAnyOrder("colour", "interval", "symbols", "from", "strategy",
                "settings.leverage", "settings.risk-per-trade", "capital", "slippage", "takerFee");
        assertThat(p.get("colour")).startsWith("unknown field (known: symbols, interval, from, to");
        assertThat(p.get("interval")).startsWith("unknown interval '7h': use one of 1m, ");
        assertThat(p.get("symbols")).isEqualTo("no bundled 1h candles for DOGEUSDT (bundled: BTCUSDT 15m, BTCUSDT 1h, BTCUSDT 1m, ETHUSDT 1h, ETHUSDT 1m, SOLUSDT 1h); "
                + "'../../etc/passwd' is not a symbol: write it as the exchange does, 2-20 letters or digits such as BTCUSDT"
                + " (bundled: BTCUSDT 15m, BTCUSDT 1h, BTCUSDT 1m, ETHUSDT 1h, ETHUSDT 1m, SOLUSDT 1h)");
        assertThat(p.get("from")).isEqualTo("from '01/02/2024' is not a date: write it as 2024-01-31 or 2024-01-31T00:00:00Z");
        assertThat(p.get("strategy")).isEqualTo("unknown strategy 'moon': choose one of model, always-long, ema-trend");
        assertThat(p.get("settings.leverage")).startsWith("unknown risk setting 'leverage' (known: confidence-threshold");
        assertThat(p.get("settings.risk-per-trade")).isEqualTo("risk setting 'risk-per-trade' (sextant.risk.risk-per-trade)"
                + " must be a fraction above 0 up to 1 (0.02 means 2 %), got 7");
        assertThat(p.get("capital")).startsWith("sextant.execution.initial-capital must be a positive amount");
        assertThat(p.get("slippage")).isEqualTo("must be a number, got \"x\"");
        assertThat(p.get("takerFee")).startsWith("sextant.execution.taker-fee must be a fraction in [0, 0.1)");
    }

    @Test
    void rangesMustBeNonEmptyInsideTheDataAndSmallEnough() throws Exception {
        assertThat(problems("""
                {"symbols": ["BTCUSDT"], "from": "2024-02-01", "to": "2024-02-01", "strategy": "always-long"}"""))
                .containsExactly(Map.entry("to", "the date range is empty: to 2024-02-01T00:00:00Z is not after from 2024-02-01T00:00:00Z"));
        assertThat(problems("""
                {"symbols": ["BTCUSDT"], "from": "2030-01-01", "to": "2030-02-01", "strategy": "always-long"}"""))
                .containsExactly(Map.entry("from", "no BTCUSDT candle between 2030-01-01T00:00:00Z and 2030-02-01T00:00:00Z:"
                        + " the data covers 2018-01-01T00:00:00Z to 2026-04-30T03:00:00Z; choose a range inside the data"));
        assertThat(problems("""
                {"symbols": ["BTCUSDT", "ETHUSDT"], "from": "2018-01-01", "to": "2022-01-01", "strategy": "always-long"}"""))
                .containsOnlyKeys("to")
                .hasEntrySatisfying("to", m -> assertThat(m).startsWith("the range holds about 70,128 candles (2 symbols), more than"
                        + " this gateway runs at once (sextant.gateway.backtests.max-candles = 60,000)"));
        assertThat(problems("""
                {"symbols": [], "from": "2024-01-01", "to": "2024-02-01"}"""))
                .containsOnlyKeys("symbols");
        assertThat(problems("""
                {"symbols": ["BTCUSDT", "BTCUSDT"], "from": "2024-01-01"}"""))
                .containsExactly(Map.entry("symbols", "symbol BTCUSDT is given twice"),
                        Map.entry("to", "to is required: write it as 2024-01-31 or 2024-01-31T00:00:00Z"));
        assertThat(problems("[1, 2]")).containsOnlyKeys("body");
    }

    @Test
    void theCandleEstimateIsTheOverlapWithTheData() {
        MarketData.Coverage coverage = new MarketData.Coverage(dev.sextant.contracts.id.Symbol.of("BTCUSDT"),
                Instant.parse("2018-01-01T00:00:00Z"), Instant.parse("2026-04-30T03:00:00Z"), 72_866);
        assertThat(BacktestValidator.estimate(coverage, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-15T00:00:00Z"),
                java.time.Duration.ofHours(1))).isEqualTo(336);
        assertThat(BacktestValidator.estimate(coverage, Instant.parse("2026-04-30T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
                java.time.Duration.ofHours(1))).isEqualTo(4);
        assertThat(List.of(BacktestValidator.estimate(coverage, Instant.parse("2010-01-01T00:00:00Z"),
                Instant.parse("2018-01-01T00:00:00Z"), java.time.Duration.ofHours(1)))).containsExactly(0L);
    }
}
