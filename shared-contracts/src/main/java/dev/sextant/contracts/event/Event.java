package dev.sextant.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.sextant.contracts.id.EventId;
import java.time.Instant;

/**
 * Every event of the platform. Each is an immutable record named in the past tense and carries
 * the common fields below. Its JSON form names its type in {@code "type"}, so any topic can be
 * read as {@code Event}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CandleClosed.class, name = "CandleClosed"),
    @JsonSubTypes.Type(value = MarketTradeExecuted.class, name = "MarketTradeExecuted"),
    @JsonSubTypes.Type(value = OrderBookSnapshotTaken.class, name = "OrderBookSnapshotTaken"),
    @JsonSubTypes.Type(value = FeaturesComputed.class, name = "FeaturesComputed"),
    @JsonSubTypes.Type(value = PredictionMade.class, name = "PredictionMade"),
    @JsonSubTypes.Type(value = RiskDecisionMade.class, name = "RiskDecisionMade"),
    @JsonSubTypes.Type(value = OrderSubmitted.class, name = "OrderSubmitted"),
    @JsonSubTypes.Type(value = OrderAccepted.class, name = "OrderAccepted"),
    @JsonSubTypes.Type(value = OrderRejected.class, name = "OrderRejected"),
    @JsonSubTypes.Type(value = OrderCanceled.class, name = "OrderCanceled"),
    @JsonSubTypes.Type(value = OrderExpired.class, name = "OrderExpired"),
    @JsonSubTypes.Type(value = OrderFilled.class, name = "OrderFilled"),
    @JsonSubTypes.Type(value = FillExecuted.class, name = "FillExecuted"),
    @JsonSubTypes.Type(value = PositionChanged.class, name = "PositionChanged"),
    @JsonSubTypes.Type(value = CandleSettled.class, name = "CandleSettled"),
    @JsonSubTypes.Type(value = StartRequested.class, name = "StartRequested"),
    @JsonSubTypes.Type(value = StopRequested.class, name = "StopRequested"),
    @JsonSubTypes.Type(value = PauseRequested.class, name = "PauseRequested"),
    @JsonSubTypes.Type(value = ResumeRequested.class, name = "ResumeRequested"),
    @JsonSubTypes.Type(value = SettingsUpdateRequested.class, name = "SettingsUpdateRequested"),
    @JsonSubTypes.Type(value = StrategySwitchRequested.class, name = "StrategySwitchRequested"),
    @JsonSubTypes.Type(value = PositionCloseRequested.class, name = "PositionCloseRequested"),
    @JsonSubTypes.Type(value = RetrainRequested.class, name = "RetrainRequested"),
    @JsonSubTypes.Type(value = TradingStateChanged.class, name = "TradingStateChanged"),
})
public sealed interface Event
        permits CandleClosed, MarketTradeExecuted, OrderBookSnapshotTaken, FeaturesComputed, PredictionMade,
                RiskDecisionMade, OrderEvent, FillExecuted, PositionChanged, CandleSettled, ControlEvent {

    /** Deterministic identity of this event (see {@link dev.sextant.contracts.id.Ids}). */
    EventId eventId();

    /** When it happened in the market (event time). */
    Instant tsEvent();

    /** When the platform made this event object. */
    Instant tsInit();

    /** The event this one was derived from; null for events that start a chain (e.g. a candle). */
    EventId causationId();

    /** Version of this event's schema; see {@code schemas/} in this module. */
    int schemaVersion();

    /** The Kafka record key: the symbol, so one symbol's events stay ordered in one partition. */
    default String key() {
        return ControlEvent.ALL_SYMBOLS;
    }
}
