package dev.sextant.gateway.adapter.kafka;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.adapter.GatewayReadModel;
import dev.sextant.gateway.adapter.TradeProjection;
import dev.sextant.gateway.adapter.db.CandleRepository;
import dev.sextant.gateway.adapter.db.ExplainRepository;
import dev.sextant.gateway.adapter.db.MarketTimeRepository;
import dev.sextant.gateway.adapter.db.PredictionRepository;
import dev.sextant.gateway.adapter.db.Transactions;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.gateway.domain.ApprovedOrder;
import dev.sextant.gateway.domain.CandleView;
import dev.sextant.gateway.domain.FillOrigin;
import dev.sextant.gateway.domain.LiveMessage;
import dev.sextant.gateway.domain.PredictionView;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.RecordProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
 *
 * <p>Candles, predictions, decisions ({@code signals}) and positions are handled per batch ({@link RecordProcessor}):
 * each record is checked on its own when it is applied (a refused one leaves nothing behind), the batch's rows are then
 * written in one transaction of batched statements, and only after it commits is anything pushed to the dashboards.
 * Market time moves in memory with each candle (the next one is checked against it) and is stored once per batch, in
 * the candles' transaction, when its day changed. Of a batch's candles only the latest of each symbol and interval is
 * pushed ({@code price_update}: the dashboard shows the latest price; a fast replay would flood it); every prediction,
 * trade and position update is pushed. Fills are judged and written one by one ({@link TradeProjection}).
 */
@ApplicationScoped
public class EventConsumers {
    private final CandleRepository candles;
    private final PredictionRepository predictions;
    private final MarketTimeRepository marketTime;
    private final Transactions transactions;
    private final GatewayReadModel readModel;
    private final LiveFeed feed;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final ConsumerPolicy policy;
    private final TradeProjection projection;
    /** The explain chains' events (GET /api/v1/explain): every applied record of every topic but control. */
    private final ExplainRepository explain;

    EventConsumers(CandleRepository candles, PredictionRepository predictions, MarketTimeRepository marketTime,
                   Transactions transactions, TradeProjection projection, GatewayReadModel readModel, LiveFeed feed,
                   MeterRegistry metrics, Clock clock, ConsumerPolicy policy, ExplainRepository explain) {
        this.candles = candles;
        this.predictions = predictions;
        this.marketTime = marketTime;
        this.transactions = transactions;
        this.projection = projection;
        this.readModel = readModel;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = policy;
        this.explain = explain;
    }

    /** Candle → chart history, {@code price_update} (the latest of each symbol and interval of the batch). */
    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandles(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CANDLES, batch, candleProcessor());
    }

    /** Prediction → prediction history, {@code prediction}. */
    @Incoming(Topics.PREDICTIONS)
    @Blocking
    public CompletionStage<Void> onPredictions(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.PREDICTIONS, batch, predictionProcessor());
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
                perRecord(fill -> projection.onFill(fill).ifPresent(this::pushTrade))));
    }

    /** Decision → the orders the platform placed (the trade projection books the fills that waited for them). */
    @Incoming(Topics.SIGNALS)
    @Blocking
    public CompletionStage<Void> onSignals(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.SIGNALS, batch, signalProcessor());
    }

    /** Position change → {@code position_update}, marked to the latest price, only for a position the platform opened. */
    @Incoming(Topics.POSITIONS)
    @Blocking
    public CompletionStage<Void> onPositions(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.POSITIONS, batch, positionProcessor());
    }

    /** Features → the explain chains only (candle → features → prediction). */
    @Incoming(Topics.FEATURES)
    @Blocking
    public CompletionStage<Void> onFeatures(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.FEATURES, batch, processor(Topics.FEATURES, FeaturesComputed.class, perRecord(f -> { })));
    }

    /** Order lifecycle → the explain chains only (decision → orders → fills). */
    @Incoming(Topics.ORDERS)
    @Blocking
    public CompletionStage<Void> onOrders(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.ORDERS, batch, processor(Topics.ORDERS, OrderEvent.class, perRecord(o -> { })));
    }

    /** Trading-state change → bot status, {@code bot_status}; commands (the gateway's own among them) are skipped. */
    @Incoming(Topics.CONTROL)
    @Blocking
    public CompletionStage<Void> onControl(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CONTROL, batch, processor(Topics.CONTROL, Event.class, perRecord(event -> {
            if (!(event instanceof ControlEvent)) {
                throw new IllegalArgumentException("invalid control message: a " + event.getClass().getSimpleName()
                        + " does not belong on the control topic");
            }
            if (event instanceof TradingStateChanged change) {
                readModel.observe(change);
                feed.publish(LiveMessage.botStatus(readModel.botStatus()));
            }
        })));
    }

    /** The processor of one batch of {@code candles} (package-private for tests). */
    RecordProcessor<CandleClosed> candleProcessor() {
        return processor(Topics.CANDLES, CandleClosed.class, new CandleBatch());
    }

    /** The processor of one batch of {@code predictions} (package-private for tests). */
    RecordProcessor<PredictionMade> predictionProcessor() {
        return processor(Topics.PREDICTIONS, PredictionMade.class, new PredictionBatch());
    }

    /** The processor of one batch of {@code signals} (package-private for tests). */
    RecordProcessor<RiskDecisionMade> signalProcessor() {
        return processor(Topics.SIGNALS, RiskDecisionMade.class, new SignalBatch());
    }

    /** The processor of one batch of {@code positions} (package-private for tests). */
    RecordProcessor<PositionChanged> positionProcessor() {
        return processor(Topics.POSITIONS, PositionChanged.class, new PositionBatch());
    }

    private void pushTrade(TradeProjection.Booked booked) {
        feed.publish(LiveMessage.trade(booked.trade(), booked.fill()));
    }

    /**
     * What a consumer does with one batch: {@code apply} per record, then {@code flush} once ({@link RecordProcessor}'s
     * contract: an {@code apply} that throws has kept nothing of its record; {@code flush} may be called again after it
     * failed, and then repeats nothing visible).
     */
    private interface Batch<E> {
        void apply(E event);

        default void flush() {
        }

        /** The buffer of explain rows {@code flush} writes in its own transaction, or null (the processor writes them). */
        default ExplainBuffer explained() {
            return null;
        }
    }

    private static <E> Batch<E> perRecord(Consumer<E> project) {
        return project::accept;
    }

    /** The candles of a batch: checked one by one, upserted together with the market time, the latest pushed. */
    private final class CandleBatch implements Batch<CandleClosed> {
        private record Key(Symbol symbol, Interval interval, Instant openTime) {}

        private record Series(Symbol symbol, Interval interval) {}

        /** One row per key: the last candle read, which is what upserting them in turn leaves. */
        private final Map<Key, CandleClosed> rows = new LinkedHashMap<>();
        /** The latest candle (by open time) of each series, pushed after the batch is stored. */
        private final Map<Series, CandleClosed> latest = new LinkedHashMap<>();
        private final ExplainBuffer explained = new ExplainBuffer();

        @Override
        public ExplainBuffer explained() {
            return explained;
        }

        @Override
        public void apply(CandleClosed candle) {
            // a candle that would move market time too far is refused before anything of it is kept
            readModel.checkMarketTime(candle.closeTime(), "CandleClosed " + candle.eventId() + " closeTime");
            // in memory: the next candle of the batch is checked against this one; stored with the batch
            readModel.advanceMarketTime(candle.closeTime());
            rows.put(new Key(candle.symbol(), candle.interval(), candle.openTime()), candle);
            latest.merge(new Series(candle.symbol(), candle.interval()), candle,
                    (before, next) -> next.openTime().isBefore(before.openTime()) ? before : next);
        }

        @Override
        public void flush() {
            if (rows.isEmpty()) {
                return;
            }
            Optional<Instant> marketTimeToStore = readModel.marketTimeToStore();
            transactions.run("store " + rows.size() + " candle(s)", con -> {
                candles.upsertAll(con, rows.values());
                if (marketTimeToStore.isPresent()) {
                    marketTime.save(con, marketTimeToStore.get());
                }
                explained.write(explain, con);
                return null;
            });
            explained.clear();
            marketTimeToStore.ifPresent(readModel::marketTimeStored);
            latest.values().forEach(c -> feed.publish(LiveMessage.priceUpdate(CandleView.of(c))));
            rows.clear();
            latest.clear();
        }
    }

    /** The predictions of a batch: inserted together, each pushed after. */
    private final class PredictionBatch implements Batch<PredictionMade> {
        private record Key(String eventId, Instant candleOpenTime) {}

        /** One row per key: the first read (the insert of a later one would change nothing). */
        private final Map<Key, PredictionRepository.Row> rows = new LinkedHashMap<>();
        private final List<PredictionMade> pushes = new ArrayList<>();
        private final ExplainBuffer explained = new ExplainBuffer();

        @Override
        public ExplainBuffer explained() {
            return explained;
        }

        @Override
        public void apply(PredictionMade prediction) {
            PredictionRepository.Row row = PredictionRepository.Row.of(prediction);
            rows.putIfAbsent(new Key(prediction.eventId().value(), prediction.candleOpenTime()), row);
            pushes.add(prediction);
        }

        @Override
        public void flush() {
            if (rows.isEmpty()) {
                return;
            }
            transactions.run("store " + rows.size() + " prediction(s)", con -> {
                predictions.insertAll(con, rows.values());
                explained.write(explain, con);
                return null;
            });
            explained.clear();
            pushes.forEach(p -> feed.publish(LiveMessage.prediction(PredictionView.of(p))));
            rows.clear();
            pushes.clear();
        }
    }

    /** The decisions of a batch: recorded together, then the fills that waited for them booked and pushed. */
    private final class SignalBatch implements Batch<RiskDecisionMade> {
        private final List<RiskDecisionMade> decisions = new ArrayList<>();
        private final ExplainBuffer explained = new ExplainBuffer();

        @Override
        public ExplainBuffer explained() {
            return explained;
        }

        @Override
        public void apply(RiskDecisionMade decision) {
            if (decision.approved()) {
                ApprovedOrder.of(decision); // an approved decision that places no valid order is refused alone
            }
            decisions.add(decision);
        }

        @Override
        public void flush() {
            if (decisions.isEmpty()) {
                return;
            }
            List<TradeProjection.Booked> booked = projection.onDecisions(decisions, con -> {
                explained.write(explain, con);
                return null;
            });
            explained.clear();
            decisions.clear();
            booked.forEach(EventConsumers.this::pushTrade);
        }
    }

    /** The position updates of a batch: each checked, then all pushed, marked to a price read once per symbol. */
    private final class PositionBatch implements Batch<PositionChanged> {
        private final List<PositionChanged> pushes = new ArrayList<>();

        @Override
        public void apply(PositionChanged position) {
            if (projection.checkPosition(position).kind() == FillOrigin.Kind.BOOK) {
                pushes.add(position);
            }
        }

        @Override
        public void flush() {
            if (pushes.isEmpty()) {
                return;
            }
            readModel.markAll(pushes).forEach(view -> feed.publish(LiveMessage.positionUpdate(view)));
            pushes.clear();
        }
    }

    /**
     * A processor that decodes {@code type}, hands each event to {@code batch}, and, once the batch is flushed, counts
     * its events with their lag.
     */
    private <E extends Event> RecordProcessor<E> processor(String topic, Class<E> type, Batch<E> batch) {
        Counter processed = metrics.counter("sextant.gateway.events", "topic", topic, "outcome", "processed");
        Timer lag = Timer.builder("sextant.gateway.event.lag")
                .description("time from an event's creation (tsInit) until the gateway has projected and pushed it")
                .tag("topic", topic)
                .publishPercentileHistogram()
                .register(metrics);
        List<Instant> applied = new ArrayList<>();
        ExplainBuffer explained = topic.equals(Topics.CONTROL) ? null
                : batch.explained() != null ? batch.explained() : new ExplainBuffer();
        return RecordProcessor.of(record -> EventCodec.decode(record.value(), type), (event, record) -> {
            batch.apply(event);
            if (explained != null) {
                explained.add(ExplainRepository.Row.of(topic, event, record.value()));
            }
            applied.add(event.tsInit());
        }, () -> {
            batch.flush();
            if (explained != null && !explained.isEmpty()) { // a batch without a transaction of its own: one for them
                transactions.run("store " + explained.size() + " explain event(s) of " + topic, con -> {
                    explained.write(explain, con);
                    return null;
                });
                explained.clear();
            }
            Instant now = clock.instant();
            for (Instant created : applied) {
                Duration eventLag = Duration.between(created, now);
                if (!eventLag.isNegative()) {
                    lag.record(eventLag);
                }
            }
            processed.increment(applied.size());
            applied.clear();
        });
    }
}
