package dev.sextant.risk.config;

import dev.sextant.risk.domain.FeatureJoin;
import dev.sextant.risk.domain.RiskLimits;
import java.util.Map;
import java.util.TreeMap;

/** Turns {@link RiskConfig} into the domain's validated settings; messages name the key to fix. */
public final class RiskSettings {
    private RiskSettings() {}

    /** The configured limits; IllegalArgumentException with a sentence naming the key when one is invalid. */
    public static RiskLimits limits(RiskConfig config) {
        return RiskLimits.defaults().withOverrides(Map.ofEntries(
                Map.entry(RiskLimits.CONFIDENCE_THRESHOLD, config.confidenceThreshold().toPlainString()),
                Map.entry(RiskLimits.RISK_PER_TRADE, config.riskPerTrade().toPlainString()),
                Map.entry(RiskLimits.MAX_DAILY_LOSS, config.maxDailyLoss().toPlainString()),
                Map.entry(RiskLimits.MIN_ATR_RATIO, config.minAtrRatio().toPlainString()),
                Map.entry(RiskLimits.MAX_ATR_RATIO, config.maxAtrRatio().toPlainString()),
                Map.entry(RiskLimits.MAX_SPREAD_RATIO, config.maxSpreadRatio().toPlainString()),
                Map.entry(RiskLimits.STOP_ATR_MULTIPLE, config.stopAtrMultiple().toPlainString()),
                Map.entry(RiskLimits.REWARD_RISK_RATIO, config.rewardRiskRatio().toPlainString()),
                Map.entry(RiskLimits.COST_HEADROOM, config.costHeadroom().toPlainString()),
                Map.entry(RiskLimits.MIN_NOTIONAL, config.minNotional().toPlainString()),
                Map.entry(RiskLimits.QUANTITY_STEP, config.quantityStep().toPlainString()),
                Map.entry(RiskLimits.QUANTITY_ROUNDING, config.quantityRounding()),
                Map.entry(RiskLimits.PENDING_TIMEOUT_CANDLES, Integer.toString(config.pendingTimeoutCandles())),
                Map.entry(RiskLimits.DAILY_LOSS_HALT, config.dailyLossHalt()),
                Map.entry(RiskLimits.MAX_BOOK_AGE_SECONDS, Integer.toString(config.maxBookAgeSeconds())),
                Map.entry(RiskLimits.MAX_SLIPPAGE_RATIO, config.maxSlippageRatio().toPlainString()),
                Map.entry(RiskLimits.LIQUIDITY_BAND_RATIO, config.liquidityBandRatio().toPlainString()),
                Map.entry(RiskLimits.MIN_LIQUIDITY_MULTIPLE, config.minLiquidityMultiple().toPlainString())))
                .withOverrides(symbolSteps(config));
    }

    /** The join bounds; IllegalArgumentException naming the key when one is below 1. */
    public static FeatureJoin join(RiskConfig config) {
        if (config.featureCacheSize() < 1) {
            throw new IllegalArgumentException("sextant.risk.feature-cache-size must be at least 1, got " + config.featureCacheSize());
        }
        if (config.maxWaitingPredictions() < 1) {
            throw new IllegalArgumentException("sextant.risk.max-waiting-predictions must be at least 1, got "
                    + config.maxWaitingPredictions());
        }
        return new FeatureJoin(config.featureCacheSize(), config.maxWaitingPredictions());
    }

    private static Map<String, String> symbolSteps(RiskConfig config) {
        Map<String, String> steps = new TreeMap<>();
        config.symbolQuantityStep().forEach((symbol, step) ->
                steps.put(RiskLimits.SYMBOL_QUANTITY_STEP + "." + symbol, step.toPlainString()));
        return steps;
    }
}
