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
 * record is handed to {@link RiskService} ({@code apply}): in kernel sequencing it is taken in memory and what it did
 * is buffered in the service's pending batch; once per batch {@link RiskService#flush()} stores the pending batch in
 * one transaction and publishes its events, awaiting the broker's acknowledgements together; the batch's offsets are
 * committed after that. (The pending batch is the service's, shared by these consumers, each on its own thread: one
 * consumer's flush may store another's records, before their offsets are committed, which is what matters.) In
 * arrival sequencing each record is stored in its own transaction and the flush publishes. Invalid input — a payload
 * that does not decode, an input or command the engine refuses (e.g. a forged fill, an invalid settings update) — is
 * dead-lettered to {@code <topic>.dlq} with the reason, nothing of it stored or buffered; a failure of our
 * infrastructure (database, Kafka publish) is retried with back-off, the service's apply and flush being idempotent,
 * and held uncommitted on shutdown; a bug parks the record and holds its key (the service rebuilds its memory without
 * it). With {@code sextant.control.signing-key} set, a control command without the gateway's valid signature is
 * invalid input.
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
        return policy.consume(Topics.PREDICTIONS, batch, processorFor(Topics.PREDICTIONS));
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> features(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.FEATURES, batch, processorFor(Topics.FEATURES));
    }

    @Incoming(Topics.FILLS)
    @Blocking
    public CompletionStage<Void> fills(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.FILLS, batch, processorFor(Topics.FILLS));
    }

    @Incoming(Topics.POSITIONS)
    @Blocking
    public CompletionStage<Void> positions(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.POSITIONS, batch, processorFor(Topics.POSITIONS));
    }

    @Incoming(Topics.ORDERS)
    @Blocking
    public CompletionStage<Void> orders(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.ORDERS, batch, processorFor(Topics.ORDERS));
    }

    @Incoming(Topics.SETTLEMENTS)
    @Blocking
    public CompletionStage<Void> settlements(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.SETTLEMENTS, batch, processorFor(Topics.SETTLEMENTS));
    }

    @Incoming(Topics.ORDERBOOK)
    @Blocking
    public CompletionStage<Void> orderbook(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.ORDERBOOK, batch, processorFor(Topics.ORDERBOOK));
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> control(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CONTROL, batch, processorFor(Topics.CONTROL));
    }

    /** The processor of one input topic: decode, count, hand each record to the service; flush the service per batch. */
    RecordProcessor<? extends Event> processorFor(String topic) {
        return switch (topic) {
            case Topics.PREDICTIONS -> processor(topic, PredictionMade.class, service::onPrediction, service::flush);
            case Topics.FEATURES -> processor(topic, FeaturesComputed.class, service::onFeatures, service::flush);
            case Topics.FILLS -> processor(topic, FillExecuted.class, service::onFill, service::flush);
            case Topics.POSITIONS -> processor(topic, PositionChanged.class, service::onPosition, service::flush);
            case Topics.ORDERS -> processor(topic, OrderEvent.class, service::onOrder, service::flush);
            case Topics.SETTLEMENTS -> processor(topic, CandleSettled.class, service::onSettlement, service::flush);
            case Topics.ORDERBOOK -> processor(topic, OrderBookSnapshotTaken.class, service::onOrderBook, service::flush);
            case Topics.CONTROL -> RecordProcessor.of(record -> {
                ControlEvent command = EventCodec.decode(record.value(), ControlEvent.class);
                if (!(command instanceof TradingStateChanged)) {
                    // a command must carry the gateway's signature when signing is on (risk's own announcements are not commands)
                    signatures.verify(record.value(), record.header(CommandSignatures.HEADER));
                }
                return command;
            }, (command, record) -> {
                metrics.consumed(Topics.CONTROL);
                service.onControl(command);
            }, service::flush);
            default -> throw new IllegalArgumentException("risk-service does not consume " + topic);
        };
    }

    /** A processor: decode as {@code type}, count, hand to {@code handler}; {@code flush} once per batch. */
    <E extends Event> RecordProcessor<E> processor(String topic, Class<E> type, Consumer<E> handler, Runnable flush) {
        return RecordProcessor.of(record -> EventCodec.decode(record.value(), type), (event, record) -> {
            metrics.consumed(topic);
            handler.accept(event);
        }, flush);
    }
}
