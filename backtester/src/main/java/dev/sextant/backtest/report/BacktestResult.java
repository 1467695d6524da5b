package dev.sextant.backtest.report;

import dev.sextant.performance.EquitySample;
import dev.sextant.performance.Performance;
import dev.sextant.performance.TradeRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the report writers need about one backtest run.
 *
 * @param run         what was run, on which data, with which code
 * @param performance the strategy's figures
 * @param equity      the strategy's equity curve, in strictly increasing time order
 * @param trades      the strategy's closed trades
 * @param prices      per symbol, its candles in strictly increasing time order (for the price charts)
 * @param baselines   reference runs by name (e.g. {@link BaselineResult#BUY_AND_HOLD}); each key is its
 *                    baseline's name; in display order
 */
public record BacktestResult(RunInfo run, Performance performance, List<EquitySample> equity,
                             List<TradeRecord> trades, Map<String, List<PriceBar>> prices,
                             Map<String, BaselineResult> baselines) {

    public BacktestResult {
        Checks.requireNonNull(run, "run info");
        Checks.requireNonNull(performance, "performance");
        equity = Checks.copy(equity, "equity samples");
        requireIncreasing(equity, "equity samples");
        trades = Checks.copy(trades, "trades");
        Map<String, List<PriceBar>> bars = new LinkedHashMap<>();
        Checks.copy(prices, "price series").forEach((symbol, series) -> {
            List<PriceBar> copy = Checks.copy(series, "price series of " + symbol);
            for (int i = 1; i < copy.size(); i++) {
                if (!copy.get(i).openTime().isAfter(copy.get(i - 1).openTime())) {
                    throw new IllegalArgumentException("price series of " + symbol + " must be in strictly increasing "
                            + "time order: bar " + i + " at " + copy.get(i).openTime() + " is not after "
                            + copy.get(i - 1).openTime());
                }
            }
            bars.put(symbol, copy);
        });
        prices = Checks.copy(bars, "price series");
        baselines = Checks.copy(baselines, "baselines");
        baselines.forEach((name, baseline) -> {
            if (!name.equals(baseline.name())) {
                throw new IllegalArgumentException("baseline " + baseline.name() + " is filed under the key " + name);
            }
        });
    }

    /** The baseline of that name, if it was run. */
    public Optional<BaselineResult> baseline(String name) {
        return Optional.ofNullable(baselines.get(name));
    }

    static void requireIncreasing(List<EquitySample> equity, String what) {
        Instant previous = null;
        int i = 0;
        for (EquitySample sample : equity) {
            if (previous != null && !sample.time().isAfter(previous)) {
                throw new IllegalArgumentException(what + " must be in strictly increasing time order: sample " + i
                        + " at " + sample.time() + " is not after " + previous);
            }
            previous = sample.time();
            i++;
        }
    }
}
