package dev.sextant.backtest.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.backtest.KernelRun;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.performance.EquitySample;
import dev.sextant.performance.TradeRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Walk-forward windows, and that every reported figure comes from test windows only, without look-ahead. */
class WalkForwardTest {
    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<Combination> GRID = ParameterSpace.parse(List.of("strategy=ema-trend,always-long",
            "stop-atr-multiple=2,3")).grid("model", Map.of(), 100);

    private static WalkForward.Result walkForward(String to, boolean anchored, int threads) {
        Market market = SearchFixture.market("2023-11-01", to);
        List<Window> windows = Window.plan(FROM, Instant.parse(to + "T00:00:00Z"), Duration.ofDays(30), Duration.ofDays(15),
                anchored, HOUR);
        try (Parallel parallel = SearchFixture.parallel(threads)) {
            return WalkForward.run(market, windows, GRID, SearchFixture.strategies(GRID), SearchFixture.COSTS, Metric.SHARPE,
                    200, parallel);
        }
    }

    @Test
    void testWindowsTileTheRangeAfterTheFirstTrainWindowWithoutGapOrOverlap() {
        Instant to = Instant.parse("2024-04-20T00:00:00Z");
        for (boolean anchored : new boolean[] {false, true}) {
            List<Window> windows = Window.plan(FROM, to, Duration.ofDays(30), Duration.ofDays(15), anchored, HOUR);
            assertThat(windows).hasSize(6); // 80 days after the first 30: five of 15 days and a last one of 5
            assertThat(windows.getFirst().testStart()).isEqualTo(FROM.plus(Duration.ofDays(30)));
            assertThat(windows.getLast().testEnd()).isEqualTo(to);
            assertThat(Duration.between(windows.getLast().testStart(), windows.getLast().testEnd())).isEqualTo(Duration.ofDays(5));
            for (int i = 0; i < windows.size(); i++) {
                Window w = windows.get(i);
                assertThat(w.index()).isEqualTo(i + 1);
                assertThat(w.trainEnd()).isEqualTo(w.testStart());
                assertThat(w.testEnd()).isAfter(w.testStart());
                if (i > 0) {
                    assertThat(w.testStart()).isEqualTo(windows.get(i - 1).testEnd());
                }
                if (anchored) {
                    assertThat(w.trainStart()).isEqualTo(FROM);
                } else {
                    assertThat(w.trainStart()).isEqualTo(w.testStart().minus(Duration.ofDays(30)));
                }
            }
        }
        assertThatThrownBy(() -> Window.plan(FROM, FROM.plus(Duration.ofDays(30)), Duration.ofDays(30), Duration.ofDays(15), false, HOUR))
                .hasMessageContaining("no test window is left");
        assertThatThrownBy(() -> Window.parseDuration("6m", "--train")).hasMessageContaining("is not a duration");
        assertThat(Window.parseDuration("2w", "--test")).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void everyReportedTradeAndSampleLiesInsideItsTestWindow() {
        WalkForward.Result result = walkForward("2024-03-31", false, 2);

        assertThat(result.windows()).hasSize(4);
        BigDecimal capital = SearchFixture.COSTS.initialCapital();
        int trades = 0;
        for (WalkForward.WindowResult w : result.windows()) {
            Instant start = w.window().testStart();
            Instant end = w.window().testEnd();
            assertThat(w.equity().getFirst().time()).isEqualTo(start);
            assertThat(w.equity().getFirst().equity()).isEqualByComparingTo(capital); // starts with the previous window's final equity
            assertThat(w.equity()).allSatisfy(s -> assertThat(s.time()).isBetween(start, end));
            for (TradeRecord t : w.trades()) {
                assertThat(t.entryTime()).as("a trade opens after its window starts").isAfter(start);
                assertThat(t.exitTime()).as("and closes by its end").isBeforeOrEqualTo(end);
            }
            assertThat(w.warmUpCandles()).isGreaterThanOrEqualTo(FeatureEngine.WARM_UP_BARS);
            assertThat(w.outOfSample().start()).isEqualTo(start);
            capital = w.equity().getLast().equity();
            trades += w.trades().size();
        }
        assertThat(trades).isPositive();
        assertThat(result.trades()).hasSize(trades);
        // The stitched curve is the test windows' curves one after the other, and nothing else.
        Instant first = result.windows().getFirst().window().testStart();
        Instant last = result.windows().getLast().window().testEnd();
        assertThat(result.equity()).allSatisfy(s -> assertThat(s.time()).isBetween(first, last));
        assertThat(result.equity().getLast().equity()).isEqualByComparingTo(capital);
        assertThat(result.outOfSample().start()).isEqualTo(first);
        assertThat(result.outOfSample().finalEquity()).isEqualByComparingTo(capital);
        assertThat(result.outOfSample().trades()).isEqualTo(trades);
        assertThat(result.buyAndHold().start()).isEqualTo(first);
        assertThat(result.buyAndHold().end()).isEqualTo(last);
        long samples = result.windows().stream().mapToLong(w -> w.equity().size()).sum();
        assertThat(result.equity()).hasSize((int) (samples - (result.windows().size() - 1)));
        // A window ends flat: positions open at its end were sold (WINDOW_END), so its final equity is cash.
        assertThat(result.trades()).extracting(TradeRecord::exitReason).contains(KernelRun.WINDOW_END);
        assertThat(result.combinations()).extracting(WalkForward.ComboResult::timesChosen).containsExactly(
                count(result, 1), count(result, 2), count(result, 3), count(result, 4));
    }

    private static int count(WalkForward.Result result, int id) {
        return (int) result.windows().stream().filter(w -> w.chosen().id() == id).count();
    }

    @Test
    void noWindowDependsOnCandlesAfterItsEnd() {
        WalkForward.Result shorter = walkForward("2024-03-31", false, 2);
        WalkForward.Result longer = walkForward("2024-04-30", false, 2);

        assertThat(longer.windows()).hasSize(shorter.windows().size() + 2);
        for (int i = 0; i < shorter.windows().size(); i++) {
            WalkForward.WindowResult a = shorter.windows().get(i);
            WalkForward.WindowResult b = longer.windows().get(i);
            assertThat(b.window()).isEqualTo(a.window());
            assertThat(b.chosen()).isEqualTo(a.chosen());
            assertThat(b.inSample()).isEqualTo(a.inSample());
            assertThat(b.outOfSample()).isEqualTo(a.outOfSample());
            assertThat(b.trades()).isEqualTo(a.trades());
        }
    }

    @Test
    void theWarmUpFeedsTheFeaturesButNeverTrades() {
        Market market = SearchFixture.market("2023-11-01", "2024-03-01");
        Instant start = Instant.parse("2024-02-01T00:00:00Z");
        WalkForward.Slice slice = WalkForward.slice(market, start, Instant.parse("2024-02-15T00:00:00Z"), 200, "test window");
        assertThat(slice.start() - slice.from()).isEqualTo(200);
        Combination always = GRID.get(2); // always-long: it would enter on the first warm candle if it could
        KernelRun.Outcome run = KernelRun.window(market.candles().subList(slice.from(), slice.end()), start, true,
                SearchFixture.strategies(GRID).get("always-long").get(), always.limits(), SearchFixture.COSTS);

        assertThat(run.equity().getFirst()).isEqualTo(new EquitySample(start, SearchFixture.COSTS.initialCapital(), false));
        int windowCandles = slice.end() - slice.start();
        // Warm features from the window's first candle on: always-long asks risk on every candle of the window, and on no
        // candle before it (their predictions are dropped).
        assertThat(run.decisions()).isEqualTo(windowCandles);
        assertThat(run.candles()).isEqualTo(slice.end() - slice.from());
        assertThat(run.trades()).isNotEmpty().allSatisfy(t -> assertThat(t.entryTime()).isAfter(start));
        // Without the warm-up candles the features are cold for the window's first 49 candles.
        KernelRun.Outcome cold = KernelRun.window(market.candles().subList(slice.start(), slice.end()), start, true,
                SearchFixture.strategies(GRID).get("always-long").get(), always.limits(), SearchFixture.COSTS);
        assertThat(cold.decisions()).isEqualTo(windowCandles - (FeatureEngine.WARM_UP_BARS - 1));
    }

    @Test
    void anchoredTrainWindowsStartAtTheBeginningAndRollingOnesMove() {
        WalkForward.Result rolling = walkForward("2024-03-31", false, 2);
        WalkForward.Result anchored = walkForward("2024-03-31", true, 2);

        assertThat(anchored.windows()).allSatisfy(w -> assertThat(w.window().trainStart()).isEqualTo(FROM));
        assertThat(rolling.windows()).extracting(w -> w.window().trainStart()).doesNotHaveDuplicates();
        assertThat(anchored.windows().getFirst().inSample()).isEqualTo(rolling.windows().getFirst().inSample());
        assertThat(anchored.windows().get(2).inSample().start()).isEqualTo(FROM);
        assertThat(rolling.windows().get(2).inSample().start()).isEqualTo(rolling.windows().get(2).window().trainStart());
    }

    @Test
    void theResultsAreIdenticalWithOneAndTwoThreads() {
        assertThat(walkForward("2024-03-31", false, 1)).isEqualTo(walkForward("2024-03-31", false, 2));
    }
}
