package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.Gap;
import dev.sextant.collector.domain.InvalidReason;
import dev.sextant.contracts.id.Symbol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The collector's meters (Prometheus names): {@code sextant_collector_candles_published_total{symbol}},
 * {@code sextant_collector_candles_invalid_total{reason,symbol}}, {@code sextant_collector_gaps_total{symbol}},
 * {@code sextant_collector_gap_missing_candles_total{symbol}}, {@code sextant_collector_publish_latency_seconds}
 * (histogram, send to broker acknowledgement) and {@code sextant_collector_replay_position_seconds{symbol}}
 * (open time of the last replayed candle, epoch seconds) and {@code sextant_collector_replay_waiting} (1 while a replay
 * at full speed waits for risk-service's decisions, flow control) and {@code sextant_market_price{symbol}} (the close of
 * the last candle published).
 */
@ApplicationScoped
public class CollectorMetrics {
    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final Map<Symbol, AtomicLong> positions = new ConcurrentHashMap<>();
    private final AtomicLong waiting = new AtomicLong();
    private final Map<Symbol, AtomicReference<Double>> prices = new ConcurrentHashMap<>();

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder("sextant.collector.publish.latency")
                .description("Time from sending a candle to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("sextant.collector.replay.waiting", waiting, AtomicLong::get)
                .description("1 while a replay at pace max waits for risk-service's decisions (flow control)")
                .register(registry);
    }

    public void waiting(boolean waitingNow) {
        waiting.set(waitingNow ? 1 : 0);
    }

    public void published(Symbol symbol) {
        Counter.builder("sextant.collector.candles.published").description("Candles published to the candles topic")
                .tag("symbol", symbol.value()).register(registry).increment();
    }

    public void invalid(Symbol symbol, InvalidReason reason) {
        Counter.builder("sextant.collector.candles.invalid").description("Rows rejected and sent to candles.dlq")
                .tag("reason", reason.code()).tag("symbol", symbol.value()).register(registry).increment();
    }

    public void gap(Gap gap) {
        Counter.builder("sextant.collector.gaps").description("Gaps (missing candles) detected")
                .tag("symbol", gap.symbol().value()).register(registry).increment();
        Counter.builder("sextant.collector.gap.missing.candles").description("Candles missing in detected gaps")
                .tag("symbol", gap.symbol().value()).register(registry).increment(gap.missing());
    }

    public void publishLatency(Duration latency) {
        publishLatency.record(latency);
    }

    /** {@code sextant_market_price{symbol}}: the close of the last candle published (quote asset). */
    public void price(Symbol symbol, BigDecimal close) {
        prices.computeIfAbsent(symbol, s -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("sextant.market.price", value, AtomicReference::get)
                    .description("Close of the last candle the collector published (quote asset)")
                    .tag("symbol", s.value()).register(registry);
            return value;
        }).set(close.doubleValue());
    }

    public void position(Symbol symbol, Instant openTime) {
        positions.computeIfAbsent(symbol, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("sextant.collector.replay.position.seconds", value, AtomicLong::get)
                    .description("Open time of the last replayed candle (epoch seconds)")
                    .tag("symbol", s.value()).register(registry);
            return value;
        }).set(openTime.getEpochSecond());
    }
}
