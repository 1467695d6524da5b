package dev.sextant.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated backtest request with every default filled in: what the run replays and with which settings.
 *
 * @param symbols  bundled symbols, upper case, in the order given
 * @param interval candle interval code, e.g. {@code 1h}
 * @param from     first candle open time (inclusive)
 * @param to       end of the range (exclusive)
 * @param strategy {@code model}, {@code always-long} or {@code ema-trend}
 * @param settings risk settings by risk-service's names (e.g. {@code confidence-threshold}); the others keep their defaults
 * @param capital  initial capital in the quote asset
 * @param slippage fraction a market order pays against itself
 * @param takerFee taker fee as a fraction of the notional
 */
public record BacktestSpec(List<String> symbols, String interval, Instant from, Instant to, String strategy,
                           Map<String, String> settings, BigDecimal capital, BigDecimal slippage, BigDecimal takerFee) {
    public BacktestSpec {
        symbols = List.copyOf(symbols);
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }
}
