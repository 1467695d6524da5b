package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.prediction.adapter.PredictionRepository.NewPrediction;
import dev.sextant.prediction.domain.Model;
import dev.sextant.prediction.domain.Outcomes;
import dev.sextant.prediction.domain.Predictor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code features} in batches under the platform's consumer policy ({@link ConsumerPolicy}): each warm,
 * compatible vector is scored in memory ({@link #apply}); the batch is then made durable and published in one go
 * ({@link #flush}): its predictions are stored in one transaction, which also resolves those whose target candle has
 * already closed ({@link OutcomeTracker#recordAll}); then they are all published with one wait for the broker's
 * acknowledgements; then the newest prediction of each symbol is written to Redis (a "latest" cache). A payload that
 * is not a FeaturesComputed, or a vector the model must not score (other feature-set version, missing, extra or
 * reordered features), is dead-lettered to {@code features.dlq} with the reason. Storing is idempotent and a
 * republished prediction has the same event id, which consumers drop, so the policy may retry the flush; once a
 * batch is stored, a retry (the broker did not acknowledge) only publishes again. The Redis write is a best-effort
 * cache.
 */
@ApplicationScoped
public class FeaturesConsumer implements RecordProcessor<FeaturesComputed> {
    private static final Logger LOG = Logger.getLogger(FeaturesConsumer.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Predictor predictor;
    private final int horizonCandles;
    private final OutcomeTracker outcomes;
    private final LatestPredictionStore latest;
    private final PredictionMetrics metrics;
    private final PredictionPublisher publisher;
    private final ConsumerPolicy policy;
    /** The batch's predictions, in order; written by {@link #flush}. */
    private final List<NewPrediction> pending = new ArrayList<>();
    /** True once {@link #pending} is committed to the database (a retried flush only publishes). */
    private boolean stored;

    /** The features of the pending predictions, by event id (confidence and drift are counted once published). */
    private final java.util.Map<String, FeaturesComputed> pendingFeatures = new java.util.HashMap<>();
    /** Confidence and drift meters (null in the unit tests that build the consumer by hand). */
    private ModelQuality quality;

    @Inject
    public FeaturesConsumer(ModelHolder models, OutcomeTracker outcomes, LatestPredictionStore latest, PredictionMetrics metrics,
                            Clock clock, PredictionPublisher publisher, ConsumerPolicy policy, ModelQuality quality) {
        this(models.model(), outcomes, latest, metrics, clock, publisher, policy);
        this.quality = quality;
    }

    FeaturesConsumer(Model model, OutcomeTracker outcomes, LatestPredictionStore latest, PredictionMetrics metrics,
                     Clock clock, PredictionPublisher publisher, ConsumerPolicy policy) {
        this.predictor = new Predictor(new TimedModel(model, metrics.modelLatency()), clock);
        this.horizonCandles = model.metadata().horizonCandles();
        this.outcomes = outcomes;
        this.latest = latest;
        this.metrics = metrics;
        this.publisher = publisher;
        this.policy = policy;
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> onFeatures(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.FEATURES, batch, this);
    }

    @Override
    public FeaturesComputed decode(InboundRecord record) {
        return EventCodec.decode(record.value(), FeaturesComputed.class);
    }

    @Override
    public void apply(FeaturesComputed features, InboundRecord record) {
        switch (predictor.predict(features)) {
            case Predictor.Skipped skipped -> {
                metrics.skipped(skipped.reason());
                LOG.debugf("skipped features %s: %s", features.eventId(), skipped.message());
            }
            case Predictor.Refused refused -> {
                metrics.refused(refused.reason().tag());
                throw new IncompatibleFeaturesException(refused.message());
            }
            case Predictor.Made made -> {
                PredictionMade prediction = made.prediction();
                var target = Outcomes.targetOpenTime(prediction.candleOpenTime(), prediction.interval().duration(), horizonCandles);
                pending.add(new NewPrediction(prediction, target, made.probabilities().predictsUp(), made.referenceClose()));
                pendingFeatures.put(features.eventId().value(), features);
            }
        }
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        if (!stored) {
            outcomes.recordAll(pending); // before publishing: a published prediction is always in the log
            stored = true;
        }
        List<PredictionMade> predictions = pending.stream().map(NewPrediction::prediction).toList();
        List<CompletableFuture<Void>> acks = new ArrayList<>(predictions.size());
        for (PredictionMade prediction : predictions) {
            acks.add(publisher.publish(prediction));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while publishing " + pending.size() + " prediction(s)", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new InfrastructureException(pending.size() + " prediction(s) not acknowledged by Kafka (they are republished): "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        metrics.published(predictions.size());
        if (quality != null) {
            for (PredictionMade prediction : predictions) {
                FeaturesComputed features = pendingFeatures.get(prediction.causationId().value());
                if (features != null) {
                    quality.observe(features, prediction);
                }
            }
        }
        pendingFeatures.clear();
        latest.writeLatest(predictions);
        pending.clear();
        stored = false;
    }

    /** A feature vector the loaded model must not score; its message is the dead-letter reason. */
    public static final class IncompatibleFeaturesException extends IllegalArgumentException {
        public IncompatibleFeaturesException(String message) {
            super(message);
        }
    }
}
