package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.prediction.adapter.PredictionRepository.CandleClose;
import dev.sextant.prediction.adapter.PredictionRepository.NewPrediction;
import dev.sextant.prediction.adapter.PredictionRepository.Resolution;
import dev.sextant.prediction.adapter.PredictionRepository.Resolvable;
import dev.sextant.prediction.adapter.PredictionRepository.Resolved;
import dev.sextant.prediction.adapter.PredictionRepository.ResolvedBatch;
import dev.sextant.prediction.domain.Outcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Stores predictions and candle closes and resolves a prediction as soon as both it and the candle after it are
 * known, in either arrival order. Each consumed batch is one transaction ({@link #recordAll}, {@link #onCandles}):
 * its rows are written in one go, the predictions it makes resolvable are found with one query and resolved with one
 * statement. Both paths hold one lock until their commit, so a prediction and its candle arriving at the same moment
 * on the two consumers cannot miss each other.
 *
 * <p>The accuracy gauges ({@code sextant.prediction.accuracy{symbol}} = correct / resolved, as
 * {@link PredictionRepository#accuracy} counts them) come from running counts per symbol: read from the database once
 * (at start-up, or before the first batch), then incremented by the outcomes each committed transaction stored. A
 * batch's cost therefore does not grow with the history. Both are exact when a batch is retried: only the rows a
 * statement actually changed are counted, after the commit; when the commit itself fails (it may have happened
 * anyway), the transaction's id is kept and the next batch asks the database ({@code txid_status}) whether to count
 * its outcomes. The counts are this process's: they assume one prediction-service writes the schema.
 */
@ApplicationScoped
public class OutcomeTracker {
    private static final Logger LOG = Logger.getLogger(OutcomeTracker.class);

    private final PredictionRepository repository;
    private final PredictionMetrics metrics;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** resolved and correct outcomes per symbol; null until loaded. Guarded by {@link #lock}. */
    private Map<String, long[]> counts;
    /** Outcomes of a transaction whose commit failed: counted once the database says it committed. */
    private ResolvedBatch uncertain;

    public OutcomeTracker(PredictionRepository repository, PredictionMetrics metrics, Clock clock) {
        this.repository = repository;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Stores the predictions (idempotent) and resolves, in the same transaction, those whose target candle's close is
     * already stored.
     */
    public void recordAll(List<NewPrediction> predictions) {
        if (predictions.isEmpty()) {
            return;
        }
        inTransaction(tx -> {
            tx.insertPredictions(predictions);
            return tx.resolvableAmong(predictions);
        });
    }

    /** The close a candle contributes (checked and converted record by record, before its batch is flushed). */
    public CandleClose closeOf(CandleClosed candle) {
        return new CandleClose(candle.symbol().value(), candle.interval().code(), candle.openTime(), candle.close());
    }

    /** Stores the closes (idempotent) and resolves, in the same transaction, every prediction waiting for one of them. */
    public void onCandles(List<CandleClose> closes) {
        if (closes.isEmpty()) {
            return;
        }
        inTransaction(tx -> {
            tx.upsertCloses(closes);
            return tx.resolvableBy(closes);
        });
    }

    /** Reads the counts per symbol from the database and publishes their gauges (at start-up). */
    public void loadGauges() {
        lock.lock();
        try {
            load();
        } finally {
            lock.unlock();
        }
    }

    private void inTransaction(Function<PredictionRepository.Transaction, List<Resolvable>> work) {
        lock.lock();
        try {
            if (counts == null) {
                load();
            }
            settleUncertain();
            try (PredictionRepository.Transaction tx = repository.begin()) {
                List<Resolvable> open = work.apply(tx);
                ResolvedBatch resolved = open.isEmpty() ? ResolvedBatch.NONE : tx.resolve(outcomes(open), clock.instant());
                try {
                    tx.commit();
                } catch (RuntimeException e) {
                    if (!resolved.rows().isEmpty()) {
                        uncertain = resolved; // it may have committed: settled before the next transaction
                    }
                    throw e;
                }
                count(resolved.rows());
            }
        } finally {
            lock.unlock();
        }
    }

    private static List<Resolution> outcomes(List<Resolvable> open) {
        List<Resolution> out = new ArrayList<>(open.size());
        for (Resolvable p : open) {
            double actualClose = p.targetClose().doubleValue();
            out.add(new Resolution(p.eventId(), p.candleOpenTime(), actualClose,
                    Outcomes.resolve(p.predictedUp(), p.referenceClose(), actualClose)));
        }
        return out;
    }

    /** Counts the outcomes of a transaction whose commit failed, if the database says it committed after all. */
    private void settleUncertain() {
        if (uncertain == null) {
            return;
        }
        Optional<String> status = repository.transactionStatus(uncertain.transactionId());
        switch (status.orElse("unknown")) {
            case "committed" -> {
                LOG.infof("the transaction %d whose commit failed was committed: its %d outcome(s) are counted",
                        uncertain.transactionId(), uncertain.rows().size());
                count(uncertain.rows());
            }
            case "aborted" -> LOG.debugf("the transaction %d whose commit failed was rolled back", uncertain.transactionId());
            case "in progress" -> throw new InfrastructureException("the transaction " + uncertain.transactionId()
                    + " whose commit failed is still in progress");
            default -> {
                // the database no longer knows: take the counts of its symbols from the table (the counter misses them)
                Set<String> symbols = new LinkedHashSet<>();
                uncertain.rows().forEach(r -> symbols.add(r.symbol()));
                LOG.warnf("the outcome of transaction %d is unknown: the accuracy of %s is read again", uncertain.transactionId(),
                        symbols);
                for (String symbol : symbols) {
                    Outcomes.Accuracy a = repository.accuracy(Optional.of(symbol));
                    set(symbol, a.resolved(), a.correct());
                }
            }
        }
        uncertain = null;
    }

    private void load() {
        Map<String, long[]> loaded = new HashMap<>();
        repository.accuracyBySymbol().forEach((symbol, a) -> loaded.put(symbol, new long[] {a.resolved(), a.correct()}));
        counts = loaded;
        counts.forEach((symbol, c) -> metrics.accuracy(symbol, accuracy(c)));
    }

    private void count(List<Resolved> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Set<String> changed = new LinkedHashSet<>();
        for (Resolved r : rows) {
            metrics.resolved(r.correct());
            long[] c = counts.computeIfAbsent(r.symbol(), s -> new long[2]);
            c[0]++;
            if (r.correct()) {
                c[1]++;
            }
            changed.add(r.symbol());
        }
        changed.forEach(symbol -> metrics.accuracy(symbol, accuracy(counts.get(symbol))));
    }

    private void set(String symbol, long resolved, long correct) {
        long[] c = {resolved, correct};
        counts.put(symbol, c);
        metrics.accuracy(symbol, accuracy(c));
    }

    /** Same value as {@link Outcomes.Accuracy#accuracy()} of the same counts. */
    private static double accuracy(long[] c) {
        return new Outcomes.Accuracy(c[0], c[0], c[1]).accuracy();
    }
}
