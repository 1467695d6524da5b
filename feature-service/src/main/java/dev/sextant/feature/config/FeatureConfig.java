package dev.sextant.feature.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of feature-service ({@code sextant.feature.*}). */
@ConfigMapping(prefix = "sextant.feature")
public interface FeatureConfig {

    /**
     * Candles kept per (symbol, interval) in {@code candle_window} and replayed on start-up. At
     * least {@link dev.sextant.feature.domain.FeatureEngine#WARM_UP_BARS}; with 500 the recursive
     * indicators' memory of their seed has decayed below 1e-15, so the rebuilt state equals an
     * uninterrupted engine's to double precision.
     */
    @WithDefault("500")
    int windowSize();

    /** How long an arriving candle waits for the start-up rebuild before it is rejected. */
    @WithDefault("PT5M")
    Duration rebuildWait();

    /** How long the service waits for Kafka to acknowledge a FeaturesComputed. */
    @WithDefault("PT30S")
    Duration publishTimeout();
}
