package dev.sextant.contracts.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.json.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventTimeWindowTest {
    /** The wall clock: two days after the fixtures' last event. */
    private static final Instant NOW = Instant.parse("2024-04-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final EventTimeWindow live = EventTimeWindow.live(CLOCK);

    @Test
    void acceptsAnEventAndMovesLatestAndTodayToItsTime() {
        assertThat(live.latest()).isEmpty();
        assertThat(live.today()).isEmpty();
        CandleClosed candle = TestEvents.candle();
        assertThat(live.accept(candle)).isSameAs(candle);
        assertThat(live.latest()).contains(candle.tsEvent());
        assertThat(live.today()).contains(LocalDate.parse("2024-04-05"));
    }

    @Test
    void aTimeAfterTheWallClockPlusTheSkewIsRefusedAndChangesNothing() {
        live.accept(TestEvents.candle());
        Instant bound = NOW.plus(EventTimeWindow.DEFAULT_SKEW);
        assertThat(live.accept(bound, "tsEvent")).isEqualTo(bound); // at the bound
        EventTimeException e = catchThrowableOfType(EventTimeException.class,
                () -> live.accept(bound.plusNanos(1), "tsEvent"));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.field()).isEqualTo("tsEvent");
        assertThat(e.bound()).isEqualTo(bound);
        assertThat(e.getMessage()).isEqualTo("field 'tsEvent' 2024-04-10T12:02:00.000000001Z is more than PT2M after the wall clock "
                + "2024-04-10T12:00:00Z (bound 2024-04-10T12:02:00Z)");
        assertThat(live.latest()).contains(bound);
    }

    @Test
    void aForgedFarFutureCandleNeverMovesToday() {
        CandleClosed real = TestEvents.candle();
        live.accept(real);
        CandleClosed forged = candleAt(Instant.parse("2099-12-31T22:00:00Z"));
        assertThatThrownBy(() -> live.accept(forged)).isInstanceOf(EventTimeException.class)
                .hasMessageContaining("field 'tsEvent' 2099-12-31T23:00:00Z is more than PT2M after the wall clock");
        assertThat(live.today()).contains(LocalDate.parse("2024-04-05"));
        // the next real candle is accepted: nothing was dropped as a "duplicate" of the forged one
        CandleClosed next = candleAt(real.openTime().plus(Duration.ofHours(1)));
        live.accept(next);
        assertThat(live.latest()).contains(next.tsEvent());
    }

    @Test
    void everyMarketTimeOfAnEventIsChecked() {
        CandleClosed candle = TestEvents.candle();
        // a candle whose openTime is before the floor (tsEvent is fine)
        CandleClosed old = new CandleClosed(candle.eventId(), candle.tsEvent(), candle.tsInit(), null, 1, candle.exchange(),
                candle.symbol(), candle.interval(), Instant.parse("2008-01-01T00:00:00Z"), Instant.parse("2008-01-01T01:00:00Z"),
                candle.open(), candle.high(), candle.low(), candle.close(), candle.volume(), candle.quoteVolume(), 1);
        assertThat(catchThrowableOfType(EventTimeException.class, () -> live.accept(old)).field()).isEqualTo("openTime");
        FeaturesComputed f = TestEvents.features();
        FeaturesComputed futureCandle = new FeaturesComputed(f.eventId(), f.tsEvent(), f.tsInit(), f.causationId(), 1, f.symbol(),
                f.interval(), Instant.parse("2030-01-01T00:00:00Z"), f.featureSetVersion(), f.names(), f.values(), f.warm());
        assertThat(catchThrowableOfType(EventTimeException.class, () -> live.accept(futureCandle)).field())
                .isEqualTo("candleOpenTime");
        PositionChanged p = TestEvents.positionClosed();
        PositionChanged closedLater = new PositionChanged(p.eventId(), p.tsEvent(), p.tsInit(), p.causationId(), 1, p.symbol(),
                p.positionId(), p.side(), p.quantity(), p.averageEntryPrice(), p.stopLoss(), p.takeProfit(), p.realizedPnl(),
                p.fees(), p.openedAt(), Instant.parse("2031-01-01T00:00:00Z"));
        assertThat(catchThrowableOfType(EventTimeException.class, () -> live.accept(closedLater)).field()).isEqualTo("closedAt");
        assertThat(live.latest()).isEmpty();
        // tsInit is the producer's, not an event time: not checked
        assertThat(live.accept(TestEvents.positionOpened())).isNotNull();
    }

    @Test
    void aTimeBeforeTheFloorIsRefused() {
        Instant floor = EventTimeWindow.DEFAULT_FLOOR;
        assertThat(live.check(floor, "openTime")).isEqualTo(floor);
        EventTimeException e = catchThrowableOfType(EventTimeException.class, () -> live.check(floor.minusMillis(1), "openTime"));
        assertThat(e.getMessage()).isEqualTo("field 'openTime' 2009-01-02T23:59:59.999Z is before the window's floor 2009-01-03T00:00:00Z");
        EventTimeWindow later = new EventTimeWindow(CLOCK, EventTimeWindow.Settings.live().withFloor(Instant.parse("2020-01-01T00:00:00Z")));
        assertThatThrownBy(() -> later.check(Instant.parse("2019-12-31T23:59:59Z"), "tsEvent"))
                .hasMessageContaining("before the window's floor 2020-01-01T00:00:00Z");
    }

    @Test
    void anOlderEventIsAcceptedButNeverMovesLatestBackwards() {
        Instant t = Instant.parse("2024-04-05T12:00:00Z");
        live.accept(t, "tsEvent");
        live.accept(t.minus(Duration.ofDays(30)), "tsEvent");
        assertThat(live.latest()).contains(t);
        live.restore(t.minus(Duration.ofDays(1)));
        assertThat(live.latest()).contains(t);
    }

    @Test
    void aReplayRefusesAJumpBeyondItsBoundButAcceptsOneAtIt() {
        EventTimeWindow replay = EventTimeWindow.replay(CLOCK);
        Instant t = Instant.parse("2018-01-01T00:00:00Z");
        replay.accept(t, "tsEvent");
        Instant bound = t.plus(EventTimeWindow.DEFAULT_REPLAY_JUMP);
        EventTimeException e = catchThrowableOfType(EventTimeException.class, () -> replay.accept(bound.plusMillis(1), "tsEvent"));
        assertThat(e.getMessage()).isEqualTo("field 'tsEvent' 2018-01-08T00:00:00.001Z is more than PT168H after the latest "
                + "accepted event time 2018-01-01T00:00:00Z (bound 2018-01-08T00:00:00Z)");
        assertThat(replay.today()).contains(LocalDate.parse("2018-01-01"));
        replay.accept(bound, "tsEvent");
        assertThat(replay.today()).contains(LocalDate.parse("2018-01-08"));
        // and a replay is also held to its wall clock
        assertThatThrownBy(() -> replay.accept(NOW.plus(Duration.ofMinutes(3)), "tsEvent")).isInstanceOf(EventTimeException.class);
    }

    @Test
    void theFirstEventHasNoJumpBound() {
        EventTimeWindow replay = EventTimeWindow.replay(CLOCK);
        replay.accept(Instant.parse("2024-01-01T00:00:00Z"), "tsEvent");
        assertThat(replay.latest()).contains(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void aRestoredTimeIsHeldToTheFloorAndTheWallClock() {
        assertThatThrownBy(() -> live.restore(Instant.parse("9999-12-31T00:00:00Z")))
                .isInstanceOf(EventTimeException.class).hasMessageContaining("restored latest event time");
        assertThat(live.latest()).isEmpty();
        live.restore(Instant.parse("2024-04-05T00:00:00Z"));
        assertThat(live.today()).contains(LocalDate.parse("2024-04-05"));
    }

    @Test
    void theWallClockIsTheInjectedOneAndMoves() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        EventTimeWindow window = EventTimeWindow.live(moving);
        Instant inAnHour = NOW.plus(Duration.ofHours(1));
        assertThatThrownBy(() -> window.accept(inAnHour, "tsEvent")).isInstanceOf(EventTimeException.class);
        now[0] = inAnHour;
        assertThat(window.accept(inAnHour, "tsEvent")).isEqualTo(inAnHour);
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new EventTimeWindow.Settings(EventTimeWindow.DEFAULT_FLOOR, null, null))
                .hasMessageContaining("needs a wall-clock bound");
        assertThatThrownBy(() -> new EventTimeWindow.Settings(EventTimeWindow.DEFAULT_FLOOR, Duration.ofSeconds(-1), null))
                .hasMessageContaining("allowedSkew");
        assertThatThrownBy(() -> new EventTimeWindow.Settings(EventTimeWindow.DEFAULT_FLOOR, null, Duration.ZERO))
                .hasMessageContaining("maxJump");
        // a replay without a wall clock (a simulated past) is possible with a jump bound
        EventTimeWindow noWallClock = new EventTimeWindow(CLOCK, new EventTimeWindow.Settings(EventTimeWindow.DEFAULT_FLOOR,
                null, Duration.ofDays(1)));
        assertThat(noWallClock.accept(Instant.parse("2030-01-01T00:00:00Z"), "tsEvent")).isNotNull();
    }

    @Test
    void concurrentAcceptsKeepTheLatest() {
        ConcurrentLinkedQueue<Instant> accepted = new ConcurrentLinkedQueue<>();
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        IntStream.range(0, 10_000).parallel().forEach(i -> accepted.add(live.accept(base.plusSeconds(i), "tsEvent")));
        assertThat(accepted).hasSize(10_000);
        assertThat(live.latest()).contains(base.plusSeconds(9_999));
    }

    @Test
    void aDecodedEventGoesThroughTheWindowAsAConsumerDoes() {
        String payload = EventCodec.encode(TestEvents.candle());
        Event event = live.accept(EventCodec.decode(payload, Event.class));
        assertThat(event).isEqualTo(TestEvents.candle());
        assertThat(List.of(live.today().orElseThrow())).containsExactly(LocalDate.parse("2024-04-05"));
    }

    private static CandleClosed candleAt(Instant openTime) {
        CandleClosed c = TestEvents.candle();
        Instant close = openTime.plus(c.interval().duration());
        return new CandleClosed(dev.sextant.contracts.id.Ids.candleId(c.exchange(), c.symbol(), c.interval(), openTime), close,
                c.tsInit(), null, 1, c.exchange(), c.symbol(), c.interval(), openTime, close, c.open(), c.high(), c.low(),
                c.close(), c.volume(), c.quoteVolume(), c.tradeCount());
    }
}
