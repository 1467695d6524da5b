package dev.sextant.collector.domain;

import static dev.sextant.collector.domain.Fixtures.BTC;
import static dev.sextant.collector.domain.Fixtures.ETH;
import static dev.sextant.collector.domain.Fixtures.H1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayEngineTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;

    @Test
    void eachStepHoldsOneCandlePerSymbolInOpenTimeOrder() {
        ReplayEngine engine = engine(new ReplayWindow(START, null, 3L), source(BTC, null), source(ETH, null));

        List<ReplayOutcome> step = engine.nextStep();
        assertThat(step).hasSize(2);
        assertThat(accepted(step)).extracting(a -> a.candle().symbol()).containsExactly(BTC, ETH);
        assertThat(accepted(step)).allMatch(a -> a.candle().openTime().equals(START));
        assertThat(accepted(engine.nextStep())).allMatch(a -> a.candle().openTime().equals(START.plusMillis(HOUR)));
        assertThat(engine.nextStep()).hasSize(2);
        assertThat(engine.nextStep()).isEmpty();
        assertThat(engine.positions()).containsEntry(BTC, START.plusMillis(2 * HOUR)).containsEntry(ETH, START.plusMillis(2 * HOUR));
    }

    @Test
    void maxCandlesLimitsTheWindowOfTheRealFiles() {
        ReplayEngine engine = engine(new ReplayWindow(START, null, 48L), real(BTC, null), real(ETH, null));

        List<ReplayOutcome> all = drain(engine);
        assertThat(all).hasSize(96).allMatch(o -> o instanceof ReplayOutcome.Accepted);
        assertThat(accepted(all).getLast().candle().openTime()).isEqualTo(Instant.parse("2024-01-02T23:00:00Z"));
    }

    @Test
    void theEndIsExclusive() {
        ReplayEngine engine = engine(new ReplayWindow(START, START.plusMillis(5 * HOUR), null), real(BTC, null));

        List<ReplayOutcome.Accepted> all = accepted(drain(engine));
        assertThat(all).hasSize(5);
        assertThat(all.getLast().candle().openTime()).isEqualTo(START.plusMillis(4 * HOUR));
    }

    @Test
    void resumesAfterTheLastStoredCandleAndKeepsTheWindow() {
        Instant stored = START.plusMillis(40 * HOUR);
        ReplayEngine engine = engine(new ReplayWindow(START, null, 48L), real(BTC, stored), real(ETH, null));

        List<ReplayOutcome.Accepted> all = accepted(drain(engine));
        assertThat(all.stream().filter(a -> a.candle().symbol().equals(BTC)))
                .hasSize(7)
                .first().extracting(a -> a.candle().openTime()).isEqualTo(START.plusMillis(41 * HOUR));
        assertThat(all.stream().filter(a -> a.candle().symbol().equals(ETH))).hasSize(48);
        // no gap is reported between the stored candle and the first replayed one
        assertThat(all).allMatch(a -> a.gap().isEmpty());
    }

    @Test
    void aResumeAfterTheWholeWindowReplaysNothing() {
        ReplayEngine engine = engine(new ReplayWindow(START, null, 48L),
                real(BTC, Instant.parse("2024-01-02T23:00:00Z")), real(ETH, Instant.parse("2024-01-02T23:00:00Z")));

        assertThat(engine.nextStep()).isEmpty();
    }

    @Test
    void rejectsBadRowsDetectsTheGapTheyLeaveAndGoesOn() {
        String bad = Fixtures.withColumn(row(1), 2, "1.00000000"); // high below the body
        ReplayEngine engine = engine(new ReplayWindow(START, null, null),
                new SymbolSource(BTC, Fixtures.csv(BTC, row(0), bad, "garbage,1,2", row(2), row(2), row(3)), null));

        List<ReplayOutcome> all = drain(engine);
        assertThat(all).extracting(ReplayEngineTest::describe).containsExactly(
                "accepted 2024-01-01T00:00:00Z",
                "rejected high_below_body",
                "rejected malformed",
                "accepted 2024-01-01T02:00:00Z gap 2024-01-01T01:00:00Z..2024-01-01T01:00:00Z (1)",
                "rejected duplicate",
                "accepted 2024-01-01T03:00:00Z");
    }

    @Test
    void malformedLinesBeforeTheStartAreNotReported() {
        ReplayEngine engine = engine(new ReplayWindow(START.plusMillis(5 * HOUR), null, null),
                new SymbolSource(BTC, Fixtures.csv(BTC, row(0), "garbage", row(1), row(5)), null));

        assertThat(drain(engine)).extracting(ReplayEngineTest::describe).containsExactly("accepted 2024-01-01T05:00:00Z");
    }

    @Test
    void symbolsWithDifferentGapsStayInOpenTimeOrder() {
        ReplayEngine engine = engine(new ReplayWindow(START, null, null),
                new SymbolSource(BTC, Fixtures.csv(BTC, row(0), row(2)), null),
                new SymbolSource(ETH, Fixtures.csv(ETH, row(0), row(1), row(2)), null));

        assertThat(engine.nextStep()).hasSize(2);
        assertThat(accepted(engine.nextStep())).extracting(a -> a.candle().symbol()).containsExactly(ETH);
        assertThat(accepted(engine.nextStep())).extracting(a -> a.candle().symbol()).containsExactly(BTC, ETH);
    }

    @Test
    void replaysTheCarriedOneMinuteWindowWithItsRealOutageAsAGapAndOneDayAsBothSymbols1440Candles() {
        Instant outageDay = Instant.parse("2023-03-24T00:00:00Z");
        ReplayEngine engine = new ReplayEngine(List.of(
                new SymbolSource(BTC, Fixtures.realFile(BTC, Interval.M1), null),
                new SymbolSource(ETH, Fixtures.realFile(ETH, Interval.M1), null)), Interval.M1,
                new ReplayWindow(outageDay, outageDay.plus(Duration.ofDays(1)), null), new CandleValidator(),
                new CandleNormalizer("binance", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));

        List<ReplayOutcome> all = drain(engine);
        assertThat(all).allMatch(o -> o instanceof ReplayOutcome.Accepted);
        List<ReplayOutcome.Accepted> accepted = accepted(all);
        // 2023-03-24 lost 80 minutes to Binance's outage (12:40 to 13:59 missing): 1,360 candles per symbol.
        assertThat(accepted).hasSize(2 * (1440 - 80));
        List<Gap> gaps = accepted.stream().flatMap(a -> a.gap().stream()).toList();
        assertThat(gaps).hasSize(2).allSatisfy(g -> assertThat(g.missing()).isEqualTo(80));
        CandleClosed first = accepted.getFirst().candle();
        assertThat(first.interval()).isEqualTo(Interval.M1);
        assertThat(first.closeTime()).isEqualTo(outageDay.plusSeconds(60));
        assertThat(first.quoteVolume()).isZero();
        assertThat(first.tradeCount()).isZero();
        assertThat(first.eventId()).isEqualTo(Ids.candleId("binance", BTC, Interval.M1, outageDay));
    }

    /** A valid synthetic row opening {@code hours} after START. */
    private static String row(int hours) {
        long open = START.toEpochMilli() + hours * HOUR;
        return open + ",100.0,110.0,90.0,105.0,1.5," + (open + HOUR - 1) + ",150.0,10,0.5,50.0,0";
    }

    private static String describe(ReplayOutcome o) {
        return switch (o) {
            case ReplayOutcome.Accepted a -> "accepted " + a.candle().openTime()
                    + a.gap().map(g -> " gap " + g.from() + ".." + g.to() + " (" + g.missing() + ")").orElse("");
            case ReplayOutcome.Rejected r -> "rejected " + r.rejection().reason().code();
        };
    }

    private static SymbolSource source(Symbol symbol, Instant resumeAfter) {
        return new SymbolSource(symbol, Fixtures.csv(symbol, row(0), row(1), row(2), row(3)), resumeAfter);
    }

    private static SymbolSource real(Symbol symbol, Instant resumeAfter) {
        return new SymbolSource(symbol, Fixtures.realFile(symbol), resumeAfter);
    }

    private static ReplayEngine engine(ReplayWindow window, SymbolSource... sources) {
        return new ReplayEngine(List.of(sources), H1, window, new CandleValidator(),
                new CandleNormalizer("binance", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
    }

    private static List<ReplayOutcome> drain(ReplayEngine engine) {
        List<ReplayOutcome> all = new ArrayList<>();
        List<ReplayOutcome> step;
        while (!(step = engine.nextStep()).isEmpty()) {
            all.addAll(step);
        }
        return all;
    }

    private static List<ReplayOutcome.Accepted> accepted(List<ReplayOutcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof ReplayOutcome.Accepted)
                .map(o -> (ReplayOutcome.Accepted) o).toList();
    }
}
