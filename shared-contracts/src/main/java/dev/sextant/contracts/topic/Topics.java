package dev.sextant.contracts.topic;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalog: the only place that spells a topic's name. Every topic is keyed by symbol
 * (control messages for every symbol use {@link ControlEvent#ALL_SYMBOLS}). The constants double as
 * the SmallRye channel names of the services, so {@code @Incoming(Topics.CANDLES)} reads this topic.
 */
public final class Topics {
    public static final String CANDLES = "candles";
    public static final String MARKET_TRADES = "market-trades";
    public static final String ORDERBOOK = "orderbook";
    public static final String FEATURES = "features";
    public static final String PREDICTIONS = "predictions";
    public static final String SIGNALS = "signals";
    public static final String ORDERS = "orders";
    public static final String FILLS = "fills";
    public static final String POSITIONS = "positions";
    public static final String SETTLEMENTS = "settlements";
    public static final String CONTROL = "control";

    /** Suffix of a dead-letter twin. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Kafka header on a dead-lettered record: why it was rejected (SmallRye's dead-letter-queue header). */
    public static final String DLQ_REASON_HEADER = "dead-letter-reason";
    /** Kafka header on a dead-lettered record: the topic it came from (SmallRye's dead-letter-queue header). */
    public static final String DLQ_SOURCE_TOPIC_HEADER = "dead-letter-topic";
    /**
     * Kafka header on a dead-lettered record: the service whose consumer refused it (several services read one topic,
     * e.g. {@code fills}; its {@code .dlq} twin says which one refused).
     */
    public static final String DLQ_CONSUMER_HEADER = "dead-letter-consumer";

    private static final Duration DAY = Duration.ofDays(1);

    private static final List<TopicSpec> MAIN = List.of(
            spec(CANDLES, 3, DAY.multipliedBy(30), false, CandleClosed.class, "closed candles per symbol and interval"),
            spec(MARKET_TRADES, 3, DAY, false, MarketTradeExecuted.class, "raw market trades"),
            spec(ORDERBOOK, 3, DAY, false, OrderBookSnapshotTaken.class, "order-book snapshots"),
            spec(FEATURES, 3, DAY.multipliedBy(7), false, FeaturesComputed.class, "feature vectors, one per closed candle"),
            spec(PREDICTIONS, 3, DAY.multipliedBy(30), false, PredictionMade.class, "model predictions"),
            spec(SIGNALS, 3, DAY.multipliedBy(90), false, RiskDecisionMade.class, "every risk decision, approved or denied"),
            spec(ORDERS, 3, DAY.multipliedBy(90), false, OrderEvent.class, "order lifecycle events"),
            spec(FILLS, 3, null, false, FillExecuted.class, "fills, kept forever (the books)"),
            spec(POSITIONS, 3, null, true, PositionChanged.class, "current position per symbol (compacted)"),
            spec(SETTLEMENTS, 3, DAY.multipliedBy(30), false, CandleSettled.class,
                    "execution's per-candle settlements: what risk must hold before it decides on that candle"),
            spec(CONTROL, 1, DAY.multipliedBy(7), false, ControlEvent.class, "control commands and trading-state changes"));

    private Topics() {}

    private static TopicSpec spec(String name, int partitions, Duration retention, boolean compacted,
                                  Class<? extends Event> payload, String description) {
        return new TopicSpec(name, partitions, retention, compacted, true, payload, description);
    }

    /** The dead-letter twin of {@code topic}. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The main topics, without their dead-letter twins. */
    public static List<TopicSpec> main() {
        return MAIN;
    }

    /** Every topic to create: the main ones and a {@code .dlq} twin of each consumed one. */
    public static List<TopicSpec> all() {
        List<TopicSpec> all = new ArrayList<>(MAIN);
        for (TopicSpec spec : MAIN) {
            if (spec.consumed()) {
                all.add(new TopicSpec(spec.dlqName(), 1, DAY.multipliedBy(30), false, false, null,
                        "payloads the consumers of " + spec.name() + " rejected, with the reason in header "
                                + DLQ_REASON_HEADER));
            }
        }
        return List.copyOf(all);
    }

    public static Optional<TopicSpec> find(String name) {
        return all().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
