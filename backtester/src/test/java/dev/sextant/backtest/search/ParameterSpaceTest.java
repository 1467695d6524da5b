package dev.sextant.backtest.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grids and random draws over the risk settings and the strategy, and the refusal of bad specs. */
class ParameterSpaceTest {

    @Test
    void aGridIsTheCartesianProductInTheOrderGivenTheLastParameterFastest() {
        ParameterSpace space = ParameterSpace.parse(List.of("strategy=ema-trend,always-long", "stop-atr-multiple=1.5..3:0.5",
                "confidence-threshold=0.5,0.6"));
        List<Combination> grid = space.grid("model", Map.of("max-daily-loss", "0.03"), 1000);

        assertThat(grid).hasSize(2 * 4 * 2);
        assertThat(grid).extracting(Combination::id).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(grid.get(0).label()).isEqualTo("strategy=ema-trend stop-atr-multiple=1.5 confidence-threshold=0.5");
        assertThat(grid.get(1).label()).isEqualTo("strategy=ema-trend stop-atr-multiple=1.5 confidence-threshold=0.6");
        assertThat(grid.get(2).label()).isEqualTo("strategy=ema-trend stop-atr-multiple=2.0 confidence-threshold=0.5");
        assertThat(grid.get(15).label()).isEqualTo("strategy=always-long stop-atr-multiple=3.0 confidence-threshold=0.6");
        assertThat(grid).extracting(Combination::strategy).containsOnly("ema-trend", "always-long");
        // The fixed --set values ride along, and the searched ones reach the risk limits.
        assertThat(grid.get(15).settings()).containsEntry("max-daily-loss", "0.03").containsEntry("stop-atr-multiple", "3.0");
        assertThat(grid.get(15).limits().stopAtrMultiple()).isEqualByComparingTo("3");
        assertThat(grid.get(15).limits().maxDailyLoss()).isEqualByComparingTo("0.03");
        assertThat(grid).extracting(Combination::label).doesNotHaveDuplicates();
    }

    @Test
    void aRandomSearchIsReproducibleWithItsSeedAndStaysInsideTheRanges() {
        ParameterSpace space = ParameterSpace.parse(List.of("risk-per-trade=0.005..0.03", "stop-atr-multiple=1..4:0.5",
                "strategy=ema-trend,always-long"));
        List<Combination> a = space.random(25, 7, "model", Map.of(), 1000);
        List<Combination> b = space.random(25, 7, "model", Map.of(), 1000);
        List<Combination> other = space.random(25, 8, "model", Map.of(), 1000);

        assertThat(a).hasSize(25);
        assertThat(a).extracting(Combination::label).containsExactlyElementsOf(b.stream().map(Combination::label).toList());
        assertThat(a).extracting(Combination::label).doesNotHaveDuplicates();
        assertThat(other).extracting(Combination::label).isNotEqualTo(a.stream().map(Combination::label).toList());
        for (Combination c : a) {
            BigDecimal risk = new BigDecimal(c.parameters().get("risk-per-trade"));
            assertThat(risk).isBetween(new BigDecimal("0.005"), new BigDecimal("0.03"));
            assertThat(risk.scale()).isEqualTo(5); // two more decimals than the bounds are written with
            BigDecimal stop = new BigDecimal(c.parameters().get("stop-atr-multiple"));
            assertThat(stop.remainder(new BigDecimal("0.5"))).isZero();
            assertThat(stop).isBetween(BigDecimal.ONE, new BigDecimal("4"));
        }
        assertThat(a).extracting(Combination::strategy).contains("ema-trend", "always-long");
    }

    @Test
    void aRandomDrawAsLargeAsAFiniteSpaceIsTheWholeGrid() {
        ParameterSpace space = ParameterSpace.parse(List.of("confidence-threshold=0.5,0.55", "reward-risk-ratio=1,2,3"));
        assertThat(space.random(50, 1, "ema-trend", Map.of(), 1000)).extracting(Combination::label)
                .containsExactlyElementsOf(space.grid("ema-trend", Map.of(), 1000).stream().map(Combination::label).toList());
    }

    @Test
    void badSpecsAreRefusedWithASentenceNamingThem() {
        assertThatThrownBy(() -> ParameterSpace.parse(List.of())).hasMessageContaining("nothing to search");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("confidence-threshold="))).hasMessageContaining("empty grid");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("confidence-threshold=0.5,,0.6"))).hasMessageContaining("empty value");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=1", "reward-risk-ratio=2"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=3..1:1"))).hasMessageContaining("LO must not exceed HI");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=1..3:0"))).hasMessageContaining("STEP must be greater than 0");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=a..b"))).hasMessageContaining("not a range of numbers");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("strategy=moon"))).hasMessageContaining("unknown strategy 'moon'");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("strategy=1..2"))).hasMessageContaining("list of names");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=1..3")).grid("ema-trend", Map.of(), 100))
                .hasMessageContaining("needs a step for a grid search");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("leverage=1,2")).grid("ema-trend", Map.of(), 100))
                .hasMessageContaining("unknown risk setting 'leverage'");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("risk-per-trade=0.01,7")).grid("ema-trend", Map.of(), 100))
                .hasMessageContaining("risk-per-trade").hasMessageContaining("risk-per-trade=7");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=1..100:0.5", "stop-atr-multiple=1..100:0.5"))
                .grid("ema-trend", Map.of(), 10_000)).hasMessageContaining("more than --max-combinations 10000");
        assertThatThrownBy(() -> ParameterSpace.parse(List.of("reward-risk-ratio=1..3")).random(0, 1, "ema-trend", Map.of(), 100))
                .hasMessageContaining("--random must be at least 1");
    }
}
