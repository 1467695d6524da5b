package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.kit.CommandSignatures;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.RecordProcessor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka inputs of risk-service, in batches under the platform's consumer policy ({@link ConsumerPolicy}). Each
 * record is handed to {@link RiskService}, which stores its effects (and publishes its decision) before the next one;
 * the batch's offsets are committed after the last. Invalid input — a payload that does not decode, a command the
 * engine refuses (e.g. an invalid settings update) — is dead-lettered to {@code <topic>.dlq} with the reason; a
 * failure of our infrastructure (database, Kafka publish) is retried with back-off, the service's steps being
 * idempotent, and held uncommitted on shutdown; a bug parks the record and holds its key. With
 * {@code sextant.control.signing-key} set, a control command without the gateway's valid signature is invalid input.
 */
@ApplicationScoped
public class RiskConsumers {
    private final RiskService service;
    private final RiskMetrics metrics;
    private final ConsumerPolicy policy;
    private final CommandSignatures signatures;

    public RiskConsumers(RiskService service, RiskMetrics metrics, ConsumerPolicy policy, CommandSignatures signatures) {
        this.service = service;
        this.metrics = metrics;
        this.policy = policy;
        this.signatures = signatures;
    }

    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public CompletionStage<Void> predictions(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.PREDICTIONS, batch, PredictionMade.class, service::onPrediction);
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> features(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.FEATURES, batch, FeaturesComputed.class, service::onFeatures);
    }

    @Incoming(Topics.FILLS)
    @Blocking
    public CompletionStage<Void> fills(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.FILLS, batch, FillExecuted.class, service::onFill);
    }

    @Incoming(Topics.POSITIONS)
    @Blocking
    public CompletionStage<Void> positions(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.POSITIONS, batch, PositionChanged.class, service::onPosition);
    }

    @Incoming(Topics.ORDERS)
    @Blocking
    public CompletionStage<Void> orders(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.ORDERS, batch, OrderEvent.class, service::onOrder);
    }

    @Incoming(Topics.SETTLEMENTS)
    @Blocking
    public CompletionStage<Void> settlements(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.SETTLEMENTS, batch, CandleSettled.class, service::onSettlement);
    }

    @Incoming(Topics.ORDERBOOK)
    @Blocking
    public CompletionStage<Void> orderbook(KafkaRecordBatch<String, String> batch) {
        return consume(Topics.ORDERBOOK, batch, OrderBookSnapshotTaken.class, service::onOrderBook);
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> control(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CONTROL, batch, RecordProcessor.of(record -> {
            ControlEvent command = EventCodec.decode(record.value(), ControlEvent.class);
            if (!(command instanceof TradingStateChanged)) {
                // a command must carry the gateway's signature when signing is on (risk's own announcements are not commands)
                signatures.verify(record.value(), record.header(CommandSignatures.HEADER));
            }
            return command;
        }, (command, record) -> {
            metrics.consumed(Topics.CONTROL);
            service.onControl(command);
        }, () -> { }));
    }

    private <E extends Event> CompletionStage<Void> consume(String topic, KafkaRecordBatch<String, String> batch,
                                                            Class<E> type, Consumer<E> handler) {
        return policy.consume(topic, batch, processor(topic, type, handler));
    }

    /** The processor of one topic: decode, count, hand to the service. */
    <E extends Event> RecordProcessor<E> processor(String topic, Class<E> type, Consumer<E> handler) {
        return RecordProcessor.of(record -> EventCodec.decode(record.value(), type), (event, record) -> {
            metrics.consumed(topic);
            handler.accept(event);
        }, () -> { });
    }
}
