package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeWindowTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    static Trade trade(long id, long millis) {
        return new Trade(id, T0.plusMillis(millis), 100, 1, Side.BUY);
    }

    private static List<Trade> contents(TradeWindow w) {
        List<Trade> out = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            out.add(w.get(i));
            assertThat(w.timeOf(i)).isEqualTo(EventTime.nanos(w.get(i).time()));
        }
        return out;
    }

    @Test
    void keepsTradesInTimeThenIdOrderWhateverTheArrivalOrder() {
        List<Trade> evicted = new ArrayList<>();
        TradeWindow w = new TradeWindow(Duration.ofSeconds(100), evicted::add);
        Random random = new Random(11);
        List<Trade> offered = new ArrayList<>();
        // 3,000 trades over 20 s, three per time stamp, shuffled in blocks of 50 (up to 49 positions out of order)
        List<Trade> ordered = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            ordered.add(trade(i, i / 3 * 20));
        }
        for (int b = 0; b < ordered.size(); b += 50) {
            List<Trade> block = new ArrayList<>(ordered.subList(b, Math.min(b + 50, ordered.size())));
            Collections.shuffle(block, random);
            offered.addAll(block);
        }
        for (Trade t : offered) {
            assertThat(w.offer(t)).isEqualTo(TradeAdmission.ACCEPTED);
        }
        assertThat(evicted).isEmpty();
        List<Trade> expected = new ArrayList<>(ordered);
        expected.sort(Comparator.comparing(Trade::time).thenComparingLong(Trade::tradeId));
        assertThat(contents(w)).containsExactlyElementsOf(expected);
        assertThat(w.covered()).isFalse();
    }

    @Test
    void evictsOldestFirstAndCompactsItsStorage() {
        List<Trade> evicted = new ArrayList<>();
        TradeWindow w = new TradeWindow(Duration.ofMillis(1_000), evicted::add);
        for (int i = 0; i < 100_000; i++) {
            w.offer(trade(i, i * 10L)); // 100 per window
        }
        assertThat(w.size()).isEqualTo(100); // (999,990 - 1,000, 999,990]: trades 99,900 .. 99,999
        assertThat(w.get(0).tradeId()).isEqualTo(99_900);
        assertThat(evicted).hasSize(99_900);
        for (int i = 0; i < evicted.size(); i++) {
            assertThat(evicted.get(i).tradeId()).isEqualTo(i);
        }
        assertThat(w.covered()).isTrue();
        // an id that has left the window is forgotten; its old time makes a copy late
        assertThat(w.offer(trade(5, 50))).isEqualTo(TradeAdmission.LATE);
        // an id still in the window is a duplicate
        assertThat(w.offer(trade(99_950, 999_500))).isEqualTo(TradeAdmission.DUPLICATE);
        w.advanceTo(EventTime.nanos(T0.plusSeconds(10_000)));
        assertThat(w.size()).isZero();
        assertThat(w.offer(trade(200_000, 10_000_000))).isEqualTo(TradeAdmission.ACCEPTED);
        assertThat(contents(w)).extracting(Trade::tradeId).containsExactly(200_000L);
    }

    @Test
    void advancingBeforeTheFirstTradeDoesNothing() {
        TradeWindow w = new TradeWindow(Duration.ofSeconds(1), t -> { });
        w.advanceTo(EventTime.nanos(T0.plusSeconds(50)));
        assertThat(w.started()).isFalse();
        assertThat(w.offer(trade(1, 0))).isEqualTo(TradeAdmission.ACCEPTED);
        assertThat(w.end()).isEqualTo(EventTime.nanos(T0));
    }

    @Test
    void eventTimesRoundTripInNanoseconds() {
        Instant t = Instant.parse("2099-12-31T23:59:59.123456789Z");
        assertThat(EventTime.instant(EventTime.nanos(t))).isEqualTo(t);
        assertThat(EventTime.nanos(Instant.EPOCH.plusNanos(1))).isEqualTo(1);
    }
}
