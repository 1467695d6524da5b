package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code signals}, {@code candles} and {@code control}. Each method returns only once the
 * input's effects are stored and its events acknowledged by Kafka, so the offset is committed after
 * the effects are durable. A payload that does not decode, or that the exchange refuses, throws and
 * lands in {@code <topic>.dlq} with the reason.
 */
@ApplicationScoped
public class ExecutionConsumers {
    private final ExecutionService service;
    private final ExecutionMetrics metrics;

    public ExecutionConsumers(ExecutionService service, ExecutionMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Incoming(Topics.SIGNALS)
    @Blocking
    public void onSignal(String payload) {
        service.onDecision(decode(Topics.SIGNALS, payload, RiskDecisionMade.class));
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public void onCandle(String payload) {
        service.onCandle(decode(Topics.CANDLES, payload, CandleClosed.class));
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public void onControl(String payload) {
        Event event = decode(Topics.CONTROL, payload, Event.class);
        if (event instanceof PositionCloseRequested request) {
            service.onCloseRequested(request);
        } else if (event instanceof ControlEvent) {
            service.ignored(Topics.CONTROL);
        } else {
            metrics.invalid(Topics.CONTROL);
            throw new IllegalArgumentException("invalid control message: a " + event.getClass().getSimpleName()
                    + " is not a control event");
        }
    }

    private <T extends Event> T decode(String topic, String payload, Class<T> type) {
        try {
            return EventCodec.decode(payload, type);
        } catch (RuntimeException e) {
            metrics.invalid(topic);
            throw e;
        }
    }
}
