package dev.sextant.execution.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What execution settles per candle, and that a restart from the stored counts settles the same. */
class SettlementBookTest {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    static Instant open(int n) {
        return T0.plusSeconds(3600L * n);
    }

    /** Collector convention: close time = open + 1 h. */
    static CandleClosed candle(int n, String open, String high, String low, String close) {
        Instant openTime = open(n);
        Instant closeTime = openTime.plusSeconds(3600);
        return new CandleClosed(Ids.candleId("binance", BTC, Interval.H1, openTime), closeTime, CLOCK.instant(), null,
                CandleClosed.SCHEMA_VERSION, "binance", BTC, Interval.H1, openTime, closeTime, new BigDecimal(open),
                new BigDecimal(high), new BigDecimal(low), new BigDecimal(close), BigDecimal.TEN, BigDecimal.TEN, 10);
    }

    static RiskDecisionMade approved(int candle) {
        Instant ts = open(candle).plusSeconds(3600);
        return new RiskDecisionMade(Ids.derive("decision", candle), ts, ts, Ids.derive("prediction", candle),
                RiskDecisionMade.SCHEMA_VERSION, BTC, Interval.H1, open(candle), true,
                new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), new BigDecimal("100"),
                        new BigDecimal("95"), new BigDecimal("110"), new BigDecimal("0.05")), List.of(), "all checks passed");
    }

    @Test
    void aLateDecisionIsSettledByOneSettlementOfTheLatestCandleAndARestartSettlesTheSame() {
        PaperExchange exchange = new PaperExchange(ExecutionSettings.defaults(), CLOCK);
        SettlementBook book = new SettlementBook();
        List<CandleSettled> out = new ArrayList<>();
        List<SettlementBook.CountDelta> stored = new ArrayList<>();
        List<CandleClosed> candles = List.of(candle(0, "100", "101", "99", "100"), candle(1, "100", "102", "99", "101"),
                candle(2, "101", "111", "100", "110")); // candle 2 reaches the take-profit (110)
        for (CandleClosed c : candles) {
            Effects e = exchange.onCandle(c);
            SettlementBook.Change change = book.record(BTC, Interval.H1, c.openTime(), null, null, e.events(), c.eventId(),
                    CLOCK.instant());
            out.addAll(change.settlements());
            stored.addAll(change.deltas());
        }
        assertThat(out).extracting(CandleSettled::fills).containsExactly(0L, 0L, 0L);

        // the decision on candle 0 arrives after candle 2: the entry fills at candle 1's open, the take-profit at 2's close
        RiskDecisionMade decision = approved(0);
        Effects late = exchange.onDecision(decision);
        SettlementBook.Change change = book.record(BTC, Interval.H1, null, decision.eventId(), decision.candleOpenTime(),
                late.events(), decision.eventId(), CLOCK.instant());
        stored.addAll(change.deltas());
        assertThat(change.lastDecision()).isEqualTo(decision.eventId());
        // one settlement, of the latest candle, covers candles 0..2: cumulative counts up to candle 2
        assertThat(change.settlements()).singleElement().satisfies(s -> {
            assertThat(s.candleOpenTime()).isEqualTo(open(2));
            assertThat(List.of(s.fills(), s.positions(), s.orderOutcomes())).containsExactly(2L, 2L, 0L);
            assertThat(s.lastDecisionId()).isEqualTo(decision.eventId());
        });
        assertThat(change.deltas()).extracting(SettlementBook.CountDelta::candleOpenTime).containsExactly(open(1), open(2));
        long counted = late.events().stream().filter(e -> SettlementBook.kindOf(e).isPresent()).count();
        assertThat(counted).isEqualTo(4);

        // restart: the stored counts, the last decision and the processed candles give the same settlements
        SettlementBook restored = new SettlementBook();
        stored.forEach(d -> restored.restoreCounts(d.symbol(), d.interval(), d.candleOpenTime(), d.fills(), d.positions(),
                d.outcomes()));
        restored.restoreDecision(BTC, decision.eventId());
        candles.forEach(c -> restored.restoreProcessed(BTC, Interval.H1, c.openTime()));
        for (CandleSettled s : change.settlements()) {
            assertThat(restored.settlement(BTC, s.candleOpenTime(), s.causationId(), s.tsInit())).isEqualTo(s);
        }
    }

    @Test
    void aCandleSettlesItselfAndAnOlderCandleAlsoReannouncesTheLatestOnlyWhenItChangedSomething() {
        SettlementBook book = new SettlementBook();
        CandleClosed c0 = candle(0, "100", "101", "99", "100");
        CandleClosed c1 = candle(1, "100", "102", "99", "101");
        assertThat(book.record(BTC, Interval.H1, null, null, null, List.of(), c0.eventId(), CLOCK.instant()))
                .isEqualTo(SettlementBook.Change.NONE); // nothing processed yet
        for (CandleClosed c : List.of(c1, c0)) { // candle 0 after candle 1
            SettlementBook.Change change = book.record(BTC, Interval.H1, c.openTime(), null, null, List.of(), c.eventId(),
                    CLOCK.instant());
            assertThat(change.settlements()).extracting(CandleSettled::candleOpenTime).containsExactly(c.openTime());
        }
        // a close request without a position changes nothing: no settlement
        assertThat(book.record(BTC, null, null, null, null, List.of(), c1.eventId(), CLOCK.instant()).settlements()).isEmpty();
    }

    @Test
    void aRejectionAtTheDecisionsCloseBelongsToTheDecisionsCandle() {
        PaperExchange exchange = new PaperExchange(ExecutionSettings.defaults(), CLOCK);
        SettlementBook book = new SettlementBook();
        CandleClosed c0 = candle(0, "100", "101", "99", "100");
        book.record(BTC, Interval.H1, c0.openTime(), null, null, exchange.onCandle(c0).events(), c0.eventId(), CLOCK.instant());
        RiskDecisionMade first = approved(0);
        exchange.onDecision(first);
        RiskDecisionMade second = new RiskDecisionMade(Ids.derive("decision", "second"), first.tsEvent(), first.tsInit(),
                first.causationId(), first.schemaVersion(), BTC, Interval.H1, open(0), true, first.intent(), List.of(),
                first.reason()); // a second entry in the symbol: the venue rejects it at the decision's time
        List<Event> events = exchange.onDecision(second).events();
        SettlementBook.Change change = book.record(BTC, Interval.H1, null, second.eventId(), open(0), events,
                second.eventId(), CLOCK.instant());
        assertThat(change.settlements()).singleElement().satisfies(s -> {
            assertThat(s.candleOpenTime()).isEqualTo(open(0));
            assertThat(s.orderOutcomes()).isEqualTo(1);
            assertThat(s.lastDecisionId()).isEqualTo(second.eventId());
            assertThat(s.eventId()).isEqualTo(CandleSettled.idOf(BTC, Interval.H1, open(0), 0, 0, 1, second.eventId()));
        });
        EventId none = null;
        assertThat(CandleSettled.idOf(BTC, Interval.H1, open(0), 0, 0, 1, none))
                .isNotEqualTo(change.settlements().getFirst().eventId());
    }
}
