package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.collector.exchange.ConnectionSchedule.Action;
import dev.sextant.collector.exchange.ConnectionSchedule.CombinedStream;
import dev.sextant.collector.exchange.ConnectionSchedule.Liveness;
import dev.sextant.collector.exchange.ConnectionSchedule.Settings;
import dev.sextant.collector.exchange.ConnectionSchedule.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectionScheduleTest {
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    final TestClock clock = new TestClock(T0);
    final ConnectionSchedule schedule = new ConnectionSchedule(Settings.DEFAULT, clock, new SplittableRandom(1));

    @Test
    void everyConnectionIsReplacedBetween22h45And23h15AlwaysBeforeBinancesCutAndNotAllAtOnce() {
        Instant earliest = Instant.MAX;
        Instant latest = Instant.MIN;
        java.util.Set<Instant> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Liveness c = schedule.open();
            assertThat(c.connectedAt()).isEqualTo(T0);
            Instant at = c.reconnectAt();
            assertThat(at).isBetween(T0.plus(Duration.ofMinutes(22 * 60 + 45)), T0.plus(Duration.ofMinutes(23 * 60 + 15)));
            assertThat(at).isBefore(T0.plus(BinanceLimits.CONNECTION_LIFETIME));
            earliest = at.isBefore(earliest) ? at : earliest;
            latest = at.isAfter(latest) ? at : latest;
            distinct.add(at);
        }
        assertThat(Duration.between(earliest, latest)).as("the jitter spreads the plans").isGreaterThan(Duration.ofMinutes(25));
        assertThat(distinct).hasSizeGreaterThan(990);
    }

    @Test
    void thePlannedReconnectComesDueAtItsTime() {
        ConnectionSchedule exact = new ConnectionSchedule(
                new Settings(Duration.ofHours(23), Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(10), 1024),
                clock, new SplittableRandom(1));
        Liveness c = exact.open();
        assertThat(c.reconnectAt()).isEqualTo(T0.plus(Duration.ofHours(23)));
        // a healthy connection: a message every 2 s for 23 hours, checked at every message
        for (Instant t = T0; t.isBefore(c.reconnectAt()); t = t.plusSeconds(2)) {
            clock.set(t);
            c.onMessage();
            Verdict v = c.check();
            assertThat(v.action()).as("at %s", t).isEqualTo(Action.NONE);
            assertThat(v.nextCheck()).isAfter(t).isBeforeOrEqualTo(c.reconnectAt());
        }
        clock.set(c.reconnectAt().minusSeconds(2));
        c.onMessage();
        Verdict last = c.check();
        assertThat(last.nextCheck()).as("the last check is the planned reconnect").isEqualTo(c.reconnectAt());
        clock.set(c.reconnectAt());
        Verdict v = c.check();
        assertThat(v.action()).isEqualTo(Action.RECONNECT);
        assertThat(v.reason()).contains("planned reconnect before Binance's 24 h cut");
    }

    @Test
    void aSilentConnectionIsPingedAndReplacedWhenNoPongComes() {
        Liveness c = schedule.open();
        clock.advance(Duration.ofSeconds(29));
        Verdict v = c.check();
        assertThat(v.action()).isEqualTo(Action.NONE);
        assertThat(v.nextCheck()).isEqualTo(T0.plusSeconds(30));

        clock.advance(Duration.ofSeconds(1));
        v = c.check();
        assertThat(v.action()).isEqualTo(Action.SEND_PING);
        assertThat(v.reason()).contains("nothing received since " + T0);
        c.onPingSent();
        clock.advance(Duration.ofSeconds(9));
        v = c.check();
        assertThat(v.action()).isEqualTo(Action.NONE);
        assertThat(v.nextCheck()).isEqualTo(T0.plusSeconds(40));

        clock.advance(Duration.ofSeconds(1));
        v = c.check();
        assertThat(v.action()).isEqualTo(Action.RECONNECT);
        assertThat(v.reason()).contains("stalled").contains("no pong to the ping sent at " + T0.plusSeconds(30));
    }

    @Test
    void aPongOrAServerPingOrAMessageKeepsTheConnectionAlive() {
        Liveness c = schedule.open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.check().action()).isEqualTo(Action.SEND_PING);
        c.onPingSent();
        clock.advance(Duration.ofSeconds(3));
        c.onPong();
        assertThat(c.lastInbound()).isEqualTo(T0.plusSeconds(33));
        clock.advance(Duration.ofSeconds(20));
        assertThat(c.check().action()).as("pong answered; 20 s of silence since").isEqualTo(Action.NONE);

        c.onServerPing();
        clock.advance(Duration.ofSeconds(29));
        assertThat(c.check().action()).isEqualTo(Action.NONE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.check().action()).isEqualTo(Action.SEND_PING);
        c.onPingSent();
        clock.advance(Duration.ofSeconds(5));
        c.onMessage(); // data instead of the pong: alive all the same
        clock.advance(Duration.ofSeconds(10));
        assertThat(c.check().action()).isEqualTo(Action.NONE);
    }

    @Test
    void aServerShutdownEventMeansReconnectNow() {
        Liveness c = schedule.open();
        clock.advance(Duration.ofMinutes(5));
        c.onServerShutdown();
        Verdict v = c.check();
        assertThat(v.action()).isEqualTo(Action.RECONNECT);
        assertThat(v.reason()).contains("serverShutdown");
    }

    @Test
    void settingsThatWouldMissBinancesCutOrSpamPingsAreRefused() {
        assertThatThrownBy(() -> new Settings(Duration.ofHours(23), Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1024)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 h");
        assertThatThrownBy(() -> new Settings(Duration.ofHours(24), Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Duration.ofHours(23), Duration.ZERO, Duration.ofMillis(500),
                Duration.ofSeconds(10), 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Duration.ofHours(23), Duration.ZERO, Duration.ofSeconds(30),
                Duration.ZERO, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(Duration.ofHours(23), Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1025)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        assertThatThrownBy(() -> new Settings(Duration.ofHours(23), Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamsAreGroupedIntoCombinedStreamUrls() {
        List<CombinedStream> groups = schedule.group(List.of("btcusdt@kline_1m", "btcusdt@trade", "btcusdt@depth@100ms"));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).path()).isEqualTo("/stream?streams=btcusdt@kline_1m/btcusdt@trade/btcusdt@depth@100ms");
        assertThat(schedule.group(List.of())).isEmpty();
        assertThat(schedule.group(List.of("!miniTicker@arr", "ethusdt@kline_1M", "btcusdt@kline_1m", "btcusdt@kline_1m"))
                .get(0).streams()).as("duplicates dropped, order kept").containsExactly("!miniTicker@arr", "ethusdt@kline_1M",
                        "btcusdt@kline_1m");
    }

    @Test
    void noConnectionCarriesMoreThan1024Streams() {
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 1250; i++) {
            String symbol = "sym" + i + "usdt";
            streams.add(symbol + "@kline_1m");
            streams.add(symbol + "@trade");
        }
        List<CombinedStream> groups = schedule.group(streams);
        assertThat(groups).extracting(g -> g.streams().size()).containsExactly(1024, 1024, 452);
        List<String> back = new ArrayList<>();
        groups.forEach(g -> back.addAll(g.streams()));
        assertThat(back).isEqualTo(streams);
        assertThat(groups.get(2).path()).startsWith("/stream?streams=" + streams.get(2048) + "/").doesNotContain("//")
                .endsWith("/" + streams.get(2499));

        ConnectionSchedule small = new ConnectionSchedule(new Settings(Duration.ofHours(23), Duration.ZERO,
                Duration.ofSeconds(30), Duration.ofSeconds(10), 2), clock, new SplittableRandom(1));
        assertThat(small.group(List.of("a@trade", "b@trade", "c@trade")))
                .containsExactly(new CombinedStream(List.of("a@trade", "b@trade")), new CombinedStream(List.of("c@trade")));
    }

    @Test
    void namesThatWouldBreakTheUrlOrThatBinanceWouldNotKnowAreRefused() {
        for (String bad : List.of("", " ", "BTCUSDT@trade", "btcusdt@trade/ethusdt@trade", "btcusdt@trade&x=1",
                "btc usdt@trade", "btcusdt@kline_1m@+08:00", "btcusdt@trade#", "btcusdt@trade?")) {
            assertThatThrownBy(() -> schedule.group(List.of(bad))).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
        List<String> nulls = new ArrayList<>();
        nulls.add(null);
        assertThatThrownBy(() -> schedule.group(nulls)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CombinedStream(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
