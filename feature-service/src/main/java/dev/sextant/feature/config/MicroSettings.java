package dev.sextant.feature.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the microstructure features ms-v1 ({@code sextant.feature.micro.*}), kept per symbol from the
 * {@code orderbook} and {@code market-trades} topics (and the candles, for the supply/demand zones).
 */
@ConfigMapping(prefix = "sextant.feature.micro")
public interface MicroSettings {

    /** A book older than this at a vector's event time is stale: its book features are missing (NaN, null in JSON). */
    @WithDefault("PT5S")
    Duration maxBookAge();

    /** Window of the trade-flow features (buy ratio, CVD divergence, trade rate). */
    @WithDefault("PT1M")
    Duration tradeWindow();

    /** Window of the volume profile. */
    @WithDefault("PT1H")
    Duration profileWindow();

    /** Quote notional of the slippage features (walking the book for this much). */
    @WithDefault("10000")
    double slippageNotional();

    /**
     * Bucket width of a symbol's volume profile in quote currency ({@code profile-tick.BTCUSDT=10}); a symbol without
     * one gets the power of ten nearest below 5 bps of its first price (10 for BTC at 40,000, 1 for ETH at 3,000).
     */
    Map<String, Double> profileTick();

    /** The width of every symbol without its own {@link #profileTick()} (instead of the 5 bps rule). */
    Optional<Double> defaultProfileTick();

    /**
     * A book or trade dated more than this after the service's clock is refused (dead-lettered with the reason): a
     * forged far-future time would otherwise move the trade windows past every real trade for good.
     */
    @WithDefault("PT1M")
    Duration maxClockLead();
}
