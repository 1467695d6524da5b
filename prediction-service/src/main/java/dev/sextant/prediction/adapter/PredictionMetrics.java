package dev.sextant.prediction.adapter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The service's Micrometer meters (all named {@code sextant.prediction.*}). */
@ApplicationScoped
public class PredictionMetrics {
    private final MeterRegistry registry;
    private final Timer modelLatency;
    private final Counter published;
    private final Map<String, AtomicReference<Double>> accuracy = new ConcurrentHashMap<>();

    public PredictionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.modelLatency = Timer.builder("sextant.prediction.model.latency")
                .description("time to score one feature vector with the model")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        this.published = Counter.builder("sextant.prediction.predictions.published")
                .description("PredictionMade events published").register(registry);
    }

    public Timer modelLatency() {
        return modelLatency;
    }

    /** {@code count} PredictionMade events acknowledged by the broker. */
    public void published(int count) {
        published.increment(count);
    }

    /** A vector not meant for the model (not warm, other interval). */
    public void skipped(String reason) {
        registry.counter("sextant.prediction.features.skipped", "reason", reason).increment();
    }

    /** A vector the model refused (incompatible); it goes to the dead-letter topic. */
    public void refused(String reason) {
        registry.counter("sextant.prediction.features.refused", "reason", reason).increment();
    }

    /** A latest-prediction write that did not reach Redis now: failed, or skipped while Redis is down ({@code sextant_prediction_redis_write_failures_total}). */
    public void redisWriteFailed() {
        registry.counter("sextant.prediction.redis.write.failures").increment();
    }

    /** An outcome stored. */
    public void resolved(boolean correct) {
        registry.counter("sextant.prediction.outcomes.resolved", "correct", Boolean.toString(correct)).increment();
    }

    /** Sets the {@code sextant.prediction.accuracy{symbol}} gauge (correct / resolved). */
    public void accuracy(String symbol, double value) {
        accuracy.computeIfAbsent(symbol, s -> {
            AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
            Gauge.builder("sextant.prediction.accuracy", ref, r -> r.get())
                    .description("share of resolved predictions whose direction was right")
                    .tag("symbol", s)
                    .register(registry);
            return ref;
        }).set(value);
    }
}
