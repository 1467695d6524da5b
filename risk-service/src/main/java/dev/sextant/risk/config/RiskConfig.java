package dev.sextant.risk.config;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.risk.domain.RiskDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.math.BigDecimal;
import java.util.Map;

/**
 * risk-service's configuration ({@code sextant.risk.*}). Ratios are fractions: 0.02 = 2 %. Every
 * value is validated at start-up by {@link RiskSettings}; a bad one stops start-up with a sentence
 * naming the key. The defaults are the domain's, {@link RiskDefaults} (nothing is spelled here);
 * {@code DefaultsAgreementTest} checks that an empty configuration gives {@code RiskLimits.defaults()}.
 */
@ConfigMapping(prefix = "sextant.risk")
public interface RiskConfig {
    /** Starting equity (quote currency) before the first fill; the platform's shared default, like execution-service. */
    @WithDefault(RiskDefaults.INITIAL_CAPITAL)
    BigDecimal initialCapital();

    /** Trading state of a fresh service (no persisted state yet). */
    @WithDefault(RiskDefaults.INITIAL_STATE)
    TradingState initialState();

    @WithDefault(RiskDefaults.CONFIDENCE_THRESHOLD)
    BigDecimal confidenceThreshold();

    @WithDefault(RiskDefaults.RISK_PER_TRADE)
    BigDecimal riskPerTrade();

    @WithDefault(RiskDefaults.MAX_DAILY_LOSS)
    BigDecimal maxDailyLoss();

    @WithDefault(RiskDefaults.MIN_ATR_RATIO)
    BigDecimal minAtrRatio();

    @WithDefault(RiskDefaults.MAX_ATR_RATIO)
    BigDecimal maxAtrRatio();

    @WithDefault(RiskDefaults.MAX_SPREAD_RATIO)
    BigDecimal maxSpreadRatio();

    @WithDefault(RiskDefaults.STOP_ATR_MULTIPLE)
    BigDecimal stopAtrMultiple();

    @WithDefault(RiskDefaults.REWARD_RISK_RATIO)
    BigDecimal rewardRiskRatio();

    /**
     * Share of the notional reserved for the entry's slippage and fee: the no-leverage cap is
     * {@code notional x (1 + cost-headroom) <= available equity}. Must be at least execution's
     * {@code (1 + slippage) x (1 + taker fee) - 1} (0.0015005 with its defaults); from 0 to below 1.
     */
    @WithDefault(RiskDefaults.COST_HEADROOM)
    BigDecimal costHeadroom();

    /**
     * Smallest notional (quantity x close, quote currency, e.g. USDT) of an entry, like the venue's
     * MIN_NOTIONAL filter; a smaller sized entry is denied. 0 or more (0 turns the check off).
     */
    @WithDefault(RiskDefaults.MIN_NOTIONAL)
    BigDecimal minNotional();

    /** Quantity step of every symbol without its own {@link #symbolQuantityStep()}. */
    @WithDefault(RiskDefaults.QUANTITY_STEP)
    BigDecimal quantityStep();

    /** Per-symbol quantity steps: {@code sextant.risk.symbol-quantity-step.ETHUSDT=0.001}. */
    Map<String, BigDecimal> symbolQuantityStep();

    /** DOWN or HALF_UP: how the risk budget's count of quantity steps is rounded (see README). */
    @WithDefault(RiskDefaults.QUANTITY_ROUNDING)
    String quantityRounding();

    /** Candles after which an approved but unfilled entry stops counting as an open position. */
    @WithDefault(RiskDefaults.PENDING_TIMEOUT_CANDLES)
    int pendingTimeoutCandles();

    /**
     * How long a halt caused by {@code max-daily-loss} lasts: {@code until-next-day} (lifts on the first
     * input of a later UTC day, by event time, back to the state before the halt) or {@code until-operator}
     * (only an operator start lifts it). Live-tunable like the other limits.
     */
    @WithDefault(RiskDefaults.DAILY_LOSS_HALT)
    String dailyLossHalt();

    /** Seconds after which a symbol's newest order book is stale at a decision (the book checks then deny). */
    @WithDefault(RiskDefaults.MAX_BOOK_AGE_SECONDS)
    int maxBookAgeSeconds();

    /** Walking the book for the entry must cost strictly less than this share of the mid. */
    @WithDefault(RiskDefaults.MAX_SLIPPAGE_RATIO)
    BigDecimal maxSlippageRatio();

    /** The band around the mid within which resting liquidity counts. */
    @WithDefault(RiskDefaults.LIQUIDITY_BAND_RATIO)
    BigDecimal liquidityBandRatio();

    /** How many times the entry's notional must rest within the band (0 turns the check off). */
    @WithDefault(RiskDefaults.MIN_LIQUIDITY_MULTIPLE)
    BigDecimal minLiquidityMultiple();

    /** Feature marks (close, ATR per candle) kept in memory for the join. */
    @WithDefault(RiskDefaults.FEATURE_CACHE_SIZE)
    int featureCacheSize();

    /** Predictions kept waiting for their features; beyond it the oldest is denied. */
    @WithDefault(RiskDefaults.MAX_WAITING_PREDICTIONS)
    int maxWaitingPredictions();

    /**
     * How inputs reach the engine: {@code kernel} (the default) sequences features, predictions and execution's
     * events in TradingKernel's order with execution's settlements (docs/architecture.md); {@code arrival}
     * applies each as it arrives (the behaviour before settlements existed; decisions may depend on timing).
     */
    @WithDefault("kernel")
    String sequencing();

    /**
     * In {@code kernel} sequencing: how long (processing time) a step may wait before it is decided without
     * guessing; ISO-8601 ({@code PT30S}) or Quarkus' short form ({@code 30s}).
     */
    @WithName("sequencer.step-timeout")
    @WithDefault("PT30S")
    Duration sequencerStepTimeout();

    /**
     * How many UTC days one input may move risk's market "today" (daily loss, halt lifts) at once; an input dated
     * further ahead is refused as forged or corrupt (dead-lettered with the reason). Raise it only to resume from a
     * longer gap in market time (docs/reliability.md).
     */
    @WithDefault("7")
    int maxDayJump();
}
