package dev.sextant.risk.domain;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Hand-written event fixtures with the worked example's numbers as defaults. */
public final class TestEvents {
    public static final Symbol BTC = Symbol.of("BTCUSDT");
    public static final Symbol ETH = Symbol.of("ETHUSDT");
    public static final Instant T0 = Instant.parse("2024-03-01T14:00:00Z");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T15:00:03Z"), ZoneOffset.UTC);
    public static final List<String> FEATURE_NAMES = List.of("close", "sma_10", "sma_20", "sma_50", "ema_12", "ema_26",
            "macd", "macd_signal", "macd_hist", "rsi_14", "atr_14", "bb_upper", "bb_middle", "bb_lower", "bb_width",
            "ret_1", "ret_2", "ret_3", "volume_ratio_20", "zscore_20");

    private TestEvents() {}

    public static Instant candle(int n) {
        return T0.plus(Interval.H1.duration().multipliedBy(n));
    }

    public static PredictionMade prediction(Symbol symbol, Instant candle, double probUp, double confidence) {
        return prediction(symbol, candle, probUp, 1.0 - probUp, confidence);
    }

    public static PredictionMade prediction(Symbol symbol, Instant candle, double probUp, double probDown, double confidence) {
        EventId featuresId = Ids.derive("features", symbol, candle);
        Instant ts = candle.plus(Interval.H1.duration());
        return new PredictionMade(Ids.derivedFrom("prediction", featuresId), ts, ts, featuresId, PredictionMade.SCHEMA_VERSION,
                symbol, Interval.H1, candle, ModelId.of("direction-logreg"), "1", "fs-v1", probUp, probDown, confidence,
                List.of(new HorizonForecast(1, probUp, probDown, confidence)));
    }

    public static PredictionMade prediction(double confidence) {
        return prediction(BTC, T0, confidence, confidence);
    }

    public static FeaturesComputed features(Symbol symbol, Instant candle, double close, Double atr) {
        List<Double> values = new ArrayList<>(Collections.nCopies(FEATURE_NAMES.size(), 1.0));
        values.set(FEATURE_NAMES.indexOf("close"), close);
        values.set(FEATURE_NAMES.indexOf("atr_14"), atr);
        Instant ts = candle.plus(Interval.H1.duration());
        return new FeaturesComputed(Ids.derive("features", symbol, candle), ts, ts, Ids.candleId("binance", symbol, Interval.H1, candle),
                FeaturesComputed.SCHEMA_VERSION, symbol, Interval.H1, candle, "fs-v1", FEATURE_NAMES, values, atr != null);
    }

    public static MarketMark mark(Symbol symbol, Instant candle, String close, String atr) {
        return new MarketMark(new CandleKey(symbol, Interval.H1, candle), new BigDecimal(close), atr == null ? null : new BigDecimal(atr));
    }

    public static MarketMark workedMark() {
        return MarketMark.of(features(BTC, T0, 67650.0, 890.0));
    }

    public static FillExecuted entryFill(Symbol symbol, ClientOrderId orderId, Instant ts, String price, String qty, String fee) {
        return new FillExecuted(Ids.derive("fill", orderId, ts), ts, ts, Ids.derive("order", orderId), FillExecuted.SCHEMA_VERSION,
                orderId, orderId.value(), symbol, "paper", OrderPurpose.ENTRY, Side.BUY, new BigDecimal(price),
                new BigDecimal(qty), new BigDecimal(fee), "USDT", Liquidity.TAKER, null);
    }

    public static FillExecuted exitFill(Symbol symbol, ClientOrderId entryId, Instant ts, String price, String qty, String fee,
                                        String realizedPnl) {
        ClientOrderId exitId = Ids.exitOrderId(entryId, "STOP_LOSS");
        return new FillExecuted(Ids.derive("fill", exitId, ts), ts, ts, Ids.derive("order", exitId), FillExecuted.SCHEMA_VERSION,
                exitId, entryId.value(), symbol, "paper", OrderPurpose.STOP_LOSS, Side.SELL, new BigDecimal(price),
                new BigDecimal(qty), new BigDecimal(fee), "USDT", Liquidity.TAKER, new BigDecimal(realizedPnl));
    }

    public static PositionChanged position(Symbol symbol, String positionId, PositionSide side, String qty, String avg, Instant ts) {
        return new PositionChanged(Ids.derive("position", positionId, side, ts), ts, ts, null, PositionChanged.SCHEMA_VERSION,
                symbol, positionId, side, new BigDecimal(qty), avg == null ? null : new BigDecimal(avg), null, null,
                BigDecimal.ZERO, BigDecimal.ZERO, ts, side == PositionSide.FLAT ? ts : null);
    }

    public static OrderRejected rejected(Symbol symbol, ClientOrderId orderId, Instant ts) {
        return new OrderRejected(Ids.derive("rejected", orderId), ts, ts, Ids.derive("order", orderId),
                OrderRejected.SCHEMA_VERSION, orderId, symbol, "insufficient balance");
    }

    public static OrderBookSnapshotTaken book(Symbol symbol, String bid, String ask, Instant ts) {
        return new OrderBookSnapshotTaken(Ids.derive("book", symbol, ts), ts, ts, null, OrderBookSnapshotTaken.SCHEMA_VERSION,
                "binance", symbol, 1L, List.of(new BookLevel(new BigDecimal(bid), BigDecimal.ONE)),
                List.of(new BookLevel(new BigDecimal(ask), BigDecimal.ONE)));
    }

    public static StartRequested start(Instant ts) {
        return new StartRequested(Ids.derive("start", ts), ts, ts, null, StartRequested.SCHEMA_VERSION, null, "operator");
    }

    public static StopRequested stop(Instant ts) {
        return new StopRequested(Ids.derive("stop", ts), ts, ts, null, StopRequested.SCHEMA_VERSION, null, "operator");
    }

    public static PauseRequested pause(Instant ts) {
        return new PauseRequested(Ids.derive("pause", ts), ts, ts, null, PauseRequested.SCHEMA_VERSION, null, "operator");
    }

    public static ResumeRequested resume(Instant ts) {
        return new ResumeRequested(Ids.derive("resume", ts), ts, ts, null, ResumeRequested.SCHEMA_VERSION, null, "operator");
    }

    public static SettingsUpdateRequested settings(String service, Map<String, String> settings, Instant ts) {
        return new SettingsUpdateRequested(Ids.derive("settings", ts, settings), ts, ts, null,
                SettingsUpdateRequested.SCHEMA_VERSION, null, "operator", service, settings);
    }
}
