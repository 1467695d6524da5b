package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.CLOCK;
import static dev.sextant.execution.domain.TestEvents.approved;
import static dev.sextant.execution.domain.TestEvents.bd;
import static dev.sextant.execution.domain.TestEvents.candle;
import static dev.sextant.execution.domain.TestEvents.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forged times and absurd decisions are refused before anything changes; commands apply once (docs/reliability.md). */
class ForgedInputTest {
    static final Instant FAR_FUTURE = Instant.parse("2099-12-31T00:00:00Z");

    final PaperExchange exchange = new PaperExchange(settings("0.0005"), CLOCK).guard(InputBounds.of(7));

    static CandleClosed candleAt(Instant openTime, String close) {
        return new CandleClosed(Ids.candleId("binance", TestEvents.BTC, Interval.H1, openTime), openTime.plusSeconds(3600),
                CLOCK.instant(), null, CandleClosed.SCHEMA_VERSION, "binance", TestEvents.BTC, Interval.H1, openTime,
                openTime.plusSeconds(3600), bd(close), bd(close), bd(close), bd(close), bd("12.5"), bd("845000"), 1000);
    }

    static RiskDecisionMade decision(String id, int n, String quantity, String reference, String stop, String target) {
        RiskDecisionMade d = approved(id, n);
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, bd(quantity), bd(reference), bd(stop), bd(target),
                bd("200"));
        return new RiskDecisionMade(d.eventId(), d.tsEvent(), d.tsInit(), d.causationId(), d.schemaVersion(), d.symbol(),
                d.interval(), d.candleOpenTime(), true, intent, d.checks(), null);
    }

    String books() {
        return exchange.account() + "|" + exchange.openPositions() + "|" + exchange.workingEntries() + "|"
                + exchange.recentCandles();
    }

    @Test
    void aFarFutureCandleCannotMoveTodayButARealLaterOneStillAdvancesIt() {
        exchange.onCandle(candle(0, "67650", "67700", "67600", "67650"));
        assertThat(exchange.account().pnlDay()).isEqualTo(LocalDate.parse("2024-03-01"));
        String before = books();

        assertThatThrownBy(() -> exchange.onCandle(candleAt(FAR_FUTURE, "67650")))
                .isInstanceOf(RefusedInputException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closeTime 2099-12-31T01:00:00Z is 27698 days after today (2024-03-01); market time"
                        + " may move at most 7 day(s) at once");
        assertThat(books()).as("nothing changed").isEqualTo(before);

        exchange.onCandle(candleAt(Instant.parse("2024-03-08T05:00:00Z"), "67700"));
        assertThat(exchange.account().pnlDay()).isEqualTo(LocalDate.parse("2024-03-08"));
    }

    @Test
    void aFarFutureDecisionCreatesNoOrder() {
        exchange.onCandle(candle(0, "67650", "67700", "67600", "67650"));
        RiskDecisionMade d = approved("d-far", 0);
        RiskDecisionMade far = new RiskDecisionMade(d.eventId(), FAR_FUTURE, d.tsInit(), d.causationId(), d.schemaVersion(),
                d.symbol(), d.interval(), FAR_FUTURE, true, d.intent(), d.checks(), null);

        assertThatThrownBy(() -> exchange.onDecision(far)).isInstanceOf(RefusedInputException.class)
                .hasMessageContaining("approved decision " + Ids.derive("test", "d-far") + " tsEvent 2099-12-31T00:00:00Z");
        assertThat(exchange.knowsOrder(Ids.clientOrderId(Ids.derive("test", "d-far")))).isFalse();
        assertThat(exchange.workingEntries()).isEmpty();
    }

    @Test
    void absurdDecisionsAreRefusedBeforeAnOrderExists() {
        exchange.onCandle(candle(0, "67650", "67700", "67600", "67650"));
        String before = books();

        assertThatThrownBy(() -> exchange.onDecision(decision("d-big", 0, "5", "67650", "65870", "71210")))
                .isInstanceOf(RefusedInputException.class)
                .hasMessage("approved decision " + Ids.derive("test", "d-big") + " refused: quantity 5 at 67650 (notional 338250) is more than 2 x the"
                        + " account's equity 10000: risk sizes without leverage and never approves that much");
        assertThatThrownBy(() -> exchange.onDecision(decision("d-price", 0, "0.001", "676500", "658700", "712100")))
                .hasMessageContaining("reference price 676500 is absurd: BTCUSDT last closed at 67650");
        assertThatThrownBy(() -> exchange.onDecision(decision("d-stop", 0, "0.1", "67650", "1", "71210")))
                .hasMessageContaining("stop-loss 1 or take-profit 71210 is absurd for a reference price of 67650");
        assertThat(books()).isEqualTo(before);
        for (String id : List.of("d-big", "d-price", "d-stop")) {
            assertThat(exchange.knowsOrder(Ids.clientOrderId(Ids.derive("test", id)))).isFalse();
        }

        // more than cash can pay, but not absurd: an ordinary rejection, as before
        Effects rejected = exchange.onDecision(decision("d-cash", 0, "0.2", "67650", "65870", "71210"));
        assertThat(rejected.events()).filteredOn(OrderRejected.class::isInstance).singleElement()
                .satisfies(r -> assertThat(((OrderRejected) r).reason()).startsWith("insufficient cash"));
    }

    @Test
    void aLateDecisionIsCheckedAgainstItsOwnCandleNotTheLatestPrice() {
        // a fast replay: execution has seen the market halve before risk's decision on candle 0 arrives
        exchange.onCandle(candle(0, "67650", "67700", "67600", "67650"));
        exchange.onCandle(candle(1, "50000", "50000", "40000", "40000"));
        exchange.onCandle(candle(2, "30000", "30000", "30000", "30000"));

        Effects late = exchange.onDecision(decision("d-late", 0, "0.01", "67650", "65870", "71210"));
        assertThat(late.outcome()).isEqualTo(Effects.Outcome.APPLIED);
        assertThatThrownBy(() -> exchange.onDecision(decision("d-late-forged", 0, "0.001", "676500", "658700", "712100")))
                .hasMessageContaining("reference price 676500 is absurd: BTCUSDT last closed at 67650");
    }

    @Test
    void withoutBoundsNothingIsRefused() {
        PaperExchange unbounded = new PaperExchange(settings("0.0005"), CLOCK);
        unbounded.onCandle(candle(0, "67650", "67700", "67600", "67650"));
        Effects effects = unbounded.onDecision(decision("d-big", 0, "5", "67650", "65870", "71210"));
        assertThat(effects.events()).anyMatch(OrderRejected.class::isInstance);
        unbounded.onCandle(candleAt(FAR_FUTURE, "67650"));
        assertThat(unbounded.account().pnlDay()).isEqualTo(LocalDate.parse("2099-12-31"));
    }

    @Test
    void theLedgerAppliesACommandOncePerIdAndIgnoresAReplayedOldOne() {
        CommandLedger ledger = new CommandLedger(Duration.ofMinutes(5));
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        PositionCloseRequested close = new PositionCloseRequested(Ids.derive("test", "close-1"), t, t, null,
                PositionCloseRequested.SCHEMA_VERSION, TestEvents.BTC, "api");
        assertThat(ledger.verdict(close)).isEqualTo(CommandLedger.Verdict.APPLY);
        ledger.record(close, true);
        assertThat(ledger.verdict(close)).as("delivered again").isEqualTo(CommandLedger.Verdict.DUPLICATE);

        StartRequested later = new StartRequested(Ids.derive("test", "start"), t.plus(Duration.ofHours(1)), t.plus(Duration.ofHours(1)),
                null, StartRequested.SCHEMA_VERSION, null, "api");
        ledger.record(later, true);
        PositionCloseRequested oldUnderNewId = new PositionCloseRequested(Ids.derive("test", "close-copy"), t, t, null,
                PositionCloseRequested.SCHEMA_VERSION, TestEvents.BTC, "api");
        assertThat(ledger.verdict(oldUnderNewId)).isEqualTo(CommandLedger.Verdict.STALE);
        assertThat(ledger.explain(oldUnderNewId, CommandLedger.Verdict.STALE)).isEqualTo("PositionCloseRequested " + oldUnderNewId.eventId() + " of"
                + " 2025-06-01T10:00:00Z is older than the latest applied command (2025-06-01T11:00:00Z) by more than PT5M:"
                + " ignored as a replay");
        PositionCloseRequested skewed = new PositionCloseRequested(Ids.derive("test", "close-2"), t.plus(Duration.ofMinutes(57)),
                t.plus(Duration.ofMinutes(57)), null, PositionCloseRequested.SCHEMA_VERSION, TestEvents.BTC, "api");
        assertThat(ledger.verdict(skewed)).as("within the window").isEqualTo(CommandLedger.Verdict.APPLY);

        CommandLedger restarted = new CommandLedger(Duration.ofMinutes(5));
        restarted.restore(close.eventId(), close.tsEvent(), true);
        restarted.restore(later.eventId(), later.tsEvent(), true);
        restarted.restore(oldUnderNewId.eventId(), oldUnderNewId.tsEvent(), false);
        assertThat(restarted.verdict(close)).isEqualTo(CommandLedger.Verdict.DUPLICATE);
        assertThat(restarted.latestApplied()).isEqualTo(later.tsEvent());
    }
}
