package dev.sextant.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What other hosts (the API gateway) use of the library: input checks named by the caller, bundled data, progress. */
class LibraryInputsTest {
    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant JAN_15 = Instant.parse("2024-01-15T00:00:00Z");

    private final MarketData market = new MarketData(MarketData.defaultDataDir());

    @Test
    void inputsAreNamedAsTheCallerNamesThem() {
        assertThat(BacktestInputs.interval("1h", "interval")).isEqualTo(Interval.H1);
        assertThatThrownBy(() -> BacktestInputs.interval("7h", "interval"))
                .hasMessageStartingWith("unknown interval '7h': use one of 1m, ");
        assertThat(BacktestInputs.time("2024-01-01", "from")).isEqualTo(JAN_1);
        assertThat(BacktestInputs.time("2024-01-01T06:00:00Z", "from")).isEqualTo(JAN_1.plusSeconds(6 * 3600));
        assertThatThrownBy(() -> BacktestInputs.time("01/02/2024", "from"))
                .hasMessage("from '01/02/2024' is not a date: write it as 2024-01-31 or 2024-01-31T00:00:00Z");
        assertThatThrownBy(() -> BacktestInputs.time(null, "to")).hasMessageStartingWith("to is required");
        BacktestInputs.range(JAN_1, JAN_15, "from", "to");
        assertThatThrownBy(() -> BacktestInputs.range(JAN_15, JAN_1, "from", "to"))
                .hasMessage("the date range is empty: to 2024-01-01T00:00:00Z is not after from 2024-01-15T00:00:00Z");
    }

    @Test
    void bundledAcceptsOnlySymbolsNeverPaths() {
        MarketData.Source btc = market.bundled("btcusdt", Interval.H1);
        assertThat(btc.symbol().value()).isEqualTo("BTCUSDT");
        assertThat(btc.file().getFileName()).hasToString("binance_spot_BTCUSDT_1h.csv.gz");
        assertThatThrownBy(() -> market.bundled("../../etc/passwd", Interval.H1))
                .hasMessageStartingWith("'../../etc/passwd' is not a symbol")
                .hasMessageContaining("bundled: BTCUSDT 15m, BTCUSDT 1h, BTCUSDT 1m, ETHUSDT 1h, ETHUSDT 1m, SOLUSDT 1h)");
        assertThatThrownBy(() -> market.bundled("DOGEUSDT", Interval.H1))
                .hasMessage("no bundled 1h candles for DOGEUSDT (bundled: BTCUSDT 15m, BTCUSDT 1h, BTCUSDT 1m, ETHUSDT 1h, ETHUSDT 1m, SOLUSDT 1h)");
        assertThatThrownBy(() -> market.bundled("SOLUSDT", Interval.M1)).hasMessageStartingWith("no bundled 1m candles for SOLUSDT");
        assertThat(market.bundled("BTCUSDT", Interval.M1).file().getFileName()).hasToString("binance_spot_BTCUSDT_1m.csv.gz");
    }

    @Test
    void coverageIsTheFirstAndLastOpenTimeOfTheFile() {
        MarketData.Coverage coverage = market.coverage(market.bundled("BTCUSDT", Interval.H1));
        // data/market/README.md: 72,866 rows, 2018-01-01 00:00 -> 2026-04-30 03:00
        assertThat(coverage.rows()).isEqualTo(72_866);
        assertThat(coverage.first()).isEqualTo(Instant.parse("2018-01-01T00:00:00Z"));
        assertThat(coverage.last()).isEqualTo(Instant.parse("2026-04-30T03:00:00Z"));
        assertThat(market.coverage(market.bundled("BTCUSDT", Interval.H1))).isSameAs(coverage);
        coverage.requireOverlap(JAN_1, JAN_15);
        coverage.requireOverlap(Instant.parse("2017-12-01T00:00:00Z"), Instant.parse("2018-01-01T01:00:00Z"));
        assertThatThrownBy(() -> coverage.requireOverlap(Instant.parse("2030-01-01T00:00:00Z"), Instant.parse("2030-02-01T00:00:00Z")))
                .hasMessage("no BTCUSDT candle between 2030-01-01T00:00:00Z and 2030-02-01T00:00:00Z: the data covers "
                        + "2018-01-01T00:00:00Z to 2026-04-30T03:00:00Z; choose a range inside the data");
        assertThatThrownBy(() -> coverage.requireOverlap(Instant.parse("2017-01-01T00:00:00Z"), Instant.parse("2018-01-01T00:00:00Z")))
                .hasMessageStartingWith("no BTCUSDT candle between");
    }

    @Test
    void bothKernelPassesReportTheirProgress() {
        MarketData.Loaded data = MarketData.load(List.of(market.bundled("BTCUSDT", Interval.H1)), Interval.H1, JAN_1, JAN_15);
        List<Long> strategy = new ArrayList<>();
        List<Long> alwaysLong = new ArrayList<>();
        Backtester.Request request = new Backtester.Request("ema-trend", null, Map.of(), ExecutionSettings.defaults(), "test");
        BacktestResult result = Backtester.run(data, Interval.H1, JAN_1, JAN_15, request, strategy::add, alwaysLong::add);
        assertThat(data.candles()).hasSize(14 * 24);
        assertThat(strategy).containsExactly(336L);
        assertThat(alwaysLong).containsExactly(336L);
        // the same figures as without the second listener
        BacktestResult again = Backtester.run(data, Interval.H1, JAN_1, JAN_15, request, n -> { });
        assertThat(again.performance()).isEqualTo(result.performance());
        assertThat(again.baselines().get("alwaysLong").performance()).isEqualTo(result.baselines().get("alwaysLong").performance());
        assertThat(Path.of(data.sources().getFirst().substring(data.sources().getFirst().indexOf(" from ") + 6)))
                .isAbsolute();
    }
}
