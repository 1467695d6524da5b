package dev.sextant.backtest.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was run, on which data, with which code: everything needed to reproduce a backtest.
 *
 * @param strategy         strategy name
 * @param parameters       strategy parameters, in display order
 * @param symbols          the symbols replayed, at least one
 * @param interval         the candle interval as configured, e.g. {@code 1h}
 * @param from             start of the replayed data range
 * @param to               end of the replayed data range, not before {@code from}
 * @param dataSources      where the candles came from (one description per source), at least one
 * @param codeVersion      version of the code that ran, e.g. a git commit
 * @param modelId          id of the model used, or {@code null} when the strategy uses none
 * @param costs            cost and sizing settings (fees, slippage, position size ...), in display order
 * @param candlesProcessed candles replayed
 * @param candlesPerSecond replay throughput
 */
public record RunInfo(String strategy, Map<String, String> parameters, List<String> symbols, String interval,
                      Instant from, Instant to, List<String> dataSources, String codeVersion, String modelId,
                      Map<String, String> costs, long candlesProcessed, double candlesPerSecond) {

    public RunInfo {
        Checks.requireText(strategy, "strategy name");
        parameters = Checks.copy(parameters, "strategy parameters");
        symbols = Checks.copy(symbols, "symbols");
        if (symbols.isEmpty() || symbols.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one symbol is required and none may be blank, were " + symbols);
        }
        Checks.requireText(interval, "interval");
        Checks.requireNonNull(from, "data range start (from)");
        Checks.requireNonNull(to, "data range end (to)");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("data range ends at " + to + " before it starts at " + from);
        }
        dataSources = Checks.copy(dataSources, "data sources");
        if (dataSources.isEmpty()) {
            throw new IllegalArgumentException("at least one data source description is required");
        }
        Checks.requireText(codeVersion, "code version");
        if (modelId != null && modelId.isBlank()) {
            throw new IllegalArgumentException("model id must be null (no model) or non-blank");
        }
        costs = Checks.copy(costs, "cost and sizing settings");
        if (candlesProcessed < 0) {
            throw new IllegalArgumentException("candles processed must not be negative, was " + candlesProcessed);
        }
        if (!(candlesPerSecond >= 0) || Double.isInfinite(candlesPerSecond)) {
            throw new IllegalArgumentException("candles per second must be finite and not negative, was " + candlesPerSecond);
        }
    }
}
