package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import dev.sextant.prediction.domain.ModelMetadata;
import dev.sextant.prediction.domain.Outcomes;
import dev.sextant.prediction.domain.Predictor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code features}, predicts each warm, compatible vector, stores the prediction, publishes
 * PredictionMade on {@code predictions} and writes it to Redis. A payload that is not a
 * FeaturesComputed, or a vector the model must not score (other feature-set version, missing,
 * extra or reordered features), is counted, logged and nacked, so it lands in {@code features.dlq}
 * with the reason; nothing is published for it. Only such invalid input is dead-lettered: the
 * database write and the publish are retried while the application runs ({@link InfraRetry}) and,
 * when it is stopping, the record is left unacknowledged so it is redelivered after the restart
 * ({@link Failures}). The Redis write is a best-effort cache. The offset is committed after the ack.
 */
@ApplicationScoped
public class FeaturesConsumer {
    private static final Logger LOG = Logger.getLogger(FeaturesConsumer.class);

    private final Predictor predictor;
    private final ModelMetadata metadata;
    private final OutcomeTracker outcomes;
    private final LatestPredictionStore latest;
    private final PredictionMetrics metrics;
    private final MutinyEmitter<String> emitter;
    private final InfraRetry retry;

    public FeaturesConsumer(ModelHolder models, OutcomeTracker outcomes, LatestPredictionStore latest, PredictionMetrics metrics,
                            Clock clock, @Channel(Channels.PREDICTIONS_OUT) MutinyEmitter<String> emitter, InfraRetry retry) {
        this.predictor = new Predictor(new TimedModel(models.model(), metrics.modelLatency()), clock);
        this.metadata = models.model().metadata();
        this.outcomes = outcomes;
        this.latest = latest;
        this.metrics = metrics;
        this.emitter = emitter;
        this.retry = retry;
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> onFeatures(Message<String> message) {
        return Failures.settle(message, Topics.FEATURES, this::handle);
    }

    /** Processes one payload; throws only for invalid input or when stopped by a shutdown. */
    void handle(String payload) {
        FeaturesComputed features;
        try {
            features = EventCodec.decode(payload, FeaturesComputed.class);
        } catch (EventDecodingException e) {
            metrics.deadLettered(Topics.FEATURES, "invalid-payload");
            LOG.warnf("dead-lettering a features payload: %s", e.getMessage());
            throw e;
        }
        switch (predictor.predict(features)) {
            case Predictor.Skipped skipped -> {
                metrics.skipped(skipped.reason());
                LOG.debugf("skipped features %s: %s", features.eventId(), skipped.message());
            }
            case Predictor.Refused refused -> {
                metrics.refused(refused.reason().tag());
                metrics.deadLettered(Topics.FEATURES, refused.reason().tag());
                LOG.warnf("refusing features %s of %s: %s", features.eventId(), features.symbol(), refused.message());
                throw new IncompatibleFeaturesException(refused.message());
            }
            case Predictor.Made made -> publish(made, features.interval());
        }
    }

    private void publish(Predictor.Made made, Interval interval) {
        PredictionMade prediction = made.prediction();
        var target = Outcomes.targetOpenTime(prediction.candleOpenTime(), interval.duration(), metadata.horizonCandles());
        retry.run("storing prediction " + prediction.eventId().value(), () -> outcomes.record(prediction,
                target, made.probabilities().predictsUp(), made.referenceClose()));
        // Published even when already stored: a redelivered vector yields the same event id, which consumers drop.
        retry.run("publishing prediction " + prediction.eventId().value(),
                () -> emitter.sendMessageAndAwait(EventMessages.of(prediction)));
        metrics.published();
        latest.write(prediction);
    }

    /** A feature vector the loaded model must not score; its message is the dead-letter reason. */
    public static final class IncompatibleFeaturesException extends RuntimeException {
        public IncompatibleFeaturesException(String message) {
            super(message);
        }
    }
}
