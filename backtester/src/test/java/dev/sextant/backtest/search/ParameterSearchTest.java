package dev.sextant.backtest.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.Strategies;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plain search on real candles: one row per combination, the ranking, and independence from the thread count. */
class ParameterSearchTest {
    private static final Market MARKET = SearchFixture.market("2024-01-01", "2024-03-01");

    private static List<ParameterSearch.Row> search(List<Combination> grid, int threads) {
        try (Parallel parallel = SearchFixture.parallel(threads)) {
            return ParameterSearch.run(MARKET, grid, SearchFixture.strategies(grid), SearchFixture.COSTS, parallel);
        }
    }

    @Test
    void everyCombinationGetsItsRowAndTheRankingIsBestFirstTiesToTheLowerId() {
        List<Combination> grid = ParameterSpace.parse(List.of("strategy=ema-trend,always-long", "stop-atr-multiple=1.5,2,3"))
                .grid("model", Map.of(), 100);
        List<ParameterSearch.Row> rows = search(grid, 2);

        assertThat(rows).hasSize(6);
        assertThat(rows).extracting(r -> r.combination().id()).containsExactly(1, 2, 3, 4, 5, 6);
        for (Metric metric : Metric.values()) {
            List<ParameterSearch.Row> ranked = ParameterSearch.rank(rows, metric);
            assertThat(ranked).hasSize(6);
            for (int i = 1; i < ranked.size(); i++) {
                double before = metric.of(ranked.get(i - 1).performance());
                double after = metric.of(ranked.get(i).performance());
                assertThat(Metric.better(after, before)).as("%s: row %d ranks after row %d", metric, i, i - 1).isFalse();
                if (Metric.BEST_FIRST.compare(before, after) == 0) {
                    assertThat(ranked.get(i).combination().id()).isGreaterThan(ranked.get(i - 1).combination().id());
                }
            }
        }
        assertThat(ParameterSearch.rank(rows, Metric.TOTAL_RETURN).getFirst().performance().totalReturn())
                .isEqualTo(rows.stream().mapToDouble(r -> r.performance().totalReturn()).max().orElseThrow());
    }

    @Test
    void aRowHasTheFiguresOfTheSameBacktestRunAlone() {
        List<Combination> grid = ParameterSpace.parse(List.of("reward-risk-ratio=1.5,3")).grid("ema-trend", Map.of(), 100);
        List<ParameterSearch.Row> rows = search(grid, 2);

        KernelRun.Outcome alone = KernelRun.run(MARKET.candles(), Strategies.create("ema-trend", null, KernelRun.CLOCK),
                grid.get(1).limits(), SearchFixture.COSTS);
        Performance expected = PerformanceCalculator.compute(alone.equity(), alone.trades(), MARKET.bar());
        assertThat(rows.get(1).performance()).isEqualTo(expected);
        assertThat(expected.trades()).isPositive();
    }

    @Test
    void theResultsAreIdenticalWithOneAndTwoThreadsEvenWithTheSharedOnnxModel() {
        List<Combination> grid = ParameterSpace.parse(List.of("strategy=model,ema-trend", "confidence-threshold=0.5,0.52",
                "stop-atr-multiple=2,3")).grid("model", Map.of(), 100);
        List<ParameterSearch.Row> one = search(grid, 1);
        List<ParameterSearch.Row> two = search(grid, 2);

        assertThat(two).isEqualTo(one);
        assertThat(ParameterSearch.rank(two, Metric.SHARPE)).isEqualTo(ParameterSearch.rank(one, Metric.SHARPE));
    }
}
