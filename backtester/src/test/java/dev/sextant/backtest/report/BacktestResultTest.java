package dev.sextant.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.performance.EquitySample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacktestResultTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static RunInfo run(String strategy, Instant from, Instant to, String modelId, List<String> sources) {
        return new RunInfo(strategy, Map.of(), List.of("BTCUSDT"), "1h", from, to, sources, "v1", modelId, Map.of(), 10, 5.0);
    }

    @Test
    void runInfoIsValidatedAndKeepsTheOrderOfItsMaps() {
        assertThatThrownBy(() -> run(" ", T, T, null, List.of("csv")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("strategy name is required");
        assertThatThrownBy(() -> run("s", T.plusSeconds(1), T, null, List.of("csv")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data range ends at");
        assertThatThrownBy(() -> run("s", T, T, "", List.of("csv")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model id must be null");
        assertThatThrownBy(() -> run("s", T, T, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one data source");
        assertThatThrownBy(() -> new RunInfo("s", Map.of(), List.of(), "1h", T, T, List.of("csv"), "v1", null, Map.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one symbol");
        assertThatThrownBy(() -> new RunInfo("s", Map.of(), List.of("X"), "1h", T, T, List.of("csv"), "v1", null, Map.of(), 0,
                Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("candles per second");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("z", "1");
        params.put("a", "2");
        params.put("m", "3");
        RunInfo run = new RunInfo("s", params, List.of("X"), "1h", T, T, List.of("csv"), "v1", null, params, 0, 0);
        params.put("late", "4");
        assertThat(run.parameters().keySet()).containsExactly("z", "a", "m");
        assertThat(run.costs().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void priceBarMustBeBoundedByItsHighAndLow() {
        assertThat(new PriceBar(T, 10, 12, 9, 11).close()).isEqualTo(11);
        assertThatThrownBy(() -> new PriceBar(T, 10, 10.5, 9, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not bound open");
        assertThatThrownBy(() -> new PriceBar(T, 10, 12, 9, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive and finite");
        assertThatThrownBy(() -> new PriceBar(null, 10, 12, 9, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("price bar open time is required");
    }

    @Test
    void resultRefusesUnorderedSeriesAndMisfiledBaselines() {
        BacktestResult ok = BacktestFixture.builder().build();
        List<EquitySample> reversed = new ArrayList<>(ok.equity());
        java.util.Collections.reverse(reversed);
        assertThatThrownBy(() -> new BacktestResult(ok.run(), ok.performance(), reversed, ok.trades(), ok.prices(),
                ok.baselines())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("equity samples must be in strictly increasing time order");

        Map<String, List<PriceBar>> prices = new LinkedHashMap<>(ok.prices());
        List<PriceBar> bars = new ArrayList<>(prices.get("BTCUSDT"));
        bars.add(bars.get(0));
        prices.put("BTCUSDT", bars);
        assertThatThrownBy(() -> new BacktestResult(ok.run(), ok.performance(), ok.equity(), ok.trades(), prices,
                ok.baselines())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("price series of BTCUSDT must be in strictly increasing time order");

        Map<String, BaselineResult> misfiled = Map.of("other", ok.baselines().get("buyAndHold"));
        assertThatThrownBy(() -> new BacktestResult(ok.run(), ok.performance(), ok.equity(), ok.trades(), ok.prices(),
                misfiled)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseline buyAndHold is filed under the key other");

        assertThat(ok.baseline(BaselineResult.BUY_AND_HOLD)).isPresent();
        assertThat(ok.baseline("none")).isEmpty();
        assertThatThrownBy(() -> ok.trades().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
