package dev.sextant.backtest.report;

import dev.sextant.performance.EquitySample;
import dev.sextant.performance.Performance;
import java.util.List;

/**
 * A reference strategy replayed over the same data, to compare the strategy with.
 *
 * @param name        key of the baseline, e.g. {@link #BUY_AND_HOLD}
 * @param description what the baseline does, one sentence
 * @param performance its figures
 * @param equity      its equity curve
 */
public record BaselineResult(String name, String description, Performance performance, List<EquitySample> equity) {

    /** Buys at the first candle and holds to the end. */
    public static final String BUY_AND_HOLD = "buyAndHold";
    /** Always holds a long position sized like the strategy's. */
    public static final String ALWAYS_LONG = "alwaysLong";

    public BaselineResult {
        Checks.requireText(name, "baseline name");
        Checks.requireText(description, "description of baseline " + name);
        Checks.requireNonNull(performance, "performance of baseline " + name);
        equity = Checks.copy(equity, "equity of baseline " + name);
        BacktestResult.requireIncreasing(equity, "equity of baseline " + name);
    }
}
