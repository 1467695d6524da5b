package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.prediction.domain.Outcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stores predictions and candle closes and resolves a prediction as soon as both it and the candle
 * after it are known, in either arrival order. Both paths take one lock, so a prediction and its
 * candle arriving at the same moment on the two consumers cannot miss each other.
 */
@ApplicationScoped
public class OutcomeTracker {
    private final PredictionRepository repository;
    private final PredictionMetrics metrics;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Symbols with outcomes resolved since the last {@link #refreshChangedGauges()}. */
    private final java.util.Set<String> changed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public OutcomeTracker(PredictionRepository repository, PredictionMetrics metrics, Clock clock) {
        this.repository = repository;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Stores the prediction (idempotent) and resolves it at once when its candle has already closed. */
    public boolean record(PredictionMade prediction, Instant targetOpenTime, boolean predictedUp, double referenceClose) {
        lock.lock();
        try {
            boolean inserted = repository.insert(prediction, targetOpenTime, predictedUp, referenceClose);
            String symbol = prediction.symbol().value();
            String interval = prediction.interval().code();
            Optional<BigDecimal> close = repository.candleClose(symbol, interval, targetOpenTime);
            if (close.isPresent()) {
                repository.pending(prediction.eventId().value())
                        .ifPresent(p -> resolve(symbol, p, close.get().doubleValue()));
            }
            return inserted;
        } finally {
            lock.unlock();
        }
    }

    /** Stores the candle's close and resolves every prediction waiting for it. */
    public void onCandle(CandleClosed candle) {
        lock.lock();
        try {
            String symbol = candle.symbol().value();
            String interval = candle.interval().code();
            repository.upsertCandleClose(symbol, interval, candle.openTime(), candle.close());
            double close = candle.close().doubleValue();
            for (PredictionRepository.Pending p : repository.pendingFor(symbol, interval, candle.openTime())) {
                resolve(symbol, p, close);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refreshes the accuracy gauge of the symbols with new outcomes (once per consumed batch, not per outcome). */
    public void refreshChangedGauges() {
        for (String symbol : List.copyOf(changed)) {
            metrics.accuracy(symbol, repository.accuracy(Optional.of(symbol)).accuracy());
            changed.remove(symbol);
        }
    }

    /** Refreshes the accuracy gauge of every symbol with outcomes (at start-up). */
    public void refreshGauges() {
        for (String symbol : repository.resolvedSymbols()) {
            metrics.accuracy(symbol, repository.accuracy(Optional.of(symbol)).accuracy());
        }
    }

    private void resolve(String symbol, PredictionRepository.Pending p, double actualClose) {
        Outcomes.Outcome outcome = Outcomes.resolve(p.predictedUp(), p.referenceClose(), actualClose);
        if (repository.resolve(p.eventId(), p.candleOpenTime(), actualClose, outcome, clock.instant())) {
            metrics.resolved(outcome.correct());
            changed.add(symbol);
        }
    }
}
