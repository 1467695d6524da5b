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
import dev.sextant.kit.InfrastructureRetry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code candles}: for each new candle of a series it stores the candle in
 * {@code candle_window}, computes its feature vector and publishes FeaturesComputed (warm or not),
 * waiting for Kafka's acknowledgement before the offset is committed. A candle at or before the
 * last processed open time of its series is dropped and counted. Only invalid input (a payload that
 * is not a valid CandleClosed, or a candle the domain rejects, e.g. high below low) makes the method
 * throw, so SmallRye sends it to {@code candles.dlq} with the reason in the {@code dead-letter-reason}
 * header. An infrastructure failure (the candle_window write, the Kafka publish, the state rebuild)
 * is retried with back-off by {@link InfrastructureRetry}; during shutdown the record is held
 * uncommitted, never dead-lettered, and redelivered after the restart.
 */
@ApplicationScoped
public class CandleConsumer {

    private static final Logger LOG = Logger.getLogger(CandleConsumer.class);

    private final FeatureState state;
    private final CandleWindowRepository repository;
    private final FeaturesPublisher publisher;
    private final FeatureMetrics metrics;
    private final FeatureConfig config;
    private final Clock clock;
    private volatile boolean running = true;
    private final InfrastructureRetry retry = InfrastructureRetry.standard(() -> running);

    public CandleConsumer(FeatureState state, CandleWindowRepository repository, FeaturesPublisher publisher,
            FeatureMetrics metrics, FeatureConfig config, Clock clock) {
        this.state = state;
        this.repository = repository;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public void onCandle(String payload) {
        Timer.Sample sample = Timer.start();
        try {
            handle(payload);
        } catch (RuntimeException e) {
            metrics.deadLettered();
            LOG.warnf("candle rejected to %s: %s", Topics.dlq(Topics.CANDLES), e.getMessage());
            throw e;
        } finally {
            sample.stop(metrics.candleTimer());
        }
    }

    private void handle(String payload) {
        // invalid input: thrown from here, dead-lettered
        CandleClosed candle = EventCodec.decode(payload, CandleClosed.class);
        Bar bar = FeaturesEvents.bar(candle);
        SeriesKey key = FeaturesEvents.key(candle);
        // infrastructure steps: each retried on its own, so a retry never repeats a step that succeeded
        FeatureStreams streams = retry.call("wait for the feature state rebuild",
                () -> state.awaitStreams(config.rebuildWait()));
        if (streams.isStale(key, candle.openTime())) {
            metrics.duplicate();
            LOG.debugf("dropped candle %s of %s at %s: not after the last processed candle %s",
                    candle.eventId(), key, candle.openTime(), streams.lastOpenTime(key));
            return;
        }
        boolean trim = (streams.barCount(key) + 1) % CandleWindowRepository.TRIM_EVERY == 0;
        retry.run("store candle " + candle.eventId() + " in candle_window", () -> repository.save(candle, trim));
        Timer.Sample engine = Timer.start();
        FeatureVector vector = streams.accept(key, bar).orElseThrow();
        engine.stop(metrics.engineTimer());
        FeaturesComputed event = FeaturesEvents.featuresComputed(candle, vector, clock.instant());
        retry.run("publish features " + event.eventId(), () -> awaitPublished(event));
        retry.run("mark candle " + candle.eventId() + " published", () -> repository.markPublished(candle.eventId()));
        metrics.processed(vector.warm());
    }

    private void awaitPublished(FeaturesComputed event) {
        try {
            publisher.publish(event).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing features " + event.eventId(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("features " + event.eventId() + " of candle " + event.causationId()
                    + " not acknowledged by Kafka (they are republished on the next start): " + cause.getMessage(), e);
        }
    }
}
