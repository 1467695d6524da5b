package dev.sextant.feature.micro;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of the microstructure feature set {@value MicroFeatureSet#VERSION}. Vectors are
 * comparable only between aggregates of the same parameters.
 *
 * @param imbalanceLevels N of the order-book imbalance, &gt;= 1 (default 10)
 * @param wallMultiple k of the wall rule, &gt; 0 (default 5)
 * @param wallBaseline what a wall is compared with (default the side's median level quantity)
 * @param liquidityBandPercent x of the liquidity band, in percent of mid, &gt; 0 (default 0.5)
 * @param slippageNotional quote notional of the slippage features, &gt; 0 (default 10,000)
 * @param tradeWindow window of the trade-flow features (default 1 minute)
 * @param profileWindow window of the volume profile (default 1 hour)
 * @param profileTick bucket width of the volume profile in quote currency (no default: it depends
 *     on the symbol's price; e.g. 10 for BTCUSDT)
 * @param valueArea value-area fraction, in (0, 1] (default 0.70)
 * @param hvnMultiple HVN threshold, multiple of the mean row volume (default 1.5)
 * @param lvnMultiple LVN threshold, multiple of the mean row volume (default 0.5)
 * @param zones supply/demand zone parameters (default {@link SupplyDemandZones.Config#defaults()})
 * @param maxBookAge the book is stale when the event time is more than this after its snapshot
 *     (default 5 seconds); zero or more
 */
public record MicroConfig(int imbalanceLevels, double wallMultiple, WallDetector.Baseline wallBaseline,
        double liquidityBandPercent, double slippageNotional, Duration tradeWindow, Duration profileWindow,
        double profileTick, double valueArea, double hvnMultiple, double lvnMultiple, SupplyDemandZones.Config zones,
        Duration maxBookAge) {

    /** Default staleness limit of the book: 5 seconds. */
    public static final Duration DEFAULT_MAX_BOOK_AGE = Duration.ofSeconds(5);
    /** Default slippage notional: 10,000 (quote currency). */
    public static final double DEFAULT_SLIPPAGE_NOTIONAL = 10_000;

    public MicroConfig {
        if (imbalanceLevels < 1) {
            throw new IllegalArgumentException("imbalance levels must be >= 1, got " + imbalanceLevels);
        }
        new WallDetector(wallMultiple, wallBaseline); // validates
        new LiquidityBand(liquidityBandPercent);
        if (!Double.isFinite(slippageNotional) || slippageNotional <= 0) {
            throw new IllegalArgumentException("slippage notional must be finite and > 0, got " + slippageNotional);
        }
        EventTime.positive(tradeWindow, "trade window");
        new VolumeProfile(profileWindow, profileTick, valueArea, hvnMultiple, lvnMultiple); // validates
        Objects.requireNonNull(zones, "zone config");
        if (maxBookAge == null || maxBookAge.isNegative()) {
            throw new IllegalArgumentException("max book age must be zero or more, got " + maxBookAge);
        }
    }

    /** The defaults with the given volume-profile tick. */
    public static MicroConfig defaults(double profileTick) {
        return new MicroConfig(Imbalance.DEFAULT_LEVELS, WallDetector.DEFAULT_MULTIPLE, WallDetector.Baseline.MEDIAN,
                LiquidityBand.DEFAULT_PERCENT, DEFAULT_SLIPPAGE_NOTIONAL, TradeFlow.DEFAULT_WINDOW,
                VolumeProfile.DEFAULT_WINDOW, profileTick, VolumeProfile.DEFAULT_VALUE_AREA,
                VolumeProfile.DEFAULT_HVN_MULTIPLE, VolumeProfile.DEFAULT_LVN_MULTIPLE,
                SupplyDemandZones.Config.defaults(), DEFAULT_MAX_BOOK_AGE);
    }

    /** A copy with another staleness limit. */
    public MicroConfig withMaxBookAge(Duration age) {
        return new MicroConfig(imbalanceLevels, wallMultiple, wallBaseline, liquidityBandPercent, slippageNotional,
                tradeWindow, profileWindow, profileTick, valueArea, hvnMultiple, lvnMultiple, zones, age);
    }

    /** A copy with other trade-flow and volume-profile windows. */
    public MicroConfig withWindows(Duration trades, Duration profile) {
        return new MicroConfig(imbalanceLevels, wallMultiple, wallBaseline, liquidityBandPercent, slippageNotional,
                trades, profile, profileTick, valueArea, hvnMultiple, lvnMultiple, zones, maxBookAge);
    }

    /** A copy with another slippage notional. */
    public MicroConfig withSlippageNotional(double notional) {
        return new MicroConfig(imbalanceLevels, wallMultiple, wallBaseline, liquidityBandPercent, notional,
                tradeWindow, profileWindow, profileTick, valueArea, hvnMultiple, lvnMultiple, zones, maxBookAge);
    }
}
