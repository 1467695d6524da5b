package dev.sextant.risk.config;

import dev.sextant.contracts.event.TradingState;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.util.Map;

/**
 * risk-service's configuration ({@code sextant.risk.*}). Ratios are fractions: 0.02 = 2 %. Every
 * value is validated at start-up by {@link RiskSettings}; a bad one stops start-up with a sentence
 * naming the key.
 */
@ConfigMapping(prefix = "sextant.risk")
public interface RiskConfig {
    /** Starting equity (quote currency) before the first fill; same default as execution-service. */
    @WithDefault("10000")
    BigDecimal initialCapital();

    /** Trading state of a fresh service (no persisted state yet). */
    @WithDefault("RUNNING")
    TradingState initialState();

    @WithDefault("0.55")
    BigDecimal confidenceThreshold();

    @WithDefault("0.02")
    BigDecimal riskPerTrade();

    @WithDefault("0.05")
    BigDecimal maxDailyLoss();

    @WithDefault("0.005")
    BigDecimal minAtrRatio();

    @WithDefault("0.03")
    BigDecimal maxAtrRatio();

    @WithDefault("0.001")
    BigDecimal maxSpreadRatio();

    @WithDefault("2")
    BigDecimal stopAtrMultiple();

    @WithDefault("2")
    BigDecimal rewardRiskRatio();

    /**
     * Share of the notional reserved for the entry's slippage and fee: the no-leverage cap is
     * {@code notional x (1 + cost-headroom) <= available equity}. Must be at least execution's
     * {@code (1 + slippage) x (1 + taker fee) - 1} (0.0015005 with its defaults); from 0 to below 1.
     */
    @WithDefault("0.002")
    BigDecimal costHeadroom();

    /**
     * Smallest notional (quantity x close, quote currency, e.g. USDT) of an entry, like the venue's
     * MIN_NOTIONAL filter; a smaller sized entry is denied. 0 or more (0 turns the check off).
     */
    @WithDefault("10")
    BigDecimal minNotional();

    /** Quantity step of every symbol without its own {@link #symbolQuantityStep()}. */
    @WithDefault("0.0001")
    BigDecimal quantityStep();

    /** Per-symbol quantity steps: {@code sextant.risk.symbol-quantity-step.ETHUSDT=0.001}. */
    Map<String, BigDecimal> symbolQuantityStep();

    /** DOWN or HALF_UP: how the risk budget's count of quantity steps is rounded (see README). */
    @WithDefault("HALF_UP")
    String quantityRounding();

    /** Candles after which an approved but unfilled entry stops counting as an open position. */
    @WithDefault("3")
    int pendingTimeoutCandles();

    /** Feature marks (close, ATR per candle) kept in memory for the join. */
    @WithDefault("5000")
    int featureCacheSize();

    /** Predictions kept waiting for their features; beyond it the oldest is denied. */
    @WithDefault("1000")
    int maxWaitingPredictions();
}
