package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's meters (Prometheus names):
 * {@code sextant_execution_events_total{topic,outcome}}, {@code sextant_execution_decisions_total{result}},
 * {@code sextant_execution_orders{state}},
 * {@code sextant_execution_fills_total{purpose}}, {@code sextant_execution_realized_pnl},
 * {@code sextant_execution_equity}, {@code sextant_execution_cash}, {@code sextant_execution_open_positions},
 * {@code sextant_execution_fill_latency_seconds} (histogram), {@code sextant_execution_redis_failures_total}.
 */
@ApplicationScoped
public class ExecutionMetrics {
    private final MeterRegistry registry;
    private final Map<OrderStatus, AtomicLong> ordersByState = new EnumMap<>(OrderStatus.class);
    private final AtomicReference<Double> realizedPnl = new AtomicReference<>(0.0);
    private final AtomicReference<Double> equity = new AtomicReference<>(0.0);
    private final AtomicReference<Double> cash = new AtomicReference<>(0.0);
    private final AtomicLong openPositions = new AtomicLong();
    private final Timer fillLatency;
    private final Counter redisFailures;

    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (OrderStatus status : OrderStatus.values()) {
            AtomicLong count = new AtomicLong();
            ordersByState.put(status, count);
            Gauge.builder("sextant.execution.orders", count, AtomicLong::get)
                    .description("Orders by current state").tag("state", status.name()).register(registry);
        }
        Gauge.builder("sextant.execution.realized.pnl", realizedPnl, AtomicReference::get)
                .description("Net realized P&L of all closed trades (quote asset)").register(registry);
        Gauge.builder("sextant.execution.equity", equity, AtomicReference::get)
                .description("Cash plus open positions at their last close (quote asset)").register(registry);
        Gauge.builder("sextant.execution.cash", cash, AtomicReference::get)
                .description("Cash (quote asset)").register(registry);
        Gauge.builder("sextant.execution.open.positions", openPositions, AtomicLong::get)
                .description("Open positions").register(registry);
        fillLatency = Timer.builder("sextant.execution.fill.latency")
                .description("From the arrival of the candle (or late decision) that filled an order to the fill published")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        redisFailures = Counter.builder("sextant.execution.redis.failures")
                .description("Latest-state writes that did not reach Redis now (failed, or skipped while Redis is down; replayed when it answers)").register(registry);
    }

    /** An input handled, by topic and outcome (applied / duplicate / ignored). */
    public void consumed(String topic, Effects.Outcome outcome) {
        registry.counter("sextant.execution.events", "topic", topic, "outcome", outcome.name().toLowerCase()).increment();
    }

    /** A risk decision: approved, denied, or duplicate. */
    public void decision(String result) {
        registry.counter("sextant.execution.decisions", "result", result).increment();
    }

    /** Fills published, with the time since their input arrived. */
    public void filled(Iterable<FillExecuted> fills, long arrivedNanos) {
        long elapsed = System.nanoTime() - arrivedNanos;
        for (FillExecuted fill : fills) {
            registry.counter("sextant.execution.fills", "purpose", fill.purpose().name()).increment();
            fillLatency.record(Duration.ofNanos(elapsed));
        }
    }

    public void orders(Map<OrderStatus, Long> counts) {
        ordersByState.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
    }

    public void account(AccountSummary account) {
        realizedPnl.set(account.realizedPnl().doubleValue());
        equity.set(account.equity().doubleValue());
        cash.set(account.cash().doubleValue());
        openPositions.set(account.openPositions());
    }

    public void redisFailure() {
        redisFailures.increment();
    }
}
