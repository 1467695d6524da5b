package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The Kafka inputs of risk-service. Methods are blocking and ordered per channel and acknowledge
 * each record themselves, after its effects are stored and published (the offset is committed
 * then). Only invalid input is nacked, which sends it to {@code <topic>.dlq} with the reason: a
 * payload that does not decode or a command the engine refuses (e.g. an invalid settings update).
 * A failure of our infrastructure (database, Kafka publish) is retried with back-off (see
 * {@link InfraRetry}); when the application stops meanwhile the record is neither acked nor nacked,
 * its offset stays uncommitted and it is redelivered after the restart.
 */
@ApplicationScoped
public class RiskConsumers {
    private static final Logger LOG = Logger.getLogger(RiskConsumers.class);

    private final RiskService service;
    private final RiskMetrics metrics;
    private final InfraRetry retry;
    private volatile boolean running = true;

    public RiskConsumers(RiskService service, RiskMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
        this.retry = new InfraRetry(Duration.ofMillis(500), Duration.ofSeconds(5), () -> running,
                d -> Thread.sleep(d.toMillis()), metrics::infraRetry);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public CompletionStage<Void> predictions(Message<String> message) {
        return handle(Topics.PREDICTIONS, message, p -> service.onPrediction(EventCodec.decode(p, PredictionMade.class)));
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> features(Message<String> message) {
        return handle(Topics.FEATURES, message, p -> service.onFeatures(EventCodec.decode(p, FeaturesComputed.class)));
    }

    @Incoming(Topics.FILLS)
    @Blocking
    public CompletionStage<Void> fills(Message<String> message) {
        return handle(Topics.FILLS, message, p -> service.onFill(EventCodec.decode(p, FillExecuted.class)));
    }

    @Incoming(Topics.POSITIONS)
    @Blocking
    public CompletionStage<Void> positions(Message<String> message) {
        return handle(Topics.POSITIONS, message, p -> service.onPosition(EventCodec.decode(p, PositionChanged.class)));
    }

    @Incoming(Topics.ORDERS)
    @Blocking
    public CompletionStage<Void> orders(Message<String> message) {
        return handle(Topics.ORDERS, message, p -> service.onOrder(EventCodec.decode(p, OrderEvent.class)));
    }

    @Incoming(Topics.SETTLEMENTS)
    @Blocking
    public CompletionStage<Void> settlements(Message<String> message) {
        return handle(Topics.SETTLEMENTS, message, p -> service.onSettlement(EventCodec.decode(p, CandleSettled.class)));
    }

    @Incoming(Topics.ORDERBOOK)
    @Blocking
    public CompletionStage<Void> orderbook(Message<String> message) {
        return handle(Topics.ORDERBOOK, message, p -> service.onOrderBook(EventCodec.decode(p, OrderBookSnapshotTaken.class)));
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> control(Message<String> message) {
        return handle(Topics.CONTROL, message, p -> service.onControl(EventCodec.decode(p, ControlEvent.class)));
    }

    private CompletionStage<Void> handle(String topic, Message<String> message, Consumer<String> work) {
        metrics.consumed(topic);
        InfraRetry.Result result = retry.run("a " + topic + " record", () -> work.accept(message.getPayload()));
        return switch (result.outcome()) {
            case DONE -> message.ack();
            case INVALID -> {
                metrics.rejected(topic);
                LOG.warnf("rejecting a %s record to %s: %s", topic, Topics.dlq(topic), result.failure().getMessage());
                yield message.nack(result.failure());
            }
            case STOPPED -> CompletableFuture.completedFuture(null); // neither ack nor nack: redelivered after restart
        };
    }
}
