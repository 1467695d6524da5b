package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.CLOCK;
import static dev.sextant.execution.domain.TestEvents.approved;
import static dev.sextant.execution.domain.TestEvents.bd;
import static dev.sextant.execution.domain.TestEvents.candle;
import static dev.sextant.execution.domain.TestEvents.closeRequest;
import static dev.sextant.execution.domain.TestEvents.denied;
import static dev.sextant.execution.domain.TestEvents.hour;
import static dev.sextant.execution.domain.TestEvents.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderSubmitted;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperExchangeTest {
    private final PaperExchange exchange = new PaperExchange(settings("0.0005"), CLOCK);

    private static List<Class<?>> types(Effects effects) {
        return effects.events().stream().<Class<?>>map(Event::getClass).toList();
    }

    private static <T> T only(Effects effects, Class<T> type) {
        List<T> found = effects.events().stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Decision on candle 0, filled on candle 1 (open 67,650, range inside stop and target). */
    private Effects openPosition() {
        exchange.onDecision(approved("d-1", 0));
        return exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
    }

    @Test
    void approvedDecisionIsSubmittedAndAcceptedThenFillsAtTheNextOpenWithSlippageAndFee() {
        Effects submitted = exchange.onDecision(approved("d-1", 0));
        assertThat(types(submitted)).containsExactly(OrderSubmitted.class, OrderAccepted.class);
        OrderSubmitted order = only(submitted, OrderSubmitted.class);
        assertThat(order.clientOrderId()).isEqualTo(Ids.clientOrderId(Ids.derive("test", "d-1")));
        assertThat(order.purpose()).isEqualTo(OrderPurpose.ENTRY);
        assertThat(order.causationId()).isEqualTo(Ids.derive("test", "d-1"));
        assertThat(exchange.workingEntries()).hasSize(1);

        Effects filled = exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        assertThat(types(filled)).containsExactly(OrderFilled.class, FillExecuted.class, PositionChanged.class);
        FillExecuted fill = only(filled, FillExecuted.class);
        // 67,650 × 1.0005 = 67,683.825; fee = 67,683.825 × 0.1124 × 0.001 = 7.60766193
        assertThat(fill.price()).isEqualTo(bd("67683.82500000"));
        assertThat(fill.quantity()).isEqualTo(bd("0.11240000"));
        assertThat(fill.fee()).isEqualTo(bd("7.60766193"));
        assertThat(fill.feeAsset()).isEqualTo("USDT");
        assertThat(fill.side()).isEqualTo(Side.BUY);
        assertThat(fill.tsEvent()).isEqualTo(hour(1));
        assertThat(fill.tsInit()).isEqualTo(CLOCK.instant());
        OrderFilled orderFilled = only(filled, OrderFilled.class);
        assertThat(orderFilled.leavesQuantity()).isEqualByComparingTo("0");
        assertThat(orderFilled.cumulativeQuantity()).isEqualByComparingTo("0.1124");
        PositionChanged position = only(filled, PositionChanged.class);
        assertThat(position.side()).isEqualTo(PositionSide.LONG);
        assertThat(position.averageEntryPrice()).isEqualTo(bd("67683.82500000"));
        assertThat(position.openedAt()).isEqualTo(hour(1));
        // cash = 10,000 − 7,607.66193 − 7.60766193
        assertThat(exchange.account().cash()).isEqualTo(bd("2384.73040807"));
        // equity marks the 0.1124 at the close 67,900: 2,384.73040807 + 7,631.96 = 10,016.69040807
        assertThat(exchange.account().equity()).isEqualTo(bd("10016.69040807"));
        assertThat(filled.equity()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(EquityPoint.Kind.MARK);
            assertThat(p.equity()).isEqualTo(bd("10016.69040807"));
        });
    }

    @Test
    void theDecisionsOwnCandleAndEarlierOnesNeverFillIt() {
        exchange.onDecision(approved("d-1", 5));
        Effects same = exchange.onCandle(candle(5, "67650", "68000", "67000", "67900"));
        assertThat(same.fills()).isEmpty();
        assertThat(exchange.workingEntries()).hasSize(1);
    }

    @Test
    void takeProfitExitsAtTheTargetAndBooksPnlWithBothFees() {
        openPosition();
        Effects exit = exchange.onCandle(candle(2, "68000", "71500", "67900", "71300"));
        assertThat(types(exit)).containsExactly(OrderSubmitted.class, OrderAccepted.class, OrderFilled.class,
                FillExecuted.class, PositionChanged.class);
        FillExecuted fill = only(exit, FillExecuted.class);
        assertThat(fill.purpose()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(fill.side()).isEqualTo(Side.SELL);
        assertThat(fill.price()).isEqualTo(bd("71210.00000000"));
        assertThat(fill.clientOrderId()).isEqualTo(
                Ids.exitOrderId(Ids.clientOrderId(Ids.derive("test", "d-1")), "TAKE_PROFIT"));
        // gross (71,210 − 67,683.825) × 0.1124 = 396.34207; − 7.60766193 − 8.004004 = 380.73040407
        assertThat(fill.realizedPnl()).isEqualTo(bd("380.73040407"));
        assertThat(exit.trades()).singleElement().satisfies(t -> {
            assertThat(t.grossPnl()).isEqualTo(bd("396.34207000"));
            assertThat(t.exitFee()).isEqualTo(bd("8.00400400"));
            assertThat(t.exitReason()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        });
        PositionChanged flat = only(exit, PositionChanged.class);
        assertThat(flat.side()).isEqualTo(PositionSide.FLAT);
        assertThat(flat.quantity()).isEqualByComparingTo("0");
        assertThat(flat.realizedPnl()).isEqualTo(bd("380.73040407"));
        assertThat(flat.fees()).isEqualTo(bd("15.61166593"));
        assertThat(exchange.openPositions()).isEmpty();
        assertThat(exchange.account().cash()).isEqualTo(bd("10380.73040407"));
        assertThat(exchange.account().equity()).isEqualTo(bd("10380.73040407"));
        assertThat(exchange.account().winRate()).isEqualByComparingTo("1");
    }

    @Test
    void workedExampleWithoutSlippageNetsGrossMinusBothFees() {
        PaperExchange noSlippage = new PaperExchange(settings("0"), CLOCK);
        noSlippage.onDecision(approved("d-1", 0));
        noSlippage.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        Effects exit = noSlippage.onCandle(candle(2, "68000", "71210", "67900", "71000"));
        ClosedTrade trade = exit.trades().get(0);
        assertThat(trade.entryPrice()).isEqualTo(bd("67650.00000000"));
        // gross = (71,210 − 67,650) × 0.1124 = 400.144 (the design's "≈ +400")
        assertThat(trade.grossPnl()).isEqualTo(bd("400.14400000"));
        // fees: 7,603.86 × 0.001 = 7.60386 and 8,004.004 × 0.001 = 8.004004; net = 384.536136
        assertThat(trade.entryFee()).isEqualTo(bd("7.60386000"));
        assertThat(trade.exitFee()).isEqualTo(bd("8.00400400"));
        assertThat(trade.netPnl()).isEqualTo(bd("384.53613600"));
        assertThat(noSlippage.account().realizedPnl()).isEqualTo(bd("384.53613600"));
        assertThat(noSlippage.account().cash()).isEqualTo(bd("10384.53613600"));
    }

    @Test
    void stopLossExitsAtTheStop() {
        openPosition();
        Effects exit = exchange.onCandle(candle(2, "67000", "67100", "65500", "65900"));
        FillExecuted fill = only(exit, FillExecuted.class);
        assertThat(fill.purpose()).isEqualTo(OrderPurpose.STOP_LOSS);
        assertThat(fill.price()).isEqualTo(bd("65870.00000000"));
        // (65,870 − 67,683.825) × 0.1124 = −203.87393; − 7.60766193 − 7.4037880 = −218.88537993
        assertThat(fill.realizedPnl()).isEqualTo(bd("-218.88537993"));
        assertThat(exchange.account().winRate()).isEqualByComparingTo("0");
    }

    @Test
    void whenOneCandleTouchesBothTheStopWins() {
        openPosition();
        Effects exit = exchange.onCandle(candle(2, "68000", "72000", "65000", "70000"));
        assertThat(only(exit, FillExecuted.class).purpose()).isEqualTo(OrderPurpose.STOP_LOSS);
        assertThat(only(exit, FillExecuted.class).price()).isEqualTo(bd("65870.00000000"));
        assertThat(exit.trades()).hasSize(1);
    }

    @Test
    void aGapBelowTheStopExitsAtTheOpen() {
        openPosition();
        Effects exit = exchange.onCandle(candle(2, "65000", "65500", "64000", "64500"));
        FillExecuted fill = only(exit, FillExecuted.class);
        assertThat(fill.purpose()).isEqualTo(OrderPurpose.STOP_LOSS);
        assertThat(fill.price()).isEqualTo(bd("65000.00000000"));
    }

    @Test
    void aGapAboveTheTargetExitsAtTheOpen() {
        openPosition();
        Effects exit = exchange.onCandle(candle(2, "72000", "72500", "71800", "72400"));
        FillExecuted fill = only(exit, FillExecuted.class);
        assertThat(fill.purpose()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(fill.price()).isEqualTo(bd("72000.00000000"));
    }

    @Test
    void theEntryCandleItselfIsCheckedStopFirst() {
        exchange.onDecision(approved("d-1", 0));
        Effects effects = exchange.onCandle(candle(1, "67650", "68000", "65800", "66000"));
        assertThat(types(effects)).containsExactly(OrderFilled.class, FillExecuted.class, PositionChanged.class,
                OrderSubmitted.class, OrderAccepted.class, OrderFilled.class, FillExecuted.class, PositionChanged.class);
        assertThat(effects.fills()).extracting(FillExecuted::purpose)
                .containsExactly(OrderPurpose.ENTRY, OrderPurpose.STOP_LOSS);
        assertThat(exchange.openPositions()).isEmpty();
    }

    @Test
    void aDecisionArrivingAfterTheNextCandleFillsAtThatCandlesOpen() {
        CandleClosed next = candle(1, "67700", "68000", "67000", "67900");
        exchange.onCandle(candle(0, "67500", "67800", "67400", "67650"));
        exchange.onCandle(next);
        exchange.onCandle(candle(2, "67900", "71500", "67800", "71400"));

        Effects late = exchange.onDecision(approved("d-1", 0));
        assertThat(late.fills()).extracting(FillExecuted::purpose)
                .containsExactly(OrderPurpose.ENTRY, OrderPurpose.TAKE_PROFIT);
        FillExecuted entry = late.fills().get(0);
        // 67,700 × 1.0005 = 67,733.85, at the open of candle 1, the one after the decision's candle 0
        assertThat(entry.price()).isEqualTo(bd("67733.85000000"));
        assertThat(entry.tsEvent()).isEqualTo(next.openTime());
        assertThat(late.fills().get(1).price()).isEqualTo(bd("71210.00000000"));
    }

    @Test
    void aRedeliveredDecisionCreatesNoSecondOrder() {
        exchange.onDecision(approved("d-1", 0));
        Effects again = exchange.onDecision(approved("d-1", 0));
        assertThat(again.outcome()).isEqualTo(Effects.Outcome.DUPLICATE);
        assertThat(again.events()).isEmpty();
        assertThat(again.orders()).isEmpty();

        exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        Effects afterFill = exchange.onDecision(approved("d-1", 0));
        assertThat(afterFill.outcome()).isEqualTo(Effects.Outcome.DUPLICATE);
        assertThat(afterFill.events()).isEmpty();
        assertThat(exchange.openPositions()).hasSize(1);
    }

    @Test
    void aRedeliveredCandleDoesNotExitTwice() {
        openPosition();
        CandleClosed target = candle(2, "68000", "71500", "67900", "71300");
        exchange.onCandle(target);
        Effects again = exchange.onCandle(target);
        assertThat(again.outcome()).isEqualTo(Effects.Outcome.DUPLICATE);
        assertThat(again.events()).isEmpty();
        assertThat(exchange.account().tradesClosed()).isEqualTo(1);
    }

    @Test
    void aSecondDecisionWhilePositionIsOpenIsRejected() {
        openPosition();
        Effects second = exchange.onDecision(approved("d-2", 1));
        assertThat(types(second)).containsExactly(OrderSubmitted.class, OrderRejected.class);
        assertThat(only(second, OrderRejected.class).reason()).contains("one position per symbol");
        assertThat(second.orders()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo(OrderStatus.REJECTED));
    }

    @Test
    void anEntryCashCannotPayIsRejected() {
        Effects effects = exchange.onDecision(approved("d-1", 0, "1", "65870", "71210"));
        assertThat(only(effects, OrderRejected.class).reason()).startsWith("insufficient cash");
    }

    @Test
    void deniedDecisionsAreIgnored() {
        Effects effects = exchange.onDecision(denied("d-1", 0));
        assertThat(effects.outcome()).isEqualTo(Effects.Outcome.IGNORED);
        assertThat(effects.events()).isEmpty();
        assertThat(exchange.workingEntries()).isEmpty();
    }

    @Test
    void aCloseRequestClosesAtTheNextOpenWithSlippage() {
        openPosition();
        Effects scheduled = exchange.onCloseRequested(closeRequest("close-1"));
        assertThat(scheduled.events()).isEmpty();
        assertThat(exchange.openPositions()).singleElement()
                .satisfies(p -> assertThat(p.closeRequestId()).isEqualTo(Ids.derive("test", "close-1")));
        assertThat(exchange.onCloseRequested(closeRequest("close-1")).outcome()).isEqualTo(Effects.Outcome.DUPLICATE);

        Effects closed = exchange.onCandle(candle(2, "68000", "68100", "67900", "68050"));
        FillExecuted fill = only(closed, FillExecuted.class);
        assertThat(fill.purpose()).isEqualTo(OrderPurpose.CLOSE);
        // 68,000 × (1 − 0.0005) = 67,966
        assertThat(fill.price()).isEqualTo(bd("67966.00000000"));
        assertThat(fill.tsEvent()).isEqualTo(hour(2));
        assertThat(only(closed, OrderSubmitted.class).causationId()).isEqualTo(Ids.derive("test", "close-1"));
        assertThat(exchange.openPositions()).isEmpty();
    }

    @Test
    void aCloseRequestCancelsAWorkingEntry() {
        exchange.onDecision(approved("d-1", 0));
        Effects effects = exchange.onCloseRequested(closeRequest("close-1"));
        assertThat(types(effects)).containsExactly(OrderCanceled.class);
        assertThat(exchange.workingEntries()).isEmpty();
        assertThat(exchange.onCandle(candle(1, "67650", "68000", "67000", "67900")).fills()).isEmpty();
    }

    @Test
    void eventIdsAreDeterministic() {
        PaperExchange other = new PaperExchange(settings("0.0005"), CLOCK);
        Effects a = openPosition();
        other.onDecision(approved("d-1", 0));
        Effects b = other.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        assertThat(b.events()).extracting(Event::eventId)
                .containsExactlyElementsOf(a.events().stream().map(Event::eventId).toList());
    }

    @Test
    void aRestoredExchangeCarriesOnWhereItStopped() {
        openPosition();
        PaperExchange restored = PaperExchange.restore(settings("0.0005"), CLOCK,
                Portfolio.restore(bd("10000"), exchange.account().cash(), bd("0"), 0, 0, null, bd("0")),
                exchange.workingEntries(), exchange.openPositions(), exchange.recentCandles(), List.of());
        assertThat(restored.account().equity()).isEqualTo(exchange.account().equity());
        // the fill candle is already held: redelivery is a duplicate, and nothing is checked twice
        assertThat(restored.onCandle(candle(1, "67650", "68000", "67000", "67900")).outcome())
                .isEqualTo(Effects.Outcome.DUPLICATE);
        Effects exit = restored.onCandle(candle(2, "68000", "71500", "67900", "71300"));
        assertThat(only(exit, FillExecuted.class).realizedPnl()).isEqualTo(bd("380.73040407"));
    }
    @Test
    void candlesOfAnotherIntervalNeitherFillNorExit() {
        exchange.onDecision(approved("d-1", 0));
        CandleClosed h1 = candle(1, "67650", "68000", "67000", "67900");
        CandleClosed m5 = new CandleClosed(Ids.candleId("binance", h1.symbol(), Interval.M5, h1.openTime()),
                h1.openTime().plusSeconds(300), CLOCK.instant(), null, CandleClosed.SCHEMA_VERSION, "binance", h1.symbol(),
                Interval.M5, h1.openTime(), h1.openTime().plusSeconds(300), bd("67650"), bd("67700"), bd("60000"),
                bd("67690"), bd("1"), bd("67000"), 10);
        assertThat(exchange.onCandle(m5).fills()).isEmpty();
        assertThat(exchange.workingEntries()).hasSize(1);
        assertThat(exchange.onCandle(h1).fills()).hasSize(1);
    }

    @Test
    void aShortIsTheMirrorImage() {
        OrderIntent sell = new OrderIntent(Side.SELL, OrderType.MARKET, bd("0.1"), bd("67650"), bd("69430"), bd("64090"),
                bd("178"));
        RiskDecisionMade base = approved("d-short", 0);
        RiskDecisionMade decision = new RiskDecisionMade(base.eventId(), base.tsEvent(), base.tsInit(), base.causationId(),
                base.schemaVersion(), base.symbol(), base.interval(), base.candleOpenTime(), true, sell, base.checks(), null);
        exchange.onDecision(decision);
        Effects entry = exchange.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        FillExecuted fill = only(entry, FillExecuted.class);
        // a sell pays slippage downwards: 67,650 × 0.9995 = 67,616.175
        assertThat(fill.price()).isEqualTo(bd("67616.17500000"));
        assertThat(only(entry, PositionChanged.class).side()).isEqualTo(PositionSide.SHORT);
        Effects exit = exchange.onCandle(candle(2, "67000", "67100", "64000", "64200"));
        FillExecuted out = only(exit, FillExecuted.class);
        assertThat(out.purpose()).isEqualTo(OrderPurpose.TAKE_PROFIT);
        assertThat(out.side()).isEqualTo(Side.BUY);
        assertThat(out.price()).isEqualTo(bd("64090.00000000"));
        // (67,616.175 − 64,090) × 0.1 = 352.6175; fees 6.7616175 + 6.409 ⇒ net 339.4468825 → 339.44688250
        assertThat(out.realizedPnl()).isEqualTo(bd("339.44688250"));
        // cash: 10,000 + 6,761.6175 − 6.7616175 − 6,409 − 6.409 = 10,339.4468825
        assertThat(exchange.account().cash()).isEqualTo(bd("10339.44688250"));
    }

    @Test
    void aWorkingEntryRestoredAfterARestartFillsOnItsCandle() {
        exchange.onDecision(approved("d-1", 0));
        PaperExchange restored = PaperExchange.restore(settings("0.0005"), CLOCK, Portfolio.fresh(bd("10000")),
                exchange.workingEntries(), List.of(), List.of(), List.of());
        assertThat(restored.onDecision(approved("d-1", 0)).outcome()).isEqualTo(Effects.Outcome.DUPLICATE);
        Effects filled = restored.onCandle(candle(1, "67650", "68000", "67000", "67900"));
        assertThat(only(filled, FillExecuted.class).price()).isEqualTo(bd("67683.82500000"));
    }

    @Test
    void realizedPnlTodayFollowsTheMarketDay() {
        openPosition();
        exchange.onCandle(candle(2, "68000", "71500", "67900", "71300"));
        assertThat(exchange.account().realizedPnlToday()).isEqualTo(bd("380.73040407"));
        assertThat(exchange.account().pnlDay()).isEqualTo(java.time.LocalDate.parse("2024-03-01"));
        exchange.onCandle(candle(24, "71000", "71100", "70900", "71050"));
        assertThat(exchange.account().pnlDay()).isEqualTo(java.time.LocalDate.parse("2024-03-02"));
        assertThat(exchange.account().realizedPnlToday()).isEqualByComparingTo("0");
        assertThat(exchange.account().realizedPnl()).isEqualTo(bd("380.73040407"));
    }
}
