package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.kit.Channels;
import dev.sextant.kit.EventMessages;
import dev.sextant.kit.lease.InstanceLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Sends execution events to their topics: order events to orders, fills to fills, position changes to positions, settlements to settlements. */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<String> orders;
    private final Emitter<String> fills;
    private final Emitter<String> positions;
    private final Emitter<String> settlements;
    /** Active/standby (service-kit's lease): only the holder publishes; null where a test builds the publisher. */
    @Inject
    InstanceLease lease;

    public EventPublisher(@Channel(Channels.ORDERS_OUT) Emitter<String> orders,
                          @Channel(Channels.FILLS_OUT) Emitter<String> fills,
                          @Channel(Channels.POSITIONS_OUT) Emitter<String> positions,
                          @Channel(Channels.SETTLEMENTS_OUT) Emitter<String> settlements) {
        this.orders = orders;
        this.fills = fills;
        this.positions = positions;
        this.settlements = settlements;
    }

    /** Sends {@code event}; the future completes when Kafka acknowledged it (acks=all) and fails when it did not. */
    public CompletableFuture<Void> publish(Event event) {
        if (lease != null) {
            lease.check();
        }
        Emitter<String> emitter = switch (event) {
            case OrderEvent ignored -> orders;
            case FillExecuted ignored -> fills;
            case PositionChanged ignored -> positions;
            case CandleSettled ignored -> settlements;
            default -> throw new IllegalArgumentException(
                    "execution-service does not publish " + event.getClass().getSimpleName());
        };
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = EventMessages.of(event)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
