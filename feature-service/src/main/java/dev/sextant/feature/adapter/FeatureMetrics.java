package dev.sextant.feature.adapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's Micrometer meters (Prometheus at {@code /q/metrics}):
 * <ul>
 *   <li>{@code sextant_feature_candles_total{outcome=processed|duplicate}}: candles consumed (dead-lettered and
 *       parked ones are counted by the consumer policy: {@code sextant_consumer_records_total});</li>
 *   <li>{@code sextant_feature_vectors_total{warm=true|false}}: FeaturesComputed published;</li>
 *   <li>{@code sextant_feature_candle_seconds}: candle handling time (decode, store, compute, publish), histogram;</li>
 *   <li>{@code sextant_feature_engine_update_seconds}: engine update time, histogram;</li>
 *   <li>{@code sextant_feature_rebuild_candles}: candles replayed by the last start-up rebuild.</li>
 * </ul>
 */
@ApplicationScoped
public class FeatureMetrics {

    private final Counter processed;
    private final Counter duplicates;
    private final Counter warm;
    private final Counter cold;
    private final Timer candleTimer;
    private final Timer engineTimer;
    private final AtomicLong rebuildCandles = new AtomicLong();

    public FeatureMetrics(MeterRegistry registry) {
        processed = Counter.builder("sextant.feature.candles").tag("outcome", "processed")
                .description("candles consumed, by outcome").register(registry);
        duplicates = Counter.builder("sextant.feature.candles").tag("outcome", "duplicate")
                .description("candles consumed, by outcome").register(registry);
        warm = Counter.builder("sextant.feature.vectors").tag("warm", "true")
                .description("feature vectors published").register(registry);
        cold = Counter.builder("sextant.feature.vectors").tag("warm", "false")
                .description("feature vectors published").register(registry);
        candleTimer = Timer.builder("sextant.feature.candle").description("time to handle one candle")
                .publishPercentileHistogram().register(registry);
        engineTimer = Timer.builder("sextant.feature.engine.update").description("time of one feature engine update")
                .publishPercentileHistogram().register(registry);
        registry.gauge("sextant.feature.rebuild.candles", rebuildCandles);
    }

    void processed(boolean isWarm) {
        processed.increment();
        (isWarm ? warm : cold).increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void rebuilt(long candles) {
        rebuildCandles.set(candles);
    }

    Timer candleTimer() {
        return candleTimer;
    }

    Timer engineTimer() {
        return engineTimer;
    }

    /** Candles dropped as duplicates (already processed) since start. */
    public double duplicates() {
        return duplicates.count();
    }

    /** Candles processed (features published) since start. */
    public double processed() {
        return processed.count();
    }

    /** Candles sent to {@code candles.dlq} since start. */
}
