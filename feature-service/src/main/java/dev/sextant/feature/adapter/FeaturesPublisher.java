package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes FeaturesComputed to {@code features} (key = symbol). */
@ApplicationScoped
public class FeaturesPublisher {

    private final Emitter<String> emitter;

    public FeaturesPublisher(@Channel(Channels.FEATURES_OUT) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /** Sends the event; the future completes when the broker acknowledged it (or fails with the reason). */
    public CompletableFuture<Void> publish(FeaturesComputed event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        emitter.send(EventMessages.of(event)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
