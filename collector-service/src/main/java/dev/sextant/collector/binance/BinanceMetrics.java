package dev.sextant.collector.binance;

import dev.sextant.collector.exchange.BudgetStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Binance source's meters: {@code sextant_collector_binance_requests_total{route,outcome}} (outcome: the HTTP
 * status, or {@code io}), {@code sextant_collector_binance_failures_total{kind}} (io, http_5xx, http_4xx, http_429,
 * http_418, malformed, malformed_kline, malformed_filters, pipeline), and, from the shared budget as last seen,
 * {@code sextant_collector_binance_budget_state} (0 OK, 1 THROTTLED, 2 BANNED),
 * {@code sextant_collector_binance_budget_until_seconds} (epoch seconds the throttle or ban ends, 0 when OK) and
 * {@code sextant_collector_binance_budget_used_weight}.
 */
@ApplicationScoped
public class BinanceMetrics {
    private final MeterRegistry registry;

    public BinanceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(BinanceRestClient.Route route, String outcome) {
        Counter.builder("sextant.collector.binance.requests").description("Requests sent to Binance's REST API")
                .tag("route", route.path()).tag("outcome", outcome).register(registry).increment();
    }

    void failure(String kind) {
        Counter.builder("sextant.collector.binance.failures").description("Failures of the Binance source, by kind")
                .tag("kind", kind).register(registry).increment();
    }

    void budgetGauges(BinanceSource source) {
        Gauge.builder("sextant.collector.binance.budget.state", source, s -> {
                    BudgetStatus b = s.lastBudgetStatus();
                    return b == null ? 0 : b.state().ordinal();
                }).description("Request-weight budget: 0 OK, 1 THROTTLED, 2 BANNED (HTTP 418)").register(registry);
        Gauge.builder("sextant.collector.binance.budget.until.seconds", source, s -> {
                    BudgetStatus b = s.lastBudgetStatus();
                    return b == null || b.until() == null ? 0 : b.until().getEpochSecond();
                }).description("When the throttle or ban ends (epoch seconds), 0 when OK").register(registry);
        Gauge.builder("sextant.collector.binance.budget.used.weight", source, s -> {
                    BudgetStatus b = s.lastBudgetStatus();
                    return b == null ? 0 : b.usedWeight();
                }).description("Request weight used in the current window (every instance of this IP)").register(registry);
    }
}
