package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka inputs of risk-service. Each payload is decoded with {@code EventCodec}; a payload that
 * does not decode, or that the engine refuses (e.g. an invalid settings update), makes the method
 * throw, so SmallRye sends it to {@code <topic>.dlq} with the reason. Methods are blocking and
 * ordered per channel; the offset is committed after the method returns, i.e. after the effects
 * are stored and published.
 */
@ApplicationScoped
public class RiskConsumers {
    private static final Logger LOG = Logger.getLogger(RiskConsumers.class);

    private final RiskService service;
    private final RiskMetrics metrics;

    public RiskConsumers(RiskService service, RiskMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public void predictions(String payload) {
        handle(Topics.PREDICTIONS, () -> service.onPrediction(EventCodec.decode(payload, PredictionMade.class)));
    }

    @Incoming(Topics.FEATURES)
    @Blocking
    public void features(String payload) {
        handle(Topics.FEATURES, () -> service.onFeatures(EventCodec.decode(payload, FeaturesComputed.class)));
    }

    @Incoming(Topics.FILLS)
    @Blocking
    public void fills(String payload) {
        handle(Topics.FILLS, () -> service.onFill(EventCodec.decode(payload, FillExecuted.class)));
    }

    @Incoming(Topics.POSITIONS)
    @Blocking
    public void positions(String payload) {
        handle(Topics.POSITIONS, () -> service.onPosition(EventCodec.decode(payload, PositionChanged.class)));
    }

    @Incoming(Topics.ORDERS)
    @Blocking
    public void orders(String payload) {
        handle(Topics.ORDERS, () -> service.onOrder(EventCodec.decode(payload, OrderEvent.class)));
    }

    @Incoming(Topics.ORDERBOOK)
    @Blocking
    public void orderbook(String payload) {
        handle(Topics.ORDERBOOK, () -> service.onOrderBook(EventCodec.decode(payload, OrderBookSnapshotTaken.class)));
    }

    @Incoming(Topics.CONTROL)
    @Blocking
    public void control(String payload) {
        handle(Topics.CONTROL, () -> service.onControl(EventCodec.decode(payload, ControlEvent.class)));
    }

    private void handle(String topic, Runnable work) {
        metrics.consumed(topic);
        try {
            work.run();
        } catch (RuntimeException e) {
            metrics.rejected(topic);
            LOG.warnf("rejecting a %s record to %s: %s", topic, Topics.dlq(topic), e.getMessage());
            throw e;
        }
    }
}
