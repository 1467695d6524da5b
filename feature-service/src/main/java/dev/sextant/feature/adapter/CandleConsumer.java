package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.feature.config.FeatureConfig;
import dev.sextant.feature.domain.Bar;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.FeaturesEvents;
import dev.sextant.feature.domain.SeriesKey;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.kit.consumer.RecordProcessor;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code candles} in batches under the platform's consumer policy ({@link ConsumerPolicy}). For each new
 * candle of a series it computes the feature vector in memory ({@link #apply}); the batch is then made durable in one
 * go ({@link #flush}): the candles are stored in {@code candle_window} in one transaction, every FeaturesComputed is
 * published and the broker's acknowledgements are awaited together, and the candles are marked published. Only then
 * are the offsets committed. A candle at or before the last processed open time of its series is dropped and counted.
 * A payload that is not a valid CandleClosed, or a candle the domain refuses, is dead-lettered to {@code candles.dlq}
 * with the reason; a bug parks the candle and holds its series; infrastructure failures are retried (the flush is
 * idempotent: stored candles are kept, republished features carry the same ids).
 */
@ApplicationScoped
public class CandleConsumer implements RecordProcessor<CandleClosed> {

    private static final Logger LOG = Logger.getLogger(CandleConsumer.class);

    private final FeatureState state;
    private final CandleWindowRepository repository;
    private final FeaturesPublisher publisher;
    private final FeatureMetrics metrics;
    private final FeatureConfig config;
    private final Clock clock;
    private final ConsumerPolicy policy;
    /** The batch's work, in order; written by {@link #flush}. */
    private final List<Pending> pending = new ArrayList<>();
    private final Set<SeriesKey> trim = new LinkedHashSet<>();
    /** Series whose engine this batch checked against the store ({@link SharedSeries}). */
    private final Set<SeriesKey> checked = new java.util.HashSet<>();
    @jakarta.inject.Inject
    SharedSeries shared;
    /** The microstructure features' supply/demand zones take every accepted candle (null in unit tests without it). */
    @jakarta.inject.Inject
    MicroState micro;

    private record Pending(CandleClosed candle, FeaturesComputed features, boolean warm) {}

    public CandleConsumer(FeatureState state, CandleWindowRepository repository, FeaturesPublisher publisher,
                          FeatureMetrics metrics, FeatureConfig config, Clock clock, ConsumerPolicy policy) {
        this.state = state;
        this.repository = repository;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.policy = policy;
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandles(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CANDLES, batch, this);
    }

    @Override
    public CandleClosed decode(InboundRecord record) {
        CandleClosed candle = EventCodec.decode(record.value(), CandleClosed.class);
        FeaturesEvents.bar(candle); // the domain's own checks (e.g. high below low): invalid input
        return candle;
    }

    @Override
    public void apply(CandleClosed candle, InboundRecord record) {
        Timer.Sample sample = Timer.start();
        SeriesKey key = FeaturesEvents.key(candle);
        Bar bar = FeaturesEvents.bar(candle);
        FeatureStreams streams = state.awaitStreams(config.rebuildWait());
        if (shared != null && checked.add(key)) {
            streams = shared.current(streams, key, pending.stream().map(Pending::candle).toList(), p -> pending.add(
                    new Pending(p.candle(), FeaturesEvents.featuresComputed(p.candle(), p.vector(), clock.instant()), p.vector().warm())));
        }
        if (streams.isStale(key, candle.openTime())) {
            metrics.duplicate();
            LOG.debugf("dropped candle %s of %s at %s: not after the last processed candle %s",
                    candle.eventId(), key, candle.openTime(), streams.lastOpenTime(key));
            return;
        }
        boolean trimNow = (streams.barCount(key) + 1) % CandleWindowRepository.TRIM_EVERY == 0;
        Timer.Sample engine = Timer.start();
        FeatureVector vector = streams.accept(key, bar).orElseThrow();
        engine.stop(metrics.engineTimer());
        if (micro != null) {
            micro.onCandle(candle, bar);
        }
        pending.add(new Pending(candle, FeaturesEvents.featuresComputed(candle, vector, clock.instant()), vector.warm()));
        if (trimNow) {
            trim.add(key);
        }
        sample.stop(metrics.candleTimer());
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            checked.clear();
            return;
        }
        repository.saveAll(pending.stream().map(Pending::candle).toList(), trim);
        awaitPublished();
        repository.markPublished(pending.stream().map(p -> p.candle().eventId()).toList());
        for (Pending p : pending) {
            metrics.processed(p.warm());
        }
        pending.clear();
        trim.clear();
        checked.clear();
    }

    private void awaitPublished() {
        List<CompletableFuture<Void>> acks = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            acks.add(publisher.publish(p.features()));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while publishing " + pending.size() + " feature vector(s)", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new InfrastructureException(pending.size() + " feature vector(s) not acknowledged by Kafka "
                    + "(they are republished): " + cause.getMessage(), e);
        }
    }
}
