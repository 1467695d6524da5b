package dev.sextant.contracts.kafka;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;

/** One Kafka deserializer class per topic payload type (Kafka needs a no-argument class). */
public final class EventDeserializers {
    private EventDeserializers() {}

    public static class Candles extends EventDeserializer<CandleClosed> {
        public Candles() { super(CandleClosed.class); }
    }

    public static class MarketTrades extends EventDeserializer<MarketTradeExecuted> {
        public MarketTrades() { super(MarketTradeExecuted.class); }
    }

    public static class OrderBooks extends EventDeserializer<OrderBookSnapshotTaken> {
        public OrderBooks() { super(OrderBookSnapshotTaken.class); }
    }

    public static class Features extends EventDeserializer<FeaturesComputed> {
        public Features() { super(FeaturesComputed.class); }
    }

    public static class Predictions extends EventDeserializer<PredictionMade> {
        public Predictions() { super(PredictionMade.class); }
    }

    public static class Signals extends EventDeserializer<RiskDecisionMade> {
        public Signals() { super(RiskDecisionMade.class); }
    }

    public static class Orders extends EventDeserializer<OrderEvent> {
        public Orders() { super(OrderEvent.class); }
    }

    public static class Fills extends EventDeserializer<FillExecuted> {
        public Fills() { super(FillExecuted.class); }
    }

    public static class Positions extends EventDeserializer<PositionChanged> {
        public Positions() { super(PositionChanged.class); }
    }

    public static class Settlements extends EventDeserializer<CandleSettled> {
        public Settlements() { super(CandleSettled.class); }
    }

    public static class Control extends EventDeserializer<ControlEvent> {
        public Control() { super(ControlEvent.class); }
    }
}
