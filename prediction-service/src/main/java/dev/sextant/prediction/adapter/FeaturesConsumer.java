package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.prediction.domain.ModelMetadata;
import dev.sextant.prediction.domain.Outcomes;
import dev.sextant.prediction.domain.Predictor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code features} in batches under the platform's consumer policy ({@link ConsumerPolicy}): each warm,
 * compatible vector is scored ({@link #apply}); the batch's predictions are then stored, published together with one
 * wait for the broker's acknowledgements, and written to Redis ({@link #flush}). A payload that is not a
 * FeaturesComputed, or a vector the model must not score (other feature-set version, missing, extra or reordered
 * features), is dead-lettered to {@code features.dlq} with the reason. Storing is idempotent and a republished
 * prediction has the same event id, which consumers drop, so the policy may retry the flush. The Redis write is a
 * best-effort cache.
 */
@ApplicationScoped
public class FeaturesConsumer implements RecordProcessor<FeaturesComputed> {
    private static final Logger LOG = Logger.getLogger(FeaturesConsumer.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final Predictor predictor;
    private final ModelMetadata metadata;
    private final OutcomeTracker outcomes;
    private final LatestPredictionStore latest;
    private final PredictionMetrics metrics;
    private final MutinyEmitter<String> emitter;
    private final ConsumerPolicy policy;
    private final List<Predictor.Made> pending = new ArrayList<>();

    public FeaturesConsumer(ModelHolder models, OutcomeTracker outcomes, LatestPredictionStore latest, PredictionMetrics metrics,
                            Clock clock, @Channel(Channels.PREDICTIONS_OUT) MutinyEmitter<String> emitter,
                            ConsumerPolicy policy) {
        this.predictor = new Predictor(new TimedModel(models.model(), metrics.modelLatency()), clock);
        this.metadata = models.model().metadata();
        this.outcomes = outcomes;
        this.latest = latest;
        this.metrics = metrics;
        this.emitter = emitter;
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
            case Predictor.Made made -> pending.add(made);
        }
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        for (Predictor.Made made : pending) {
            PredictionMade prediction = made.prediction();
            var target = Outcomes.targetOpenTime(prediction.candleOpenTime(), prediction.interval().duration(),
                    metadata.horizonCandles());
            outcomes.record(prediction, target, made.probabilities().predictsUp(), made.referenceClose());
        }
        outcomes.refreshChangedGauges();
        List<CompletableFuture<Void>> acks = new ArrayList<>(pending.size());
        for (Predictor.Made made : pending) {
            acks.add(emitter.sendMessage(EventMessages.of(made.prediction())).subscribeAsCompletionStage());
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
        for (Predictor.Made made : pending) {
            metrics.published();
            latest.write(made.prediction());
        }
        pending.clear();
    }

    /** A feature vector the loaded model must not score; its message is the dead-letter reason. */
    public static final class IncompatibleFeaturesException extends IllegalArgumentException {
        public IncompatibleFeaturesException(String message) {
            super(message);
        }
    }
}
