package dev.sextant.gateway;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Hand-written event fixtures with sensible defaults. */
public final class TestEvents {
    public static final Instant T0 = Instant.parse("2024-01-15T14:00:00Z");

    private TestEvents() {}

    /** A closed 1m candle of {@code symbol} opening {@code minute} minutes after {@link #T0}. */
    public static CandleClosed candle(String symbol, int minute, String close) {
        Instant open = T0.plusSeconds(60L * minute);
        Symbol s = new Symbol(symbol);
        BigDecimal c = new BigDecimal(close);
        return new CandleClosed(Ids.candleId("binance", s, Interval.M1, open), open.plusSeconds(60), open.plusSeconds(61),
                null, CandleClosed.SCHEMA_VERSION, "binance", s, Interval.M1, open, open.plusSeconds(60).minusMillis(1),
                c.subtract(BigDecimal.TEN), c.add(BigDecimal.TEN), c.subtract(new BigDecimal("20")), c,
                new BigDecimal("12.5"), c.multiply(new BigDecimal("12.5")), 340);
    }

    /** A closed 1h candle of {@code symbol} opening at {@code open} (close time one hour later minus 1 ms, as Binance's). */
    public static CandleClosed hourCandle(String symbol, Instant open, String openPrice, String close) {
        Symbol s = new Symbol(symbol);
        BigDecimal o = new BigDecimal(openPrice);
        BigDecimal c = new BigDecimal(close);
        Instant closeTime = open.plusSeconds(3600).minusMillis(1);
        return new CandleClosed(Ids.candleId("binance", s, Interval.H1, open), closeTime, closeTime, null,
                CandleClosed.SCHEMA_VERSION, "binance", s, Interval.H1, open, closeTime, o, o.max(c).add(BigDecimal.ONE),
                o.min(c).subtract(BigDecimal.ONE), c, new BigDecimal("3"), c.multiply(new BigDecimal("3")), 100);
    }

    /** A prediction for the candle {@code minute} minutes after {@link #T0}. */
    public static PredictionMade prediction(String symbol, int minute, double probUp) {
        Instant candleOpen = T0.plusSeconds(60L * minute);
        EventId features = Ids.derive("features-test", symbol, candleOpen);
        double confidence = Math.max(probUp, 1 - probUp);
        return new PredictionMade(Ids.derivedFrom("prediction", features), candleOpen.plusSeconds(61), candleOpen.plusSeconds(62),
                features, PredictionMade.SCHEMA_VERSION, new Symbol(symbol), Interval.M1, candleOpen,
                new ModelId("direction-logreg"), "v1", "fs-v1", probUp, 1 - probUp, confidence,
                List.of(new HorizonForecast(1, probUp, 1 - probUp, confidence)));
    }

    /**
     * Risk-service's approval to BUY {@code quantity} of {@code symbol} at about {@code referencePrice}, decided on the
     * {@code interval} candle opening at {@code candleOpen}, as {@code RiskEngine.decide} makes it: its id derived from
     * its prediction's, its {@code tsEvent} the prediction's (the candle's close), a 3 % stop-loss and a 6 % take-profit.
     * The entry order it places, and so the position, is {@link #positionId(RiskDecisionMade)}; execution fills it from
     * the next candle's open ({@code candleOpen + interval}) on, so publish it on {@code signals} with its fills.
     */
    public static RiskDecisionMade approvedBuy(String symbol, Interval interval, Instant candleOpen, String quantity,
                                               String referencePrice) {
        EventId features = Ids.derive("features-test", symbol, interval.code(), candleOpen);
        EventId prediction = Ids.derivedFrom("prediction", features);
        Instant close = candleOpen.plus(interval.duration());
        BigDecimal q = new BigDecimal(quantity);
        BigDecimal ref = new BigDecimal(referencePrice);
        BigDecimal stop = ref.multiply(new BigDecimal("0.97"));
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, q, ref, stop, ref.multiply(new BigDecimal("1.06")),
                q.multiply(ref.subtract(stop)));
        return new RiskDecisionMade(Ids.derivedFrom("decision", prediction), close, close.plusSeconds(1), prediction,
                RiskDecisionMade.SCHEMA_VERSION, new Symbol(symbol), interval, candleOpen, true, intent,
                List.of(new RiskCheck("confidence", true, new BigDecimal("0.67"), ">=", new BigDecimal("0.55"), null, null)),
                "all checks passed");
    }

    /** The position (= entry client order id) an approved decision opens: {@code Ids.clientOrderId(decision id)}. */
    public static String positionId(RiskDecisionMade decision) {
        return Ids.clientOrderId(decision.eventId()).value();
    }

    /** The BUY entry fill of position {@code positionId}. */
    public static FillExecuted entry(String symbol, String positionId, String price, String quantity, Instant at) {
        return new FillExecuted(Ids.derive("fill-test", positionId, "entry"), at, at, Ids.derive("order-test", positionId),
                FillExecuted.SCHEMA_VERSION, new ClientOrderId(positionId), positionId, new Symbol(symbol), "paper",
                OrderPurpose.ENTRY, Side.BUY, new BigDecimal(price), new BigDecimal(quantity), new BigDecimal("0.5"),
                "USDT", Liquidity.TAKER, null);
    }

    /** The SELL exit fill of the LONG position {@code positionId}. */
    public static FillExecuted exit(String symbol, String positionId, OrderPurpose purpose, String price, String quantity,
                                    String realizedPnl, Instant at) {
        ClientOrderId exitId = Ids.exitOrderId(new ClientOrderId(positionId), purpose.name());
        return new FillExecuted(Ids.derive("fill-test", positionId, purpose), at, at, Ids.derive("order-test", exitId),
                FillExecuted.SCHEMA_VERSION, exitId, positionId, new Symbol(symbol), "paper",
                purpose, Side.SELL, new BigDecimal(price), new BigDecimal(quantity), new BigDecimal("0.5"),
                "USDT", Liquidity.TAKER, new BigDecimal(realizedPnl));
    }

    /** An open LONG position at a BTC-like price: stop-loss 1,780 below the entry, take-profit 3,560 above. */
    public static PositionChanged longPosition(String symbol, String positionId, String quantity, String entry, Instant at) {
        BigDecimal e = new BigDecimal(entry);
        return longPosition(symbol, positionId, quantity, entry, e.subtract(new BigDecimal("1780")).toPlainString(),
                e.add(new BigDecimal("3560")).toPlainString(), at);
    }

    /** An open LONG position with the given stop-loss and take-profit (prices: positive). */
    public static PositionChanged longPosition(String symbol, String positionId, String quantity, String entry,
                                               String stopLoss, String takeProfit, Instant at) {
        return new PositionChanged(Ids.derive("position-test", positionId, at), at, at, null, PositionChanged.SCHEMA_VERSION,
                new Symbol(symbol), positionId, PositionSide.LONG, new BigDecimal(quantity), new BigDecimal(entry),
                new BigDecimal(stopLoss), new BigDecimal(takeProfit), BigDecimal.ZERO, new BigDecimal("0.5"), at, null);
    }

    /** Risk-service announcing {@code state}. */
    public static TradingStateChanged tradingState(TradingState state, TradingState previous, Instant at) {
        return tradingState(state, previous, at, at, "requested by api");
    }

    /** Risk-service announcing {@code state} at {@code tsInit} (its clock) for an event of time {@code tsEvent}. */
    public static TradingStateChanged tradingState(TradingState state, TradingState previous, Instant tsEvent, Instant tsInit,
                                                   String reason) {
        return new TradingStateChanged(Ids.derive("state-test", state, tsEvent, tsInit), tsEvent, tsInit, null,
                TradingStateChanged.SCHEMA_VERSION, null, state, previous, reason);
    }
}
