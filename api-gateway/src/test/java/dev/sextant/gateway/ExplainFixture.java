package dev.sextant.gateway;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One whole trade as the platform's services publish it, for explain: a 1h candle, its features, the prediction, the
 * approved decision with its five checks, the entry order (submitted and accepted, caused by the decision; filled by
 * the next candle, as PaperExchange derives a fill from the candle that filled it), the entry fill, the position, and
 * the take-profit exit (order, fill with realized P&amp;L, flat position) caused by a later candle. Linked only by
 * their order and position ids to the decision, like the real services' events. Dated 2024-01-14, the day before
 * {@link TestEvents#T0}: the gateway's market time may move at most 7 days forward at once, and the other tests of
 * the same app start on 2024-01-15.
 */
public final class ExplainFixture {
    public static final Interval INTERVAL = Interval.H1;
    public static final Instant OPEN = Instant.parse("2024-01-14T10:00:00Z");
    public static final BigDecimal ENTRY_PRICE = new BigDecimal("67652.10");
    public static final BigDecimal ENTRY_FEE = new BigDecimal("7.6041");
    public static final BigDecimal EXIT_PRICE = new BigDecimal("71210.00");
    public static final BigDecimal EXIT_FEE = new BigDecimal("8.0040");
    public static final BigDecimal REALIZED_PNL = new BigDecimal("384.2999");
    public static final BigDecimal QUANTITY = new BigDecimal("0.1124");

    public final Symbol symbol;
    public final CandleClosed candle;
    public final CandleClosed fillCandle;
    public final CandleClosed exitCandle;
    public final FeaturesComputed features;
    public final PredictionMade prediction;
    public final RiskDecisionMade decision;
    public final String positionId;
    public final OrderSubmitted entrySubmitted;
    public final OrderAccepted entryAccepted;
    public final OrderFilled entryFilled;
    public final FillExecuted entryFill;
    public final PositionChanged opened;
    public final ClientOrderId exitOrderId;
    public final OrderSubmitted exitSubmitted;
    public final OrderAccepted exitAccepted;
    public final OrderFilled exitFilled;
    public final FillExecuted exitFill;
    public final PositionChanged closed;

    public ExplainFixture(String symbolName) {
        symbol = new Symbol(symbolName);
        candle = candle(OPEN, "67320.00", "67980.00", "67090.00", "67650.00");
        fillCandle = candle(OPEN.plus(INTERVAL.duration()), "67652.10", "68120.00", "67400.00", "68010.00");
        exitCandle = candle(OPEN.plus(INTERVAL.duration().multipliedBy(4)), "70800.00", "71400.00", "70650.00", "71300.00");
        Instant close = candle.closeTime();
        features = new FeaturesComputed(Ids.derivedFrom("features", candle.eventId()), candle.tsEvent(),
                candle.tsInit().plusMillis(3), candle.eventId(), FeaturesComputed.SCHEMA_VERSION, symbol, INTERVAL, OPEN,
                "fs-v1", List.of("ret_1", "rsi_14", "atr_14", "atr_pct"), List.of(0.004902, 58.31, 890.0, 1.3156), true);
        prediction = new PredictionMade(Ids.derivedFrom("prediction", features.eventId()), features.tsEvent(),
                features.tsInit().plusMillis(2), features.eventId(), PredictionMade.SCHEMA_VERSION, symbol, INTERVAL, OPEN,
                new ModelId("direction-logreg"), "2024.01.01-1", "fs-v1", 0.62, 0.38, 0.62,
                List.of(new HorizonForecast(1, 0.62, 0.38, 0.62), new HorizonForecast(4, 0.58, 0.42, 0.58)));
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, QUANTITY, new BigDecimal("67650.00"),
                new BigDecimal("65870.00"), EXIT_PRICE, new BigDecimal("200.07"));
        decision = new RiskDecisionMade(Ids.derivedFrom("risk-decision", prediction.eventId()), prediction.tsEvent(),
                prediction.tsInit().plusMillis(1), prediction.eventId(), RiskDecisionMade.SCHEMA_VERSION, symbol, INTERVAL,
                OPEN, true, intent, checks(), null);
        ClientOrderId entryId = Ids.clientOrderId(decision.eventId());
        positionId = entryId.value();
        entrySubmitted = new OrderSubmitted(Ids.derive("order-submitted", positionId), close, close.plusMillis(5),
                decision.eventId(), OrderSubmitted.SCHEMA_VERSION, entryId, symbol, "paper", OrderPurpose.ENTRY, Side.BUY,
                OrderType.MARKET, QUANTITY, null, new BigDecimal("65870.00"), EXIT_PRICE);
        entryAccepted = new OrderAccepted(Ids.derive("order-accepted", positionId), close, close.plusMillis(6),
                decision.eventId(), OrderAccepted.SCHEMA_VERSION, entryId, symbol, "paper-" + positionId);
        Instant fillAt = fillCandle.openTime();
        entryFilled = new OrderFilled(Ids.derive("order-filled", positionId, "0.1124"), fillAt, fillCandle.tsInit(),
                fillCandle.eventId(), OrderFilled.SCHEMA_VERSION, entryId, symbol, Side.BUY, QUANTITY, ENTRY_PRICE, QUANTITY,
                new BigDecimal("0.0000"), ENTRY_PRICE);
        entryFill = new FillExecuted(Ids.derive("fill", positionId, "0.1124"), fillAt, fillCandle.tsInit(),
                entryFilled.eventId(), FillExecuted.SCHEMA_VERSION, entryId, positionId, symbol, "paper", OrderPurpose.ENTRY,
                Side.BUY, ENTRY_PRICE, QUANTITY, ENTRY_FEE, "USDT", Liquidity.TAKER, null);
        opened = new PositionChanged(Ids.derive("position-changed", positionId, "open"), fillAt, fillCandle.tsInit(),
                entryFill.eventId(), PositionChanged.SCHEMA_VERSION, symbol, positionId, PositionSide.LONG, QUANTITY,
                ENTRY_PRICE, new BigDecimal("65870.00"), EXIT_PRICE, new BigDecimal("0.0000"), ENTRY_FEE, fillAt, null);
        exitOrderId = Ids.exitOrderId(entryId, OrderPurpose.TAKE_PROFIT.name());
        Instant exitAt = exitCandle.closeTime();
        exitSubmitted = new OrderSubmitted(Ids.derive("order-submitted", exitOrderId.value()), exitAt, exitCandle.tsInit(),
                exitCandle.eventId(), OrderSubmitted.SCHEMA_VERSION, exitOrderId, symbol, "paper", OrderPurpose.TAKE_PROFIT,
                Side.SELL, OrderType.MARKET, QUANTITY, null, null, null);
        exitAccepted = new OrderAccepted(Ids.derive("order-accepted", exitOrderId.value()), exitAt, exitCandle.tsInit(),
                exitCandle.eventId(), OrderAccepted.SCHEMA_VERSION, exitOrderId, symbol, "paper-" + exitOrderId.value());
        exitFilled = new OrderFilled(Ids.derive("order-filled", exitOrderId.value(), "0.1124"), exitAt, exitCandle.tsInit(),
                exitCandle.eventId(), OrderFilled.SCHEMA_VERSION, exitOrderId, symbol, Side.SELL, QUANTITY, EXIT_PRICE,
                QUANTITY, new BigDecimal("0.0000"), EXIT_PRICE);
        exitFill = new FillExecuted(Ids.derive("fill", exitOrderId.value(), "0.1124"), exitAt, exitCandle.tsInit(),
                exitFilled.eventId(), FillExecuted.SCHEMA_VERSION, exitOrderId, positionId, symbol, "paper",
                OrderPurpose.TAKE_PROFIT, Side.SELL, EXIT_PRICE, QUANTITY, EXIT_FEE, "USDT", Liquidity.MAKER, REALIZED_PNL);
        closed = new PositionChanged(Ids.derive("position-changed", positionId, "flat"), exitAt, exitCandle.tsInit(),
                exitFill.eventId(), PositionChanged.SCHEMA_VERSION, symbol, positionId, PositionSide.FLAT,
                new BigDecimal("0.0000"), null, null, null, REALIZED_PNL, ENTRY_FEE.add(EXIT_FEE), fillAt, exitAt);
    }

    /** The decision's checks, all passed (percentages in percent). */
    public static List<RiskCheck> checks() {
        return List.of(
                new RiskCheck("confidence", true, new BigDecimal("0.62"), ">", new BigDecimal("0.55"), null, null),
                new RiskCheck("open_position", true, new BigDecimal("0"), "==", new BigDecimal("0"), null, "no open position"),
                new RiskCheck("daily_loss_pct", true, new BigDecimal("0.00"), "<", new BigDecimal("5.00"), null, null),
                new RiskCheck("atr_pct", true, new BigDecimal("1.3156"), "between", new BigDecimal("0.50"),
                        new BigDecimal("3.00"), null),
                new RiskCheck("spread_pct", true, new BigDecimal("0.0015"), "<", new BigDecimal("0.10"), null, null));
    }

    /** Every event with its catalog topic, in the order the services publish them. */
    public List<Map.Entry<String, Event>> published() {
        List<Map.Entry<String, Event>> out = new ArrayList<>();
        out.add(Map.entry(Topics.CANDLES, candle));
        out.add(Map.entry(Topics.FEATURES, features));
        out.add(Map.entry(Topics.PREDICTIONS, prediction));
        out.add(Map.entry(Topics.SIGNALS, decision));
        out.add(Map.entry(Topics.ORDERS, entrySubmitted));
        out.add(Map.entry(Topics.ORDERS, entryAccepted));
        out.add(Map.entry(Topics.CANDLES, fillCandle));
        out.add(Map.entry(Topics.ORDERS, entryFilled));
        out.add(Map.entry(Topics.FILLS, entryFill));
        out.add(Map.entry(Topics.POSITIONS, opened));
        out.add(Map.entry(Topics.CANDLES, exitCandle));
        out.add(Map.entry(Topics.ORDERS, exitSubmitted));
        out.add(Map.entry(Topics.ORDERS, exitAccepted));
        out.add(Map.entry(Topics.ORDERS, exitFilled));
        out.add(Map.entry(Topics.FILLS, exitFill));
        out.add(Map.entry(Topics.POSITIONS, closed));
        return out;
    }

    /** The chain explain answers for any id of this trade: its events in causal order (event ids). */
    public List<String> chainIds() {
        return List.of(candle, features, prediction, decision, entrySubmitted, entryAccepted, entryFilled, entryFill,
                opened, exitSubmitted, exitAccepted, exitFilled, exitFill, closed).stream()
                .map(e -> e.eventId().value()).toList();
    }

    private CandleClosed candle(Instant open, String o, String h, String l, String c) {
        Instant closeTime = open.plus(INTERVAL.duration()).minusMillis(1);
        return new CandleClosed(Ids.candleId("binance", symbol, INTERVAL, open), closeTime, closeTime.plusMillis(413), null,
                CandleClosed.SCHEMA_VERSION, "binance", symbol, INTERVAL, open, closeTime, new BigDecimal(o),
                new BigDecimal(h), new BigDecimal(l), new BigDecimal(c), new BigDecimal("1133.66513000"),
                new BigDecimal("76567742.93411230"), 59_327);
    }
}
