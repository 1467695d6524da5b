package dev.sextant.contracts.state;

import dev.sextant.contracts.id.Symbol;

/**
 * Redis keys of the latest state per symbol, a contract like the topics: the owning service writes
 * the JSON of its latest event there (as {@code EventCodec} encodes it), the API gateway reads it.
 * Every key starts with the configured prefix ({@code sextant.redis.key-prefix}, default
 * {@value #DEFAULT_PREFIX}), which tests set per run.
 */
public final class LatestStateKeys {
    public static final String DEFAULT_PREFIX = "sextant:";

    private LatestStateKeys() {}

    /** Last closed candle ({@code CandleClosed}), written by collector-service. */
    public static String candle(String prefix, Symbol symbol) {
        return prefix + "latest:candle:" + symbol.value();
    }

    /** Last prediction ({@code PredictionMade}), written by prediction-service. */
    public static String prediction(String prefix, Symbol symbol) {
        return prefix + "latest:prediction:" + symbol.value();
    }

    /** Last risk decision ({@code RiskDecisionMade}), written by risk-service. */
    public static String decision(String prefix, Symbol symbol) {
        return prefix + "latest:decision:" + symbol.value();
    }

    /** Current position ({@code PositionChanged}), written by execution-service. */
    public static String position(String prefix, Symbol symbol) {
        return prefix + "latest:position:" + symbol.value();
    }

    /** Trading state ({@code TradingStateChanged}), written by risk-service. */
    public static String tradingState(String prefix) {
        return prefix + "latest:trading-state";
    }

    /** Account summary JSON (capital, equity, realized P&L today, win rate), written by execution-service. */
    public static String account(String prefix) {
        return prefix + "latest:account";
    }
}
