package dev.sextant.collector.adapter;

import dev.sextant.collector.binance.BinanceSource;
import dev.sextant.collector.exchange.BudgetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the market-data source is open and the database answers. The replay's source is open when its files
 * were found and it is not failing; the Binance source's when it is neither failing nor banned (a 418: the data then
 * say BANNED, until when and why).
 */
@Readiness
@ApplicationScoped
public class CollectorReadinessCheck implements HealthCheck {
    private final ReplayService replay;
    private final BinanceSource binance;
    private final CandleRepository repository;

    public CollectorReadinessCheck(ReplayService replay, BinanceSource binance, CandleRepository repository) {
        this.replay = replay;
        this.binance = binance;
        this.repository = repository;
    }

    @Override
    public HealthCheckResponse call() {
        boolean database = repository.ping();
        if (binance.enabled()) {
            boolean source = binance.sourceOpen();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("collector")
                    .status(source && database)
                    .withData("source", binance.status().source())
                    .withData("binanceState", binance.state().name())
                    .withData("databaseReachable", database);
            BudgetStatus budget = binance.budgetStatus();
            if (budget != null) {
                b.withData("binanceBudget", budget.state().name())
                        .withData("binanceBudgetReason", budget.reason());
                if (budget.until() != null) {
                    b.withData("binanceBudgetUntil", budget.until().toString());
                }
            }
            String error = binance.status().lastError();
            if (error != null) {
                b.withData("binanceLastError", error);
            }
            return b.build();
        }
        boolean source = replay.sourceOpen();
        return HealthCheckResponse.named("collector")
                .status(source && database)
                .withData("replaySourceOpen", source)
                .withData("replayState", replay.state().name())
                .withData("databaseReachable", database)
                .build();
    }
}
