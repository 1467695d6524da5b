package dev.sextant.gateway.adapter.kafka;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.adapter.db.PredictionRepository;
import dev.sextant.gateway.adapter.db.TradeRepository;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.gateway.domain.CandleView;
import dev.sextant.gateway.domain.LiveMessage;
import dev.sextant.gateway.domain.PredictionView;
import dev.sextant.kit.InfrastructureRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The gateway's consumers: each topic event updates the projections (candles, predictions, trades)
 * and is pushed to the dashboards; candles and fills also move the gateway's market time ("today").
 * Only invalid input (a payload that cannot be decoded, a non-control event on the control topic, a
 * record the domain rejects) throws, so SmallRye dead-letters it to {@code <topic>.dlq} with the
 * reason. An infrastructure failure (PostgreSQL, Redis) is retried with back-off by
 * {@link InfrastructureRetry} and, during shutdown, the record is held uncommitted (never
 * dead-lettered) and redelivered after the restart. The offset is committed after the method returns.
 */
@ApplicationScoped
public class EventConsumers {
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    private final CandleRepository candles;
    private final PredictionRepository predictions;
    private final TradeRepository trades;
    private final GatewayReadModel readModel;
    private final LiveFeed feed;
    private final MeterRegistry metrics;
    private final Clock clock;
    private volatile boolean running = true;
    private final InfrastructureRetry retry = InfrastructureRetry.standard(() -> running);

    EventConsumers(CandleRepository candles, PredictionRepository predictions, TradeRepository trades,
                   GatewayReadModel readModel, LiveFeed feed, MeterRegistry metrics, Clock clock) {
        this.candles = candles;
        this.predictions = predictions;
        this.trades = trades;
        this.readModel = readModel;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Candle → chart history, {@code price_update}. */
    @Incoming(Topics.CANDLES)
    @Blocking
    public void onCandle(String payload) {
        handle(Topics.CANDLES, payload, json -> EventCodec.decode(json, CandleClosed.class), candle -> {
            candles.upsert(candle);
            readModel.observeMarketTime(candle.closeTime());
            feed.publish(LiveMessage.priceUpdate(CandleView.of(candle)));
        });
    }

    /** Prediction → prediction history, {@code prediction}. */
    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public void onPrediction(String payload) {
        handle(Topics.PREDICTIONS, payload, json -> EventCodec.decode(json, PredictionMade.class), prediction -> {
            predictions.insert(prediction);
            feed.publish(LiveMessage.prediction(PredictionView.of(prediction)));
        });
    }

    /** Fill → trade projection, {@code trade_opened} (entry) or {@code trade_closed} (exit); a duplicate fill pushes nothing. */
    @Incoming(Topics.FILLS)
    @Blocking
    public void onFill(String payload) {
        handle(Topics.FILLS, payload, json -> EventCodec.decode(json, FillExecuted.class), fill -> {
            readModel.observeMarketTime(fill.tsEvent());
            trades.apply(fill).ifPresent(trade -> feed.publish(LiveMessage.trade(trade, fill)));
        });
    }

    /** Position change → {@code position_update}, marked to the latest price. */
    @Incoming(Topics.POSITIONS)
    @Blocking
    public void onPosition(String payload) {
        handle(Topics.POSITIONS, payload, json -> EventCodec.decode(json, PositionChanged.class),
                position -> feed.publish(LiveMessage.positionUpdate(readModel.mark(position))));
    }

    /** Trading-state change → bot status, {@code bot_status}; commands (the gateway's own among them) are skipped. */
    @Incoming(Topics.CONTROL)
    @Blocking
    public void onControl(String payload) {
        handle(Topics.CONTROL, payload, json -> {
            Event event = EventCodec.decode(json, Event.class);
            if (!(event instanceof ControlEvent)) {
                throw new IllegalArgumentException("invalid control message: a " + event.getClass().getSimpleName()
                        + " does not belong on the control topic");
            }
            return event;
        }, event -> {
            if (event instanceof TradingStateChanged change) {
                readModel.observe(change);
                feed.publish(LiveMessage.botStatus(readModel.botStatus()));
            }
        });
    }

    /**
     * Decodes and validates the payload (a failure there is invalid input: thrown, dead-lettered),
     * then projects it, retrying infrastructure failures (PostgreSQL, Redis) with back-off; the
     * projections are idempotent (upserts, fills keyed by event id), so a retry repeats nothing.
     */
    private <E extends Event> void handle(String topic, String payload, Function<String, E> decode, Consumer<E> project) {
        E event;
        try {
            event = decode.apply(payload);
            retry.run("project a " + topic + " record " + event.eventId(), () -> project.accept(event));
        } catch (RuntimeException e) {
            metrics.counter("sextant.gateway.events", "topic", topic, "outcome", "dead-lettered").increment();
            LOG.warnf("dead-lettering a %s record: %s", topic, e.getMessage());
            throw e;
        }
        metrics.counter("sextant.gateway.events", "topic", topic, "outcome", "processed").increment();
        Duration lag = Duration.between(event.tsInit(), clock.instant());
        if (!lag.isNegative()) {
            Timer.builder("sextant.gateway.event.lag")
                    .description("time from an event's creation (tsInit) until the gateway has projected and pushed it")
                    .tag("topic", topic)
                    .publishPercentileHistogram()
                    .register(metrics)
                    .record(lag);
        }
    }
}
