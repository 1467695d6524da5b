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
import dev.sextant.gateway.adapter.TradeProjection;
import dev.sextant.gateway.domain.FillOrigin;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.gateway.domain.CandleView;
import dev.sextant.gateway.domain.LiveMessage;
import dev.sextant.gateway.domain.PredictionView;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.RecordProcessor;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.concurrent.CompletionStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The gateway's consumers, in batches under the platform's consumer policy ({@link ConsumerPolicy}): each topic
 * event updates the projections (candles, predictions, trades) and is pushed to the dashboards; candles and fills
 * also move the gateway's market time ("today"). Invalid input (a payload that cannot be decoded, a non-control
 * event on the control topic, a record the domain rejects) is dead-lettered to {@code <topic>.dlq} with the reason;
 * a bug parks the record; an infrastructure failure (PostgreSQL) is retried with back-off and, during shutdown, the
 * batch is held uncommitted. The projections are idempotent (upserts, fills keyed by event id), so a retry repeats
 * nothing. The offsets are committed after the batch.
 */
@ApplicationScoped
public class EventConsumers {
    private final CandleRepository candles;
    private final PredictionRepository predictions;
    private final GatewayReadModel readModel;
    private final LiveFeed feed;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final ConsumerPolicy policy;
    private final TradeProjection projection;

    EventConsumers(CandleRepository candles, PredictionRepository predictions, TradeProjection projection,
                   GatewayReadModel readModel, LiveFeed feed, MeterRegistry metrics, Clock clock, ConsumerPolicy policy) {
        this.candles = candles;
        this.predictions = predictions;
        this.projection = projection;
        this.readModel = readModel;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = policy;
    }

    /** Candle → chart history, {@code price_update}. */
    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandles(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CANDLES, batch, processor(Topics.CANDLES, CandleClosed.class, candle -> {
            // a candle that would move market time too far is refused before its row is stored
            readModel.checkMarketTime(candle.closeTime(), "CandleClosed " + candle.eventId() + " closeTime");
            candles.upsert(candle);
            readModel.observeMarketTime(candle.closeTime());
            feed.publish(LiveMessage.priceUpdate(CandleView.of(candle)));
        }));
    }

    /** Prediction → prediction history, {@code prediction}. */
    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public CompletionStage<Void> onPredictions(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.PREDICTIONS, batch, processor(Topics.PREDICTIONS, PredictionMade.class, prediction -> {
            predictions.insert(prediction);
            feed.publish(LiveMessage.prediction(PredictionView.of(prediction)));
        }));
    }

    /**
     * Fill → trade projection, {@code trade_opened} (entry) or {@code trade_closed} (exit), only for an order the
     * platform placed ({@link TradeProjection}: a fill before its decision is held, a forged one refused); a duplicate
     * fill pushes nothing.
     */
    @Incoming(Topics.FILLS)
    @Blocking
    public CompletionStage<Void> onFills(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.FILLS, batch, processor(Topics.FILLS, FillExecuted.class,
                fill -> projection.onFill(fill).ifPresent(this::pushTrade)));
    }

    /** Decision → the orders the platform placed (the trade projection books the fills that waited for it). */
    @Incoming(Topics.SIGNALS)
    @Blocking
    public CompletionStage<Void> onSignals(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.SIGNALS, batch, processor(Topics.SIGNALS, RiskDecisionMade.class,
                decision -> projection.onDecision(decision).forEach(this::pushTrade)));
    }

    /** Position change → {@code position_update}, marked to the latest price, only for a position the platform opened. */
    @Incoming(Topics.POSITIONS)
    @Blocking
    public CompletionStage<Void> onPositions(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.POSITIONS, batch, processor(Topics.POSITIONS, PositionChanged.class, position -> {
            if (projection.checkPosition(position).kind() == FillOrigin.Kind.BOOK) {
                feed.publish(LiveMessage.positionUpdate(readModel.mark(position)));
            }
        }));
    }

    private void pushTrade(TradeProjection.Booked booked) {
        feed.publish(LiveMessage.trade(booked.trade(), booked.fill()));
    }

    /** Trading-state change → bot status, {@code bot_status}; commands (the gateway's own among them) are skipped. */
    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> onControl(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CONTROL, batch, processor(Topics.CONTROL, Event.class, event -> {
            if (!(event instanceof ControlEvent)) {
                throw new IllegalArgumentException("invalid control message: a " + event.getClass().getSimpleName()
                        + " does not belong on the control topic");
            }
            if (event instanceof TradingStateChanged change) {
                readModel.observe(change);
                feed.publish(LiveMessage.botStatus(readModel.botStatus()));
            }
        }));
    }

    /** A processor that decodes {@code type}, projects it, and counts it with its lag. */
    private <E extends Event> RecordProcessor<E> processor(String topic, Class<E> type, Consumer<E> project) {
        return RecordProcessor.of(record -> EventCodec.decode(record.value(), type), (event, record) -> {
            project.accept(event);
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
        }, () -> { });
    }
}
