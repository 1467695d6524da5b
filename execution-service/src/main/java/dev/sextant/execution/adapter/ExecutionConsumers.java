package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
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
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code signals}, {@code candles} and {@code control} in batches under the platform's consumer policy
 * ({@link ConsumerPolicy}): each input is applied in memory and its effects buffered; at the end of the batch
 * ({@link ExecutionService#flush()}) they are stored in one transaction and the batch's events published together,
 * before the offsets are committed. A payload that does
 * not decode, or that the exchange refuses, is dead-lettered to {@code <topic>.dlq} with the reason; a bug parks it.
 * With {@code sextant.control.signing-key} set, a control command without the gateway's valid signature is refused.
 */
@ApplicationScoped
public class ExecutionConsumers {
    private final ExecutionService service;
    private final ConsumerPolicy policy;
    final RecordProcessor<RiskDecisionMade> signals;
    final RecordProcessor<CandleClosed> candles;
    final RecordProcessor<Event> control;

    private final CommandSignatures signatures;

    public ExecutionConsumers(ExecutionService service, ConsumerPolicy policy, CommandSignatures signatures) {
        this.service = service;
        this.policy = policy;
        this.signatures = signatures;
        this.signals = RecordProcessor.of(r -> EventCodec.decode(r.value(), RiskDecisionMade.class),
                (decision, r) -> service.onDecision(decision), service::flush);
        this.candles = RecordProcessor.of(r -> EventCodec.decode(r.value(), CandleClosed.class),
                (candle, r) -> service.onCandle(candle), service::flush);
        this.control = RecordProcessor.of(r -> {
            Event event = decodeControl(r.value());
            if (!(event instanceof TradingStateChanged)) {
                // a command must carry the gateway's signature when signing is on (risk's announcements are not commands)
                signatures.verify(r.value(), r.header(CommandSignatures.HEADER));
            }
            return event;
        }, this::onControl, service::flush);
    }

    @Incoming(Topics.SIGNALS)
    @Blocking
    public CompletionStage<Void> onSignals(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.SIGNALS, batch, signals);
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandles(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CANDLES, batch, candles);
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> onControl(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CONTROL, batch, control);
    }

    private static Event decodeControl(String payload) {
        Event event = EventCodec.decode(payload, Event.class);
        if (!(event instanceof ControlEvent) && !(event instanceof PositionCloseRequested)) {
            throw new IllegalArgumentException("invalid control message: a " + event.getClass().getSimpleName()
                    + " is not a control event");
        }
        return event;
    }

    private void onControl(Event event, dev.sextant.kit.consumer.InboundRecord record) {
        if (event instanceof PositionCloseRequested request) {
            service.onCloseRequested(request);
        } else {
            service.ignored(Topics.CONTROL);
        }
    }
}
