package dev.sextant.contracts;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.RetrainRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.event.StrategySwitchRequested;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written event stubs with sensible defaults (in the style of NautilusTrader's
 * {@code TestEventStubs}): one factory per event type, all describing one coherent story on the
 * BTCUSDT 1h chart, the worked example of DESIGN.md:
 *
 * <ol>
 *   <li>the 12:00 candle of 2024-04-05 closes at 67,650.00 with an ATR-sized (890) range;
 *   <li>its features show ATR(14) = 890 (1.32 % of price); the model predicts up with confidence 0.62;
 *   <li>risk approves: capital 10,000 USDT, risk 2 % = 200, stop = 67,650 − 2 × 890 = 65,870,
 *       take-profit = 67,650 + 2 × 1,780 = 71,210, size = 200 / 1,780 = 0.1124 BTC, after the checks
 *       confidence &gt; 0.55, no open position, daily loss &lt; 5 %, ATR/price within 0.5 %–3 %, spread &lt; 0.1 %;
 *   <li>the entry order fills at 67,652.10 (taker, 0.1 % fee), the position opens;
 *   <li>the take-profit fills at 71,210.00 (maker) and the position closes at about +400 before fees.
 * </ol>
 *
 * Every id is derived the way the platform derives it ({@link Ids}), and each event's
 * {@code causationId} is the id of the event before it. Variants (a denied decision, a limit
 * exit order, an exit fill, a closed position, a warming-up feature vector) exist where an event
 * has conditionally required fields; {@link #variants()} lists them all.
 *
 * <p>Every concrete {@link Event} type must have a factory listed in {@link #all()}: {@code
 * TestEventsTest} walks the sealed hierarchy and fails the build for an event without one.
 */
public final class TestEvents {
    private TestEvents() {}

    public static final String EXCHANGE = "binance";
    public static final Symbol BTCUSDT = Symbol.of("BTCUSDT");
    public static final Interval INTERVAL = Interval.H1;
    public static final String VENUE = "paper";
    public static final String OPERATOR = "alice";
    public static final ModelId MODEL = ModelId.of("direction-logreg");
    public static final String MODEL_VERSION = "2024.04.01-1";
    public static final String FEATURE_SET = "fs-v1";

    /** Open time of the candle everything starts from: 2024-04-05 12:00 UTC. */
    public static final Instant CANDLE_OPEN = Instant.parse("2024-04-05T12:00:00Z");
    /** Binance's close time of that candle: the last millisecond of the hour. */
    public static final Instant CANDLE_CLOSE = CANDLE_OPEN.plus(INTERVAL.duration()).minusMillis(1);

    // The DESIGN.md worked example.
    public static final BigDecimal CAPITAL = bd("10000.00");
    public static final BigDecimal RISK_PER_TRADE = bd("200.00");
    public static final BigDecimal ATR = bd("890.00");
    public static final BigDecimal CLOSE = bd("67650.00");
    public static final BigDecimal STOP_LOSS = bd("65870.00");
    public static final BigDecimal TAKE_PROFIT = bd("71210.00");
    public static final BigDecimal QUANTITY = bd("0.1124");
    public static final BigDecimal MIN_CONFIDENCE = bd("0.55");

    // How the trade went.
    public static final BigDecimal ENTRY_PRICE = bd("67652.10");
    public static final BigDecimal ENTRY_FEE = bd("7.6041");   // 0.1 % taker of 67,652.10 × 0.1124
    public static final BigDecimal EXIT_FEE = bd("8.0040");    // 0.1 % maker of 71,210.00 × 0.1124
    public static final BigDecimal REALIZED_PNL = bd("384.2999"); // (71,210.00 − 67,652.10) × 0.1124 − both fees

    // ---------------------------------------------------------------- market data

    /** The BTCUSDT 1h candle of 2024-04-05 12:00 UTC: open 67,320, high 67,980, low 67,090, close 67,650. */
    public static CandleClosed candle() {
        return candle(CANDLE_OPEN, "67320.00", "67980.00", "67090.00", "67650.00");
    }

    /** A BTCUSDT 1h candle opening at {@code openTime} with the given prices (volume as the default candle). */
    public static CandleClosed candle(Instant openTime, String open, String high, String low, String close) {
        Instant closeTime = openTime.plus(INTERVAL.duration()).minusMillis(1);
        return new CandleClosed(
                Ids.candleId(EXCHANGE, BTCUSDT, INTERVAL, openTime),
                closeTime,
                closeTime.plusMillis(413),
                null,
                CandleClosed.SCHEMA_VERSION,
                EXCHANGE,
                BTCUSDT,
                INTERVAL,
                openTime,
                closeTime,
                bd(open),
                bd(high),
                bd(low),
                bd(close),
                bd("1133.66513000"),
                bd("76567742.93411230"),
                59_327);
    }

    /** A taker buy of 0.00412 BTC printed at 67,650.00 a second before the candle closed. */
    public static MarketTradeExecuted marketTrade() {
        long tradeId = 3_532_117_840L;
        Instant ts = CANDLE_CLOSE.minusMillis(1_204);
        return new MarketTradeExecuted(
                Ids.derive("trade", EXCHANGE, BTCUSDT, tradeId),
                ts,
                ts.plusMillis(38),
                null,
                MarketTradeExecuted.SCHEMA_VERSION,
                EXCHANGE,
                BTCUSDT,
                tradeId,
                bd("67650.00"),
                bd("0.00412000"),
                Side.BUY);
    }

    /** The top 5 levels of the book at the candle's close: best bid 67,649.99, best ask 67,650.00. */
    public static OrderBookSnapshotTaken orderBookSnapshot() {
        long lastUpdateId = 46_028_114_913L;
        Instant ts = CANDLE_CLOSE.minusMillis(250);
        return new OrderBookSnapshotTaken(
                Ids.derive("orderbook", EXCHANGE, BTCUSDT, lastUpdateId),
                ts,
                ts.plusMillis(12),
                null,
                OrderBookSnapshotTaken.SCHEMA_VERSION,
                EXCHANGE,
                BTCUSDT,
                lastUpdateId,
                List.of(
                        level("67649.99", "2.84211000"),
                        level("67649.50", "0.12000000"),
                        level("67648.72", "0.40518000"),
                        level("67648.00", "1.00000000"),
                        level("67647.31", "0.07390000")),
                List.of(
                        level("67650.00", "0.51722000"),
                        level("67650.01", "0.00150000"),
                        level("67651.20", "0.33000000"),
                        level("67652.10", "1.94000000"),
                        level("67653.00", "0.02800000")));
    }

    public static BookLevel level(String price, String quantity) {
        return new BookLevel(bd(price), bd(quantity));
    }

    // ---------------------------------------------------------------- features and predictions

    /** Feature names of feature set {@value #FEATURE_SET}, in order. */
    public static final List<String> FEATURE_NAMES = List.of(
            "return_1", "return_4", "rsi_14", "atr_14", "atr_pct", "ema_ratio_12_26", "volume_z_20", "spread_pct");

    /** The warm feature vector of {@link #candle()}: ATR(14) 890.0 = 1.3156 % of the close. */
    public static FeaturesComputed features() {
        return features(Arrays.asList(0.004902, 0.011210, 58.31, 890.0, 1.3156, 1.00418, 0.8427, 0.0015), true);
    }

    /** The same candle's vector while the slow indicators still warm up (null values, {@code warm} false). */
    public static FeaturesComputed featuresWarmingUp() {
        return features(Arrays.asList(0.004902, 0.011210, null, null, null, null, 0.8427, 0.0015), false);
    }

    private static FeaturesComputed features(List<Double> values, boolean warm) {
        CandleClosed candle = candle();
        return new FeaturesComputed(
                Ids.derivedFrom("features", candle.eventId()),
                candle.tsEvent(),
                candle.tsInit().plusMillis(3),
                candle.eventId(),
                FeaturesComputed.SCHEMA_VERSION,
                BTCUSDT,
                INTERVAL,
                CANDLE_OPEN,
                FEATURE_SET,
                FEATURE_NAMES,
                values,
                warm);
    }

    /** The model predicts up over the next candle with confidence 0.62 (and 0.58 over four candles). */
    public static PredictionMade prediction() {
        FeaturesComputed features = features();
        return new PredictionMade(
                Ids.derivedFrom("prediction", features.eventId()),
                features.tsEvent(),
                features.tsInit().plusMillis(2),
                features.eventId(),
                PredictionMade.SCHEMA_VERSION,
                BTCUSDT,
                INTERVAL,
                CANDLE_OPEN,
                MODEL,
                MODEL_VERSION,
                FEATURE_SET,
                0.62,
                0.38,
                0.62,
                List.of(new HorizonForecast(1, 0.62, 0.38, 0.62), new HorizonForecast(4, 0.58, 0.42, 0.58)));
    }

    // ---------------------------------------------------------------- risk

    /** The DESIGN.md worked example's order: buy 0.1124 BTC at market, stop 65,870, take-profit 71,210. */
    public static OrderIntent orderIntent() {
        return new OrderIntent(Side.BUY, OrderType.MARKET, QUANTITY, CLOSE, STOP_LOSS, TAKE_PROFIT, bd("200.07"));
    }

    /** The checks of the worked example, every one passed (percentages in percent). */
    public static List<RiskCheck> passedChecks() {
        return List.of(
                check("confidence", true, "0.62", ">", "0.55", null, null),
                check("open_position", true, "0", "==", "0", null, "no open position in BTCUSDT"),
                check("daily_loss_pct", true, "0.00", "<", "5.00", null, null),
                check("atr_pct", true, "1.3156", "between", "0.50", "3.00", null),
                check("spread_pct", true, "0.0015", "<", "0.10", null, null));
    }

    public static RiskCheck check(String name, boolean passed, String value, String comparator,
                                  String threshold, String upperThreshold, String detail) {
        return new RiskCheck(name, passed, value == null ? null : bd(value), comparator,
                threshold == null ? null : bd(threshold), upperThreshold == null ? null : bd(upperThreshold), detail);
    }

    /** Risk approves the worked example (capital 10,000, risk 200, 0.1124 BTC at 67,650). */
    public static RiskDecisionMade riskDecisionApproved() {
        return riskDecision(true, orderIntent(), passedChecks(), null);
    }

    /** Risk denies a weaker prediction (confidence 0.51 &lt; 0.55) and shows the intent it would have sized. */
    public static RiskDecisionMade riskDecisionDenied() {
        List<RiskCheck> checks = new ArrayList<>(passedChecks());
        checks.set(0, check("confidence", false, "0.51", ">", "0.55", null, null));
        return riskDecision(false, orderIntent(), checks, "confidence 0.51 is not > 0.55");
    }

    /** Risk denies before it could size anything: no order book yet, so the spread is unknown. */
    public static RiskDecisionMade riskDecisionDeniedUnsized() {
        List<RiskCheck> checks = new ArrayList<>(passedChecks());
        checks.set(4, check("spread_pct", false, null, "<", "0.10", null, "no order book for BTCUSDT yet"));
        return riskDecision(false, null, checks, "spread_pct unknown: no order book for BTCUSDT yet");
    }

    private static RiskDecisionMade riskDecision(boolean approved, OrderIntent intent, List<RiskCheck> checks,
                                                 String reason) {
        PredictionMade prediction = prediction();
        return new RiskDecisionMade(
                Ids.derivedFrom("risk-decision", prediction.eventId()),
                prediction.tsEvent(),
                prediction.tsInit().plusMillis(1),
                prediction.eventId(),
                RiskDecisionMade.SCHEMA_VERSION,
                BTCUSDT,
                INTERVAL,
                CANDLE_OPEN,
                approved,
                intent,
                checks,
                reason);
    }

    // ---------------------------------------------------------------- orders

    /** The entry order's client id: derived from the approved decision's id. */
    public static ClientOrderId entryOrderId() {
        return Ids.clientOrderId(riskDecisionApproved().eventId());
    }

    /** The take-profit order's client id: derived from the entry order's. */
    public static ClientOrderId takeProfitOrderId() {
        return Ids.exitOrderId(entryOrderId(), "take-profit");
    }

    /** The worked example's entry: market buy 0.1124 BTC with its protective stop and take-profit. */
    public static OrderSubmitted orderSubmitted() {
        RiskDecisionMade decision = riskDecisionApproved();
        return new OrderSubmitted(
                Ids.derivedFrom("order-submitted", decision.eventId()),
                decision.tsEvent(),
                decision.tsInit().plusMillis(4),
                decision.eventId(),
                OrderSubmitted.SCHEMA_VERSION,
                entryOrderId(),
                BTCUSDT,
                VENUE,
                OrderPurpose.ENTRY,
                Side.BUY,
                OrderType.MARKET,
                QUANTITY,
                null,
                STOP_LOSS,
                TAKE_PROFIT);
    }

    /** The protective take-profit of that position: limit sell 0.1124 BTC at 71,210.00. */
    public static OrderSubmitted takeProfitSubmitted() {
        FillExecuted entry = fillEntry();
        return new OrderSubmitted(
                Ids.derivedFrom("order-submitted", entry.eventId()),
                entry.tsEvent(),
                entry.tsInit().plusMillis(6),
                entry.eventId(),
                OrderSubmitted.SCHEMA_VERSION,
                takeProfitOrderId(),
                BTCUSDT,
                VENUE,
                OrderPurpose.TAKE_PROFIT,
                Side.SELL,
                OrderType.LIMIT,
                QUANTITY,
                TAKE_PROFIT,
                null,
                null);
    }

    public static OrderAccepted orderAccepted() {
        OrderSubmitted submitted = orderSubmitted();
        return new OrderAccepted(
                Ids.derivedFrom("order-accepted", submitted.eventId()),
                submitted.tsEvent().plusMillis(61),
                submitted.tsInit().plusMillis(63),
                submitted.eventId(),
                OrderAccepted.SCHEMA_VERSION,
                submitted.clientOrderId(),
                BTCUSDT,
                "28457193524");
    }

    /** The venue refuses the entry (Binance's error -2010). */
    public static OrderRejected orderRejected() {
        OrderSubmitted submitted = orderSubmitted();
        return new OrderRejected(
                Ids.derivedFrom("order-rejected", submitted.eventId()),
                submitted.tsEvent().plusMillis(58),
                submitted.tsInit().plusMillis(60),
                submitted.eventId(),
                OrderRejected.SCHEMA_VERSION,
                submitted.clientOrderId(),
                BTCUSDT,
                "Account has insufficient balance for requested action.");
    }

    /** The take-profit is canceled, unfilled, because the operator closed the position by hand. */
    public static OrderCanceled orderCanceled() {
        OrderSubmitted takeProfit = takeProfitSubmitted();
        Instant ts = takeProfit.tsEvent().plus(Duration.ofHours(2));
        return new OrderCanceled(
                Ids.derivedFrom("order-canceled", takeProfit.eventId()),
                ts,
                ts.plusMillis(44),
                takeProfit.eventId(),
                OrderCanceled.SCHEMA_VERSION,
                takeProfit.clientOrderId(),
                BTCUSDT,
                "position closed by operator",
                bd("0.0000"));
    }

    /** The take-profit's time in force ran out before the price got there. */
    public static OrderExpired orderExpired() {
        OrderSubmitted takeProfit = takeProfitSubmitted();
        Instant ts = takeProfit.tsEvent().plus(Duration.ofDays(7));
        return new OrderExpired(
                Ids.derivedFrom("order-expired", takeProfit.eventId()),
                ts,
                ts.plusMillis(51),
                takeProfit.eventId(),
                OrderExpired.SCHEMA_VERSION,
                takeProfit.clientOrderId(),
                BTCUSDT,
                bd("0.0000"));
    }

    /** The entry fills completely: 0.1124 BTC at 67,652.10. */
    public static OrderFilled orderFilled() {
        OrderAccepted accepted = orderAccepted();
        return new OrderFilled(
                Ids.derivedFrom("order-filled", accepted.eventId()),
                accepted.tsEvent().plusMillis(2),
                accepted.tsInit().plusMillis(3),
                accepted.eventId(),
                OrderFilled.SCHEMA_VERSION,
                accepted.clientOrderId(),
                BTCUSDT,
                Side.BUY,
                QUANTITY,
                ENTRY_PRICE,
                QUANTITY,
                bd("0.0000"),
                ENTRY_PRICE);
    }

    // ---------------------------------------------------------------- fills and positions

    /** Accounting's view of the entry fill: taker, 7.6041 USDT fee, no realised P&amp;L yet. */
    public static FillExecuted fillEntry() {
        OrderFilled filled = orderFilled();
        return new FillExecuted(
                Ids.derivedFrom("fill", filled.eventId()),
                filled.tsEvent(),
                filled.tsInit().plusMillis(1),
                filled.eventId(),
                FillExecuted.SCHEMA_VERSION,
                filled.clientOrderId(),
                filled.clientOrderId().value(),
                BTCUSDT,
                VENUE,
                OrderPurpose.ENTRY,
                Side.BUY,
                ENTRY_PRICE,
                QUANTITY,
                ENTRY_FEE,
                "USDT",
                Liquidity.TAKER,
                null);
    }

    /** The take-profit fills at 71,210.00 (maker): realised P&amp;L 384.2999 USDT net of both fees. */
    public static FillExecuted fillExit() {
        OrderSubmitted takeProfit = takeProfitSubmitted();
        Instant ts = Instant.parse("2024-04-08T03:17:42.118Z");
        return new FillExecuted(
                Ids.derive("fill", takeProfit.clientOrderId(), ts),
                ts,
                ts.plusMillis(57),
                takeProfit.eventId(),
                FillExecuted.SCHEMA_VERSION,
                takeProfit.clientOrderId(),
                entryOrderId().value(),
                BTCUSDT,
                VENUE,
                OrderPurpose.TAKE_PROFIT,
                Side.SELL,
                TAKE_PROFIT,
                QUANTITY,
                EXIT_FEE,
                "USDT",
                Liquidity.MAKER,
                REALIZED_PNL);
    }

    /** The position after the entry fill: long 0.1124 BTC at 67,652.10 with its stop and take-profit. */
    public static PositionChanged positionOpened() {
        FillExecuted fill = fillEntry();
        return new PositionChanged(
                Ids.derivedFrom("position", fill.eventId()),
                fill.tsEvent(),
                fill.tsInit().plusMillis(1),
                fill.eventId(),
                PositionChanged.SCHEMA_VERSION,
                BTCUSDT,
                fill.positionId(),
                PositionSide.LONG,
                QUANTITY,
                ENTRY_PRICE,
                STOP_LOSS,
                TAKE_PROFIT,
                bd("0.0000"),
                ENTRY_FEE,
                fill.tsEvent(),
                null);
    }

    /** The position after the take-profit fill: flat, realised 384.2999 USDT, fees 15.6081 USDT. */
    public static PositionChanged positionClosed() {
        FillExecuted fill = fillExit();
        return new PositionChanged(
                Ids.derivedFrom("position", fill.eventId()),
                fill.tsEvent(),
                fill.tsInit().plusMillis(1),
                fill.eventId(),
                PositionChanged.SCHEMA_VERSION,
                BTCUSDT,
                fill.positionId(),
                PositionSide.FLAT,
                bd("0.0000"),
                null,
                null,
                null,
                REALIZED_PNL,
                ENTRY_FEE.add(EXIT_FEE),
                fillEntry().tsEvent(),
                fill.tsEvent());
    }

    /**
     * Execution settles the 13:00 candle (the entry's fill candle): one fill and one position change
     * belong to candles up to it, no order outcome, and the approved decision is taken.
     */
    public static CandleSettled candleSettled() {
        FillExecuted fill = fillEntry();
        Instant openTime = CANDLE_OPEN.plus(INTERVAL.duration());
        return CandleSettled.of(BTCUSDT, INTERVAL, openTime, 1, 1, 0, riskDecisionApproved().eventId(), fill.eventId(),
                openTime.plus(INTERVAL.duration()).plusMillis(35));
    }

    /** Execution settles the decision's 12:00 candle before any decision was taken: nothing counted yet. */
    public static CandleSettled candleSettledBeforeAnyDecision() {
        return CandleSettled.of(BTCUSDT, INTERVAL, CANDLE_OPEN, 0, 0, 0, null, candle().eventId(),
                CANDLE_CLOSE.plusMillis(35));
    }

    // ---------------------------------------------------------------- control

    /** When the operator's commands were sent: 2024-04-05 09:30 UTC. */
    public static final Instant COMMAND_TIME = Instant.parse("2024-04-05T09:30:00Z");

    private static EventId commandId(String command, Instant ts) {
        return Ids.derive("control", command, OPERATOR, ts);
    }

    /** Start trading every symbol. */
    public static StartRequested startRequested() {
        return new StartRequested(commandId("start", COMMAND_TIME), COMMAND_TIME, COMMAND_TIME.plusMillis(2), null,
                StartRequested.SCHEMA_VERSION, null, OPERATOR);
    }

    /** Stop trading every symbol. */
    public static StopRequested stopRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofHours(8));
        return new StopRequested(commandId("stop", ts), ts, ts.plusMillis(2), null,
                StopRequested.SCHEMA_VERSION, null, OPERATOR);
    }

    /** Pause BTCUSDT. */
    public static PauseRequested pauseRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofMinutes(5));
        return new PauseRequested(commandId("pause", ts), ts, ts.plusMillis(2), null,
                PauseRequested.SCHEMA_VERSION, BTCUSDT, OPERATOR);
    }

    /** Resume BTCUSDT. */
    public static ResumeRequested resumeRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofMinutes(20));
        return new ResumeRequested(commandId("resume", ts), ts, ts.plusMillis(2), null,
                ResumeRequested.SCHEMA_VERSION, BTCUSDT, OPERATOR);
    }

    /** Set risk-service's per-trade risk to 2 % and its minimum confidence to 0.55. */
    public static SettingsUpdateRequested settingsUpdateRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofMinutes(1));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("risk.per-trade-pct", "2.0");
        settings.put("risk.min-confidence", "0.55");
        return new SettingsUpdateRequested(commandId("settings", ts), ts, ts.plusMillis(2), null,
                SettingsUpdateRequested.SCHEMA_VERSION, null, OPERATOR, "risk-service", settings);
    }

    /** Switch BTCUSDT's predictions to the logistic-regression direction model. */
    public static StrategySwitchRequested strategySwitchRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofMinutes(2));
        return new StrategySwitchRequested(commandId("strategy", ts), ts, ts.plusMillis(2), null,
                StrategySwitchRequested.SCHEMA_VERSION, BTCUSDT, OPERATOR, MODEL.value());
    }

    /** Close the BTCUSDT position at market. */
    public static PositionCloseRequested positionCloseRequested() {
        Instant ts = Instant.parse("2024-04-05T15:02:10Z");
        return new PositionCloseRequested(commandId("close", ts), ts, ts.plusMillis(2), null,
                PositionCloseRequested.SCHEMA_VERSION, BTCUSDT, OPERATOR);
    }

    /** Retrain the direction model on BTCUSDT's stored candles. */
    public static RetrainRequested retrainRequested() {
        Instant ts = COMMAND_TIME.plus(Duration.ofHours(1));
        return new RetrainRequested(commandId("retrain", ts), ts, ts.plusMillis(2), null,
                RetrainRequested.SCHEMA_VERSION, BTCUSDT, OPERATOR, MODEL.value());
    }

    /** Risk-service pauses BTCUSDT because the operator asked it to. */
    public static TradingStateChanged tradingStateChanged() {
        PauseRequested pause = pauseRequested();
        return new TradingStateChanged(
                Ids.derivedFrom("trading-state", pause.eventId()),
                pause.tsEvent(),
                pause.tsInit().plusMillis(5),
                pause.eventId(),
                TradingStateChanged.SCHEMA_VERSION,
                BTCUSDT,
                TradingState.PAUSED,
                TradingState.RUNNING,
                "pause requested by " + OPERATOR);
    }

    // ---------------------------------------------------------------- catalogues

    /** One default event per concrete event type, in the order of the pipeline. */
    public static List<Event> all() {
        return List.of(
                candle(),
                marketTrade(),
                orderBookSnapshot(),
                features(),
                prediction(),
                riskDecisionApproved(),
                orderSubmitted(),
                orderAccepted(),
                orderRejected(),
                orderCanceled(),
                orderExpired(),
                orderFilled(),
                fillEntry(),
                positionOpened(),
                candleSettled(),
                startRequested(),
                stopRequested(),
                pauseRequested(),
                resumeRequested(),
                settingsUpdateRequested(),
                strategySwitchRequested(),
                positionCloseRequested(),
                retrainRequested(),
                tradingStateChanged());
    }

    /**
     * {@link #all()} plus the variants that take the other branch of a conditional rule: denied
     * decisions (with and without an intent), a limit exit order, an exit fill, a closed position
     * and a warming-up feature vector.
     */
    public static List<Event> variants() {
        List<Event> events = new ArrayList<>(all());
        events.addAll(List.of(
                featuresWarmingUp(),
                riskDecisionDenied(),
                riskDecisionDeniedUnsized(),
                takeProfitSubmitted(),
                fillExit(),
                positionClosed(),
                candleSettledBeforeAnyDecision()));
        return List.copyOf(events);
    }

    /** The default event of the given type. */
    public static <T extends Event> T of(Class<T> type) {
        return all().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("TestEvents has no factory for " + type.getSimpleName()));
    }

    public static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
