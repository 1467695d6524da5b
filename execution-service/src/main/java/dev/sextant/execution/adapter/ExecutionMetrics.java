package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's meters (Prometheus names):
 * {@code sextant_execution_events_total{topic,outcome}}, {@code sextant_execution_decisions_total{result}},
 * {@code sextant_execution_orders{state}},
 * {@code sextant_execution_fills_total{purpose}}, {@code sextant_execution_realized_pnl},
 * {@code sextant_execution_equity}, {@code sextant_execution_cash}, {@code sextant_execution_open_positions},
 * {@code sextant_execution_fill_latency_seconds} (histogram), {@code sextant_execution_redis_failures_total},
 * {@code sextant_execution_drawdown_ratio}, {@code sextant_execution_realized_pnl_today},
 * {@code sextant_execution_trades_closed}, {@code sextant_execution_trades_won},
 * {@code sextant_pipeline_latency_seconds{stage}} (histogram: decision_to_order, candle_to_fill, decision_to_fill).
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
    private final Map<String, Timer> stages = new ConcurrentHashMap<>();
    private final AtomicReference<Double> peakEquity = new AtomicReference<>(0.0);
    private final AtomicReference<Double> drawdown = new AtomicReference<>(0.0);
    private final AtomicReference<Double> realizedToday = new AtomicReference<>(0.0);
    private final AtomicLong tradesClosed = new AtomicLong();
    private final AtomicLong tradesWon = new AtomicLong();
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
        Gauge.builder("sextant.execution.drawdown.ratio", drawdown, AtomicReference::get)
                .description("1 - equity / peak equity (peak: the starting capital or the highest equity booked since this process started)")
                .register(registry);
        Gauge.builder("sextant.execution.realized.pnl.today", realizedToday, AtomicReference::get)
                .description("Net realized P&L of the current UTC day (quote asset)").register(registry);
        Gauge.builder("sextant.execution.trades.closed", tradesClosed, AtomicLong::get)
                .description("Trades closed (round trips), all time").register(registry);
        Gauge.builder("sextant.execution.trades.won", tradesWon, AtomicLong::get)
                .description("Closed trades with a positive net P&L, all time").register(registry);
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

    /**
     * Fills published, with the time since their input arrived, and since their cause was made: the candle that filled
     * them ({@code candle_to_fill}: from the collector's publication) or a late decision ({@code decision_to_fill}).
     */
    public void filled(Iterable<FillExecuted> fills, long arrivedNanos, Event cause) {
        long elapsed = System.nanoTime() - arrivedNanos;
        for (FillExecuted fill : fills) {
            registry.counter("sextant.execution.fills", "purpose", fill.purpose().name()).increment();
            fillLatency.record(Duration.ofNanos(elapsed));
            if (cause instanceof CandleClosed) {
                stage("candle_to_fill", cause.tsInit());
            } else if (cause instanceof RiskDecisionMade) {
                stage("decision_to_fill", cause.tsInit());
            }
        }
    }

    /**
     * {@code sextant_pipeline_latency_seconds{stage}}: from {@code since} (an upstream event's tsInit, the wall-clock time
     * another service made it) to now. Stages here: decision_to_order, candle_to_fill, decision_to_fill.
     */
    public void stage(String stage, Instant since) {
        if (since == null) {
            return;
        }
        stages.computeIfAbsent(stage, s -> Timer.builder("sextant.pipeline.latency")
                        .description("From an upstream event's creation (tsInit) to this step, by pipeline stage")
                        .tag("stage", s).publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry))
                .record(max0(Duration.between(since, Instant.now())));
    }

    private static Duration max0(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    public void orders(Map<OrderStatus, Long> counts) {
        ordersByState.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
    }

    public void account(AccountSummary account) {
        realizedPnl.set(account.realizedPnl().doubleValue());
        double e = account.equity().doubleValue();
        equity.set(e);
        // The peak: the starting capital, or the highest equity this process has booked since it started.
        double peak = Math.max(peakEquity.updateAndGet(p -> Math.max(p, e)), account.capital().doubleValue());
        drawdown.set(peak > 0 ? Math.max(0, 1 - e / peak) : 0.0);
        realizedToday.set(account.realizedPnlToday().doubleValue());
        tradesClosed.set(account.tradesClosed());
        tradesWon.set(account.wins());
        cash.set(account.cash().doubleValue());
        openPositions.set(account.openPositions());
    }

    public void redisFailure() {
        redisFailures.increment();
    }
}
