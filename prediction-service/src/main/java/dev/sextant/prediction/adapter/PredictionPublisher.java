package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes PredictionMade to {@code predictions} (key = symbol). */
@ApplicationScoped
public class PredictionPublisher {
    private final MutinyEmitter<String> emitter;

    public PredictionPublisher(@Channel(Channels.PREDICTIONS_OUT) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event without waiting; the future completes when the broker acknowledged it (or fails with the reason). */
    public CompletableFuture<Void> publish(PredictionMade prediction) {
        return emitter.sendMessage(EventMessages.of(prediction)).subscribeAsCompletionStage();
    }
}
