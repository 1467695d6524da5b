package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.feature.config.FeatureConfig;
import dev.sextant.feature.domain.FeatureEngine;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.FeaturesEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Rebuilds the feature engines after a (re)start: replays the stored {@code candle_window} through
 * fresh engines without publishing, then publishes the features of any stored candle whose
 * publication was not acknowledged before the stop (a crash between store and publish), then makes
 * the engines live. Runs on its own thread so the service answers health checks meanwhile
 * (readiness DOWN); failures are retried every {@value #RETRY_SECONDS} s.
 */
@ApplicationScoped
public class StateRebuilder {

    private static final Logger LOG = Logger.getLogger(StateRebuilder.class);
    static final int RETRY_SECONDS = 5;

    /** The result of a replay: the engines and the features still to publish, oldest first. */
    public record Rebuilt(FeatureStreams streams, long replayed, List<Pending> pending) {
    }

    /** A stored candle whose features were never acknowledged. */
    public record Pending(CandleClosed candle, FeatureVector vector) {
    }

    private final CandleWindowRepository repository;
    private final FeaturesPublisher publisher;
    private final FeatureState state;
    private final FeatureMetrics metrics;
    private final Clock clock;
    private final FeatureConfig config;
    private volatile Thread worker;

    public StateRebuilder(CandleWindowRepository repository, FeaturesPublisher publisher, FeatureState state,
            FeatureMetrics metrics, Clock clock, FeatureConfig config) {
        this.repository = repository;
        this.publisher = publisher;
        this.state = state;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.windowSize() < FeatureEngine.WARM_UP_BARS) {
            throw new IllegalStateException("sextant.feature.window-size is " + config.windowSize()
                    + " but must be at least " + FeatureEngine.WARM_UP_BARS
                    + " (the engine's warm-up); set it to 500 or more so a restart rebuilds exact feature values");
        }
        worker = Thread.ofPlatform().name("feature-state-rebuild").daemon().start(this::rebuildUntilDone);
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void rebuildUntilDone() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Rebuilt rebuilt = rebuild();
                publishPending(rebuilt.pending());
                metrics.rebuilt(rebuilt.replayed());
                state.install(rebuilt.streams());
                LOG.infof("feature state rebuilt: %d stored candles replayed into %d series, %d unpublished feature vectors published",
                        rebuilt.replayed(), rebuilt.streams().seriesCount(), rebuilt.pending().size());
                return;
            } catch (RuntimeException e) {
                state.rebuildFailed(e.getMessage());
                LOG.errorf(e, "feature state rebuild failed, retrying in %d s: %s", RETRY_SECONDS, e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(RETRY_SECONDS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Replays {@code candle_window} through fresh engines; publishes nothing. */
    public Rebuilt rebuild() {
        List<StoredCandle> stored = repository.loadWindows();
        FeatureStreams streams = new FeatureStreams();
        List<Pending> pending = new ArrayList<>();
        for (StoredCandle row : stored) {
            CandleClosed candle = row.candle();
            Optional<FeatureVector> vector = streams.accept(FeaturesEvents.key(candle), FeaturesEvents.bar(candle));
            if (!row.published() && vector.isPresent()) {
                pending.add(new Pending(candle, vector.get()));
            }
        }
        return new Rebuilt(streams, stored.size(), pending);
    }

    private void publishPending(List<Pending> pending) {
        for (Pending p : pending) {
            FeaturesComputed event = FeaturesEvents.featuresComputed(p.candle(), p.vector(), clock.instant());
            try {
                publisher.publish(event).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot publish pending features of candle " + p.candle().eventId()
                        + ": " + e.getMessage(), e);
            }
            repository.markPublished(p.candle().eventId());
        }
    }
}
