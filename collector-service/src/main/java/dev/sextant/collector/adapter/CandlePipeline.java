package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.Gap;
import dev.sextant.collector.domain.ReplayOutcome;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Symbol;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The one candle path every source uses (the replay of the bundled files and the Binance REST source): the outcomes of
 * a {@link dev.sextant.collector.domain.ReplayEngine} (validated, gap-checked, normalised) are published (candles to
 * {@code candles}, rejected rows to {@code candles.dlq}), the broker's acknowledgements awaited, the newest candle per
 * symbol written to Redis, then the candles and gaps stored in one transaction. A candle is stored only after the
 * broker has it, and a source resumes after the last stored candle: a crash loses nothing and may publish the last
 * batch again with the same event ids. Throws when the broker or the database fails (the caller retries from the
 * store).
 */
@ApplicationScoped
public class CandlePipeline {
    private static final Logger LOG = Logger.getLogger(CandlePipeline.class);

    private final CandleRepository repository;
    private final CandlePublisher publisher;
    private final LatestCandleStore latest;
    private final CollectorMetrics metrics;

    public CandlePipeline(CandleRepository repository, CandlePublisher publisher, LatestCandleStore latest,
                          CollectorMetrics metrics) {
        this.repository = repository;
        this.publisher = publisher;
        this.latest = latest;
        this.metrics = metrics;
    }

    /** What one batch delivered. */
    public record Delivery(List<ReplayOutcome.Accepted> accepted, List<ReplayOutcome.Rejected> rejected, List<Gap> gaps) {}

    /** Publishes, caches and stores one batch; logs and counts its rejections and gaps. */
    public Delivery deliver(String exchange, List<ReplayOutcome> batch, Duration ackTimeout) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        List<ReplayOutcome.Accepted> accepted = new ArrayList<>();
        List<ReplayOutcome.Rejected> rejected = new ArrayList<>();
        for (ReplayOutcome outcome : batch) {
            switch (outcome) {
                case ReplayOutcome.Accepted a -> {
                    accepted.add(a);
                    long sentAt = System.nanoTime();
                    acks.add(publisher.publish(a.candle())
                            .thenRun(() -> metrics.publishLatency(Duration.ofNanos(System.nanoTime() - sentAt))));
                }
                case ReplayOutcome.Rejected r -> {
                    rejected.add(r);
                    acks.add(publisher.deadLetter(r.rejection()));
                }
            }
        }
        awaitAcks(acks, ackTimeout);

        // Redis before the store: after a crash in between, the resumed source writes it again. Never throws, bounded.
        Map<Symbol, CandleClosed> newest = new LinkedHashMap<>();
        for (ReplayOutcome.Accepted a : accepted) {
            newest.put(a.candle().symbol(), a.candle());
        }
        newest.values().forEach(latest::write);
        List<Gap> gaps = accepted.stream().flatMap(a -> a.gap().stream()).toList();
        repository.store(exchange, accepted, gaps);

        for (ReplayOutcome.Accepted a : accepted) {
            metrics.published(a.candle().symbol());
            metrics.price(a.candle().symbol(), a.candle().close());
        }
        for (ReplayOutcome.Rejected r : rejected) {
            LOG.warnf("rejected %s row, sent to %s: %s | %s", r.rejection().symbol(), publisher.dlqTopic(),
                    r.rejection().message(), r.rejection().raw());
            metrics.invalid(r.rejection().symbol(), r.rejection().reason());
        }
        for (Gap gap : gaps) {
            LOG.warnf("gap in %s %s: %d candle(s) missing, open times %s .. %s", gap.symbol(), gap.interval().code(),
                    gap.missing(), gap.from(), gap.to());
            metrics.gap(gap);
        }
        return new Delivery(accepted, rejected, gaps);
    }

    private static void awaitAcks(List<CompletableFuture<Void>> acks, Duration ackTimeout) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker rejected a candle: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge " + acks.size() + " messages within "
                    + ackTimeout, e);
        }
    }
}
