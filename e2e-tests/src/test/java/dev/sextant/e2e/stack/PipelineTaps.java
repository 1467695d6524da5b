package dev.sextant.e2e.stack;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.TestInfra;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A {@link TopicTap} on each topic of the pipeline, plus the derived views the tests compare. */
public final class PipelineTaps implements AutoCloseable {
    public final TopicTap<CandleClosed> candles;
    public final TopicTap<FeaturesComputed> features;
    public final TopicTap<PredictionMade> predictions;
    public final TopicTap<RiskDecisionMade> signals;
    public final TopicTap<OrderEvent> orders;
    public final TopicTap<FillExecuted> fills;
    public final TopicTap<PositionChanged> positions;
    public final TopicTap<ControlEvent> control;

    public PipelineTaps(TestInfra infra) {
        this(infra, r -> false);
    }

    /** Taps that set aside, undecoded, the records {@code excluded} matches (records the test injected). */
    public PipelineTaps(TestInfra infra, Predicate<ConsumerRecord<String, String>> excluded) {
        candles = new TopicTap<>(infra, Topics.CANDLES, CandleClosed.class, excluded);
        features = new TopicTap<>(infra, Topics.FEATURES, FeaturesComputed.class, excluded);
        predictions = new TopicTap<>(infra, Topics.PREDICTIONS, PredictionMade.class, excluded);
        signals = new TopicTap<>(infra, Topics.SIGNALS, RiskDecisionMade.class, excluded);
        orders = new TopicTap<>(infra, Topics.ORDERS, OrderEvent.class, excluded);
        fills = new TopicTap<>(infra, Topics.FILLS, FillExecuted.class, excluded);
        positions = new TopicTap<>(infra, Topics.POSITIONS, PositionChanged.class, excluded);
        control = new TopicTap<>(infra, Topics.CONTROL, ControlEvent.class, excluded);
    }

    /** Reads what arrived on every topic since the last call. */
    public void refreshAll() {
        for (TopicTap<?> tap : taps()) {
            tap.refresh();
        }
    }

    /** Distinct approved decisions. */
    public List<RiskDecisionMade> approved() {
        return signals.distinct(RiskDecisionMade.class, RiskDecisionMade::approved);
    }

    /** Distinct {@code OrderSubmitted} of entries. */
    public List<OrderSubmitted> entrySubmitted() {
        return orders.distinct(OrderSubmitted.class, o -> o.purpose() == OrderPurpose.ENTRY);
    }

    /** Distinct entry fills. */
    public List<FillExecuted> entryFills() {
        return fills.distinct(FillExecuted.class, f -> f.purpose() == OrderPurpose.ENTRY);
    }

    /**
     * Client order ids of the approved entries that must have filled: not rejected by the venue, and
     * decided on a candle before {@code lastOpenTime} (the fill needs the next candle).
     */
    public Set<String> expectedFilledEntries(Instant lastOpenTime) {
        Set<String> rejected = orders.distinct(OrderRejected.class, r -> true).stream()
                .map(r -> r.clientOrderId().value()).collect(Collectors.toSet());
        return approved().stream().filter(d -> d.candleOpenTime().isBefore(lastOpenTime))
                .map(d -> Ids.clientOrderId(d.eventId()).value()).filter(id -> !rejected.contains(id))
                .collect(Collectors.toSet());
    }

    /**
     * Like {@link #expectedFilledEntries(Instant)} with a last open time per symbol (a replay still under
     * way): approved entries not rejected, decided on a candle before their symbol's {@code lastOpenTimes}.
     */
    public Set<String> expectedFilledEntries(Map<String, Instant> lastOpenTimes) {
        Set<String> rejected = orders.distinct(OrderRejected.class, r -> true).stream()
                .map(r -> r.clientOrderId().value()).collect(Collectors.toSet());
        return approved().stream()
                .filter(d -> lastOpenTimes.containsKey(d.symbol().value())
                        && d.candleOpenTime().isBefore(lastOpenTimes.get(d.symbol().value())))
                .map(d -> Ids.clientOrderId(d.eventId()).value()).filter(id -> !rejected.contains(id))
                .collect(Collectors.toSet());
    }

    private List<TopicTap<?>> taps() {
        return List.of(candles, features, predictions, signals, orders, fills, positions, control);
    }

    @Override
    public void close() {
        for (TopicTap<?> tap : taps()) {
            try {
                tap.close();
            } catch (RuntimeException e) {
                // closing a probe must not hide a test's result
            }
        }
    }
}
