package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.collector.exchange.ReconnectBuffer.Continuity;
import dev.sextant.collector.exchange.ReconnectBuffer.Offer;
import dev.sextant.collector.exchange.ReconnectBuffer.SequenceGap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReconnectBufferTest {
    static final String TRADES = "btcusdt@trade";
    static final String KLINES = "btcusdt@kline_1m";
    static final String DEPTH = "btcusdt@depth@100ms";
    static final String BOOK = "btcusdt@bookTicker";
    static final long MINUTE = 60_000;
    static final long T0 = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();

    static final Function<String, Continuity> CONTINUITY = stream -> switch (stream) {
        case KLINES -> Continuity.step(MINUTE);
        case BOOK -> Continuity.orderedOnly();
        default -> Continuity.step(1);
    };

    final ReconnectBuffer<String> buffer = new ReconnectBuffer<>(CONTINUITY, 1000);
    final List<String> delivered = new ArrayList<>();
    final List<SequenceGap> gaps = new ArrayList<>();

    Offer<String> offer(String stream, long id) {
        return record(buffer.offer(stream, id, stream + ":" + id));
    }

    Offer<String> offerRange(String stream, long first, long last) {
        return record(buffer.offer(stream, first, last, stream + ":" + first + "-" + last));
    }

    Offer<String> record(Offer<String> o) {
        delivered.addAll(o.deliver());
        o.gap().ifPresent(gaps::add);
        return o;
    }

    static long kline(int n) {
        return T0 + n * MINUTE;
    }

    @Test
    void deliversInOrderAndDropsDuplicates() {
        offer(TRADES, 1);
        offer(TRADES, 2);
        Offer<String> dup = offer(TRADES, 2);
        assertThat(dup.deliver()).isEmpty();
        assertThat(dup.dropped()).isEqualTo(1);
        offer(TRADES, 3);
        assertThat(offer(TRADES, 1).dropped()).isEqualTo(1);
        offer(TRADES, 4);
        assertThat(delivered).containsExactly("btcusdt@trade:1", "btcusdt@trade:2", "btcusdt@trade:3", "btcusdt@trade:4");
        assertThat(gaps).isEmpty();
        assertThat(buffer.lastDelivered(TRADES)).hasValue(4);
        assertThat(buffer.lastDelivered(KLINES)).isEmpty();
    }

    @Test
    void theOverlapOfTheOldAndTheNewConnectionIsDeliveredOnce() {
        for (long id = 1; id <= 12; id++) {
            offer(TRADES, id); // the old connection
        }
        // make-before-break: the new connection starts before the old one is closed, both deliver for a while
        long[] interleaved = {11, 12, 13, 13, 14, 14, 15, 16, 15, 17};
        for (long id : interleaved) {
            offer(TRADES, id);
        }
        List<String> expected = new ArrayList<>();
        for (long id = 1; id <= 17; id++) {
            expected.add(TRADES + ":" + id);
        }
        assertThat(delivered).isEqualTo(expected);
        assertThat(gaps).isEmpty();
    }

    @Test
    void aHoleIsFlaggedOnceAndWhatFollowsIsHeldUntilTheBackfill() {
        offer(KLINES, kline(0));
        offer(KLINES, kline(1));
        // the connection dropped for three minutes; the new one starts at kline 4
        Offer<String> first = offer(KLINES, kline(4));
        assertThat(first.deliver()).isEmpty();
        assertThat(first.gap()).contains(new SequenceGap(KLINES, kline(1), kline(4), true));
        Offer<String> next = offer(KLINES, kline(5));
        assertThat(next.deliver()).isEmpty();
        assertThat(next.gap()).as("reported once").isEmpty();
        assertThat(buffer.held(KLINES)).isEqualTo(2);
        assertThat(buffer.openGap(KLINES)).contains(new SequenceGap(KLINES, kline(1), kline(4), true));

        // the caller fetched klines 2 and 3 over REST and delivered them itself
        delivered.add("rest:" + kline(2));
        delivered.add("rest:" + kline(3));
        Offer<String> resumed = record(buffer.resumeAfter(KLINES, kline(3)));
        assertThat(resumed.gap()).isEmpty();
        offer(KLINES, kline(6));
        assertThat(delivered).containsExactly(KLINES + ":" + kline(0), KLINES + ":" + kline(1), "rest:" + kline(2),
                "rest:" + kline(3), KLINES + ":" + kline(4), KLINES + ":" + kline(5), KLINES + ":" + kline(6));
        assertThat(buffer.openGap(KLINES)).isEmpty();
        assertThat(buffer.held(KLINES)).isZero();
        assertThat(gaps).hasSize(1);
    }

    @Test
    void aBackfillThatFallsShortReportsWhatRemains() {
        offer(KLINES, kline(0));
        offer(KLINES, kline(5));
        record(buffer.resumeAfter(KLINES, kline(2))); // REST had klines 1 and 2 only, so far
        assertThat(gaps).containsExactly(new SequenceGap(KLINES, kline(0), kline(5), true),
                new SequenceGap(KLINES, kline(2), kline(5), true));
        record(buffer.resumeAfter(KLINES, kline(4)));
        assertThat(delivered).containsExactly(KLINES + ":" + kline(0), KLINES + ":" + kline(5));
    }

    @Test
    void lateMessagesOfTheOldConnectionCloseTheHoleWithoutABackfill() {
        offer(TRADES, 1);
        offer(TRADES, 2);
        offer(TRADES, 3);
        Offer<String> ahead = offer(TRADES, 6); // the new connection is ahead of the old one
        assertThat(ahead.gap()).contains(new SequenceGap(TRADES, 3, 6, true));
        Offer<String> four = offer(TRADES, 4);
        assertThat(four.deliver()).containsExactly(TRADES + ":4");
        assertThat(four.gap()).as("the same hole, smaller: not reported again").isEmpty();
        assertThat(buffer.openGap(TRADES)).contains(new SequenceGap(TRADES, 4, 6, true));
        Offer<String> five = offer(TRADES, 5);
        assertThat(five.deliver()).containsExactly(TRADES + ":5", TRADES + ":6");
        assertThat(buffer.openGap(TRADES)).isEmpty();
        assertThat(gaps).hasSize(1);
    }

    @Test
    void heldMessagesAreReleasedInIdOrderWhateverTheArrivalOrder() {
        offer(TRADES, 1);
        offer(TRADES, 5);
        offer(TRADES, 3);
        offer(TRADES, 4);
        Offer<String> o = offer(TRADES, 2);
        assertThat(o.deliver()).containsExactly(TRADES + ":2", TRADES + ":3", TRADES + ":4", TRADES + ":5");
        assertThat(gaps).extracting(SequenceGap::before).containsExactly(5L, 3L);
    }

    @Test
    void depthEventsFollowBinancesOrderBookRule() {
        offerRange(DEPTH, 100, 105);
        offerRange(DEPTH, 106, 109);
        assertThat(offerRange(DEPTH, 108, 112).deliver()).as("overlapping [U, u] that reaches past the book").hasSize(1);
        // a reconnect loses events 113..119
        assertThat(offerRange(DEPTH, 120, 125).gap()).contains(new SequenceGap(DEPTH, 112, 120, true));
        offerRange(DEPTH, 126, 130);
        // a snapshot older than the first held event (lastUpdateId 115 < U 120 - 1): take another one
        Offer<String> stale = record(buffer.resumeAfter(DEPTH, 115));
        assertThat(stale.deliver()).isEmpty();
        assertThat(stale.gap()).contains(new SequenceGap(DEPTH, 115, 120, true));
        // lastUpdateId 122 lies within the first held event's [120, 125]: apply from there
        Offer<String> fresh = record(buffer.resumeAfter(DEPTH, 122));
        assertThat(fresh.deliver()).containsExactly(DEPTH + ":120-125", DEPTH + ":126-130");
        assertThat(fresh.gap()).isEmpty();
        // a snapshot newer than held events drops them
        offerRange(DEPTH, 140, 150);
        offerRange(DEPTH, 151, 160);
        Offer<String> newer = record(buffer.resumeAfter(DEPTH, 155));
        assertThat(newer.deliver()).containsExactly(DEPTH + ":151-160");
        assertThat(newer.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> buffer.offer(DEPTH, 170, 169, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderedOnlyStreamFlagsTheFirstMessageAfterAReconnect() {
        offer(BOOK, 5);
        offer(BOOK, 9);
        offer(BOOK, 20); // holes cannot be seen: ids only grow
        assertThat(gaps).isEmpty();
        buffer.reconnected(List.of(BOOK, TRADES));
        assertThat(offer(BOOK, 18).dropped()).as("older than delivered").isEqualTo(1);
        Offer<String> first = offer(BOOK, 25);
        assertThat(first.deliver()).isEmpty();
        assertThat(first.gap()).contains(new SequenceGap(BOOK, 20, 25, false));
        offer(BOOK, 26);
        Offer<String> resumed = record(buffer.resumeAfter(BOOK, 20));
        assertThat(resumed.deliver()).containsExactly(BOOK + ":25", BOOK + ":26");
        assertThat(offer(BOOK, 30).deliver()).containsExactly(BOOK + ":30");
    }

    @Test
    void aReconnectDoesNotFlagStreamsWhoseHolesCanBeSeen() {
        offer(TRADES, 1);
        offer(TRADES, 2);
        buffer.reconnected(Set.of(TRADES, KLINES));
        assertThat(offer(TRADES, 3).deliver()).containsExactly(TRADES + ":3");
        assertThat(offer(KLINES, kline(0)).deliver()).as("a stream's first message").hasSize(1);
        assertThat(gaps).isEmpty();
    }

    @Test
    void aSeededPositionMakesTheFirstMessageCheckedAgainstIt() {
        record(buffer.resumeAfter(KLINES, kline(10))); // the last stored candle, on a restart
        Offer<String> first = offer(KLINES, kline(13));
        assertThat(first.gap()).contains(new SequenceGap(KLINES, kline(10), kline(13), true));

        ReconnectBuffer<String> other = new ReconnectBuffer<>(CONTINUITY, 10);
        other.resumeAfter(KLINES, kline(10));
        assertThat(other.offer(KLINES, kline(10), "dup").dropped()).isEqualTo(1);
        assertThat(other.offer(KLINES, kline(11), "next").deliver()).containsExactly("next");
        assertThat(other.offer(TRADES, 777, "first ever").deliver()).as("unseeded: the start").containsExactly("first ever");
    }

    @Test
    void aFullHoldNeverLosesMessagesSilently() {
        ReconnectBuffer<String> small = new ReconnectBuffer<>(CONTINUITY, 3);
        List<String> out = new ArrayList<>();
        List<SequenceGap> seen = new ArrayList<>();
        Function<Offer<String>, Offer<String>> rec = o -> {
            out.addAll(o.deliver());
            o.gap().ifPresent(seen::add);
            return o;
        };
        rec.apply(small.offer(TRADES, 1, "1"));
        for (long id = 3; id <= 7; id++) {
            rec.apply(small.offer(TRADES, id, String.valueOf(id)));
        }
        assertThat(small.held(TRADES)).isEqualTo(3);
        assertThat(rec.apply(small.offer(TRADES, 2, "2")).deliver()).containsExactly("2", "3", "4", "5");
        Offer<String> after = rec.apply(small.offer(TRADES, 8, "8"));
        assertThat(after.deliver()).as("6 and 7 were discarded: 8 does not follow 5").isEmpty();
        assertThat(after.gap()).contains(new SequenceGap(TRADES, 5, 8, true));

        // ordered-only: the message after the held ones is flagged, since the discarded ones cannot be seen missing
        rec.apply(small.offer(BOOK, 10, "b10"));
        small.reconnected(List.of(BOOK));
        rec.apply(small.offer(BOOK, 11, "b11"));
        rec.apply(small.offer(BOOK, 12, "b12"));
        rec.apply(small.offer(BOOK, 13, "b13"));
        assertThat(small.offer(BOOK, 14, "b14").discarded()).isEqualTo(1);
        assertThat(rec.apply(small.resumeAfter(BOOK, 10)).deliver()).containsExactly("b11", "b12", "b13");
        Offer<String> next = rec.apply(small.offer(BOOK, 15, "b15"));
        assertThat(next.deliver()).isEmpty();
        assertThat(next.gap()).contains(new SequenceGap(BOOK, 13, 15, false));
    }

    @Test
    void aMessageThatBelongsBeforeTheHeldOnesDisplacesTheNewest() {
        ReconnectBuffer<String> small = new ReconnectBuffer<>(CONTINUITY, 2);
        small.offer(TRADES, 1, "1");
        small.offer(TRADES, 5, "5");
        small.offer(TRADES, 6, "6");
        assertThat(small.offer(TRADES, 3, "3").discarded()).as("6 made room for 3").isEqualTo(1);
        assertThat(small.offer(TRADES, 2, "2").deliver()).containsExactly("2", "3");
        assertThat(small.offer(TRADES, 4, "4").deliver()).containsExactly("4", "5");
        assertThat(small.offer(TRADES, 7, "7").gap()).as("6 was discarded: reported, not skipped")
                .contains(new SequenceGap(TRADES, 5, 7, true));
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> new ReconnectBuffer<String>(CONTINUITY, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Continuity.step(0)).isInstanceOf(IllegalArgumentException.class);
        ReconnectBuffer<String> none = new ReconnectBuffer<>(s -> null, 10);
        assertThatThrownBy(() -> none.offer("x", 1, "x")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no continuity for stream x");
    }
}
