package dev.sextant.collector.market;

import static dev.sextant.collector.market.Books.BTCUSDT;
import static dev.sextant.collector.market.Books.CLOCK;
import static dev.sextant.collector.market.Books.NOW;
import static dev.sextant.collector.market.Books.bid;
import static dev.sextant.collector.market.Books.book;
import static dev.sextant.collector.market.Books.level;
import static dev.sextant.collector.market.Books.levels;
import static dev.sextant.collector.market.Books.snapshot;
import static dev.sextant.collector.market.Books.texts;
import static dev.sextant.collector.market.Books.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Binance's "How to manage a local order book correctly", rule by rule (see {@link LocalOrderBook}). */
class LocalOrderBookTest {

    private static DepthSnapshot baseSnapshot(long lastUpdateId) {
        return snapshot(lastUpdateId, levels("100:1", "99:2", "98:3"), levels("101:1", "102:2", "103:3"));
    }

    @Nested
    class BeforeTheSnapshot {

        @Test
        void aNewBookAwaitsASnapshotAndBuffersEvents() {
            LocalOrderBook book = book();
            assertThat(book.state()).isEqualTo(BookState.AWAITING_SNAPSHOT);
            assertThat(book.reason()).contains("no snapshot yet");
            assertThat(book.lastUpdateId()).isEqualTo(-1);

            assertThat(book.onDepthUpdate(bid(100, 101, "100:5"))).isEqualTo(new BookUpdate.Buffered(1));
            assertThat(book.onDepthUpdate(bid(102, 105, "100:6"))).isEqualTo(new BookUpdate.Buffered(2));
            assertThat(book.bidLevels()).isZero();
            assertThat(book.bestBid()).isEmpty();
            assertThat(book.snapshot(10, NOW)).isEmpty();
            assertThat(book.counters().eventsBuffered()).isEqualTo(2);
        }

        @Test
        void theSnapshotDropsTheEventsItCoversAndAppliesTheRest() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(100, 101, "100:5"));  // u=101 <= 103: covered by the snapshot
            book.onDepthUpdate(bid(102, 105, "100:6"));  // straddles lastUpdateId + 1 = 104: the first applied
            book.onDepthUpdate(update(106, 110, levels("99:0"), levels("101:7")));

            BookUpdate result = book.onSnapshot(baseSnapshot(103));

            assertThat(result).isEqualTo(new BookUpdate.Synced(103, 2, 110, false));
            assertThat(book.state()).isEqualTo(BookState.SYNCED);
            assertThat(book.reason()).isEmpty();
            assertThat(book.lastUpdateId()).isEqualTo(110);
            assertThat(texts(book.topBids(10))).containsExactly("100:6", "98:3");
            assertThat(texts(book.topAsks(10))).containsExactly("101:7", "102:2", "103:3");
            assertThat(book.bufferedEvents()).isZero();
            BookCounters counters = book.counters();
            assertThat(counters.bufferedDropped()).isEqualTo(1);
            assertThat(counters.eventsApplied()).isEqualTo(2);
            assertThat(counters.levelsApplied()).isEqualTo(3);
            assertThat(counters.snapshotsTaken()).isEqualTo(1);
        }

        @Test
        void aSnapshotOlderThanTheBufferedEventsIsNotEnough() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(200, 210, "100:5"));

            BookUpdate tooOld = book.onSnapshot(baseSnapshot(150));

            assertThat(tooOld).isInstanceOf(BookUpdate.OutOfSync.class);
            assertThat(((BookUpdate.OutOfSync) tooOld).reason())
                    .isEqualTo("snapshot lastUpdateId=150 is older than the buffered events (first U=200 > lastUpdateId+1=151):"
                            + " a newer snapshot is needed");
            assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
            assertThat(book.bidLevels()).isZero();
            assertThat(book.bufferedEvents()).as("the buffer is kept for the next snapshot").isEqualTo(1);

            assertThat(book.onSnapshot(baseSnapshot(205))).isEqualTo(new BookUpdate.Synced(205, 1, 210, false));
            assertThat(texts(book.topBids(1))).containsExactly("100:5");
        }

        @Test
        void aSnapshotRightBeforeTheFirstBufferedEventIsEnough() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(151, 160, "100:5"));
            assertThat(book.onSnapshot(baseSnapshot(150))).isEqualTo(new BookUpdate.Synced(150, 1, 160, false));
        }

        @Test
        void aSnapshotCoveringEveryBufferedEventLeavesTheFirstEventRuleToTheStream() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(100, 101, "100:5"));
            assertThat(book.onSnapshot(baseSnapshot(120))).isEqualTo(new BookUpdate.Synced(120, 0, 120, false));
            assertThat(texts(book.topBids(1))).containsExactly("100:1");
            assertThat(book.counters().bufferedDropped()).isEqualTo(1);
        }

        @Test
        void aDuplicateOrOlderEventInTheBufferIsIgnored() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(100, 105, "100:5"));
            assertThat(book.onDepthUpdate(bid(100, 105, "100:5"))).isInstanceOf(BookUpdate.Ignored.class);
            assertThat(book.onDepthUpdate(bid(90, 95, "100:9"))).isInstanceOf(BookUpdate.Ignored.class);
            assertThat(book.bufferedEvents()).isEqualTo(1);
            assertThat(book.counters().duplicatesIgnored()).isEqualTo(2);
        }

        @Test
        void aHoleInTheBufferRestartsItFromTheNewerEvent() {
            LocalOrderBook book = book();
            book.onDepthUpdate(bid(100, 105, "100:5"));
            book.onDepthUpdate(bid(106, 110, "100:6"));
            assertThat(book.onDepthUpdate(bid(120, 125, "100:7"))).isEqualTo(new BookUpdate.Buffered(1));
            assertThat(book.counters().gaps()).isEqualTo(1);
            assertThat(book.counters().bufferedDropped()).isEqualTo(2);

            // A snapshot between the two runs: the first run is gone, so it must meet the second.
            assertThat(book.onSnapshot(baseSnapshot(110))).isInstanceOf(BookUpdate.OutOfSync.class);
            assertThat(book.onSnapshot(baseSnapshot(119))).isEqualTo(new BookUpdate.Synced(119, 1, 125, false));
            assertThat(texts(book.topBids(1))).containsExactly("100:7");
        }

        @Test
        void aFullBufferDropsItsOldestEvent() {
            LocalOrderBook book = new LocalOrderBook("binance", BTCUSDT, CLOCK, 3);
            for (long id = 1; id <= 5; id++) {
                book.onDepthUpdate(bid(id, id, "100:" + id));
            }
            assertThat(book.bufferedEvents()).isEqualTo(3);
            assertThat(book.counters().bufferedDropped()).isEqualTo(2);
            // Events 1 and 2 are gone: a snapshot at 1 no longer meets the buffer, one at 2 does.
            assertThat(book.onSnapshot(baseSnapshot(1))).isInstanceOf(BookUpdate.OutOfSync.class);
            assertThat(book.onSnapshot(baseSnapshot(2))).isEqualTo(new BookUpdate.Synced(2, 3, 5, false));
            assertThat(texts(book.topBids(1))).containsExactly("100:5");
        }
    }

    @Nested
    class TheFirstEventAfterTheSnapshot {

        @Test
        void mayStartExactlyAtLastUpdateIdPlusOne() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            assertThat(book.onDepthUpdate(bid(101, 103, "100:4"))).isEqualTo(new BookUpdate.Applied(103, 1, false));
        }

        @Test
        void mayStraddleLastUpdateIdPlusOne() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            assertThat(book.onDepthUpdate(bid(95, 105, "100:4"))).isEqualTo(new BookUpdate.Applied(105, 1, false));
            assertThat(book.lastUpdateId()).isEqualTo(105);
        }

        @Test
        void thatStartsAfterLastUpdateIdPlusOneMeansUpdatesWereMissed() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));

            BookUpdate result = book.onDepthUpdate(bid(103, 104, "100:4"));

            assertThat(result).isEqualTo(new BookUpdate.OutOfSync("the first event after the snapshot does not continue it:"
                    + " U=103 > lastUpdateId+1=101 (updates 101..102 missed)"));
            assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
            assertThat(book.reason()).contains(((BookUpdate.OutOfSync) result).reason());
            assertThat(book.bidLevels()).isZero();
            assertThat(book.askLevels()).isZero();
            assertThat(book.lastUpdateId()).isEqualTo(-1);
            assertThat(book.counters().gaps()).isEqualTo(1);
        }

        @Test
        void entirelyCoveredBySnapshotIsIgnored() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            assertThat(book.onDepthUpdate(bid(95, 100, "100:4"))).isInstanceOf(BookUpdate.Ignored.class);
            assertThat(book.state()).isEqualTo(BookState.SYNCED);
            assertThat(texts(book.topBids(1))).containsExactly("100:1");
            assertThat(book.onDepthUpdate(bid(101, 101, "100:4"))).isEqualTo(new BookUpdate.Applied(101, 1, false));
        }
    }

    @Nested
    class OnceSynced {

        private LocalOrderBook synced() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            book.onDepthUpdate(bid(101, 102, "100:4"));
            return book;
        }

        @Test
        void eachEventMustStartRightAfterThePrevious() {
            LocalOrderBook book = synced();
            assertThat(book.onDepthUpdate(bid(103, 103, "97:1"))).isEqualTo(new BookUpdate.Applied(103, 1, false));
            assertThat(book.onDepthUpdate(bid(104, 110, "96:1"))).isEqualTo(new BookUpdate.Applied(110, 1, false));
            assertThat(book.counters().eventsApplied()).isEqualTo(3);
        }

        @Test
        void aGapClearsTheBookWhichBuffersAgainUntilANewSnapshot() {
            LocalOrderBook book = synced();

            BookUpdate gap = book.onDepthUpdate(bid(105, 106, "100:8"));

            assertThat(gap).isEqualTo(new BookUpdate.OutOfSync(
                    "sequence gap: U=105, expected 103 (the previous u + 1): updates 103..104 missed"));
            assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
            assertThat(book.reason()).contains("sequence gap: U=105, expected 103 (the previous u + 1): updates 103..104 missed");
            assertThat(book.bidLevels()).isZero();
            assertThat(book.bestBid()).isEmpty();
            assertThat(book.snapshot(5, NOW)).isEmpty();
            assertThat(book.bufferedEvents()).as("the event that showed the gap starts the new buffer").isEqualTo(1);

            assertThat(book.onDepthUpdate(bid(107, 108, "100:9"))).isEqualTo(new BookUpdate.Buffered(2));
            // The new snapshot covers the first buffered event; the second continues it.
            assertThat(book.onSnapshot(snapshot(106, levels("100:8", "95:1"), levels("101:1"))))
                    .isEqualTo(new BookUpdate.Synced(106, 1, 108, false));
            assertThat(book.state()).isEqualTo(BookState.SYNCED);
            assertThat(texts(book.topBids(5))).containsExactly("100:9", "95:1");
            BookCounters counters = book.counters();
            assertThat(counters.gaps()).isEqualTo(1);
            assertThat(counters.snapshotsTaken()).isEqualTo(2);
        }

        @Test
        void aDuplicateOrALateEventIsIgnoredNotAGap() {
            LocalOrderBook book = synced();
            assertThat(book.onDepthUpdate(bid(101, 102, "100:4"))).isEqualTo(new BookUpdate.Ignored(
                    "event U=101 u=102 is already in the book (update id 102): a duplicate or a late event"));
            assertThat(book.onDepthUpdate(bid(90, 95, "100:1"))).isInstanceOf(BookUpdate.Ignored.class);
            assertThat(book.state()).isEqualTo(BookState.SYNCED);
            assertThat(texts(book.topBids(1))).containsExactly("100:4");
            assertThat(book.counters().duplicatesIgnored()).isEqualTo(2);
            assertThat(book.counters().gaps()).isZero();
        }

        @Test
        void anEventOverlappingTheBookAfterTheFirstIsTreatedAsAGap() {
            LocalOrderBook book = synced();
            assertThat(book.onDepthUpdate(bid(102, 104, "100:4"))).isEqualTo(new BookUpdate.OutOfSync(
                    "event overlaps the book: U=102 <= update id 102 < u=104 (expected U=103)"));
            assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
        }

        @Test
        void aStaleSnapshotIsIgnoredANewerOneResetsTheBook() {
            LocalOrderBook book = synced();
            assertThat(book.onSnapshot(baseSnapshot(102))).isEqualTo(new BookUpdate.Ignored(
                    "snapshot lastUpdateId=102 is not newer than the book (update id 102)"));
            assertThat(texts(book.topBids(1))).containsExactly("100:4");

            assertThat(book.onSnapshot(snapshot(200, levels("90:1"), levels("91:1"))))
                    .isEqualTo(new BookUpdate.Synced(200, 0, 200, false));
            assertThat(texts(book.topBids(5))).containsExactly("90:1");
            // The first-event rule applies again after it.
            assertThat(book.onDepthUpdate(bid(150, 201, "90:2"))).isEqualTo(new BookUpdate.Applied(201, 1, false));
        }

        @Test
        void anotherSymbolsInputIsRejectedAndChangesNothing() {
            LocalOrderBook book = synced();
            DepthUpdate eth = DepthUpdate.parse(Symbol.of("ETHUSDT"), Books.E, 103, 103, levels("1:1"), List.of())
                    .orElseThrow();
            assertThat(book.onDepthUpdate(eth))
                    .isEqualTo(new BookUpdate.Rejected("depth update of ETHUSDT given to the book of BTCUSDT"));
            DepthSnapshot ethSnapshot = DepthSnapshot.parse(Symbol.of("ETHUSDT"), 500, levels("1:1"), List.of()).orElseThrow();
            assertThat(book.onSnapshot(ethSnapshot)).isInstanceOf(BookUpdate.Rejected.class);
            assertThat(book.lastUpdateId()).isEqualTo(102);
            assertThat(book.counters().rejected()).isEqualTo(2);
        }
    }

    @Nested
    class Levels {

        @Test
        void quantitiesAreAbsoluteAndZeroRemovesTheLevel() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            book.onDepthUpdate(update(101, 101, levels("100:0.5", "99:0", "97.5:1.25", "50:0"), levels("101:0", "101.5:3")));
            // 50 was never in the book: removing it "can happen and is normal".
            assertThat(texts(book.topBids(10))).containsExactly("100:0.5", "98:3", "97.5:1.25");
            assertThat(texts(book.topAsks(10))).containsExactly("101.5:3", "102:2", "103:3");
            assertThat(book.counters().levelsApplied()).isEqualTo(6);
        }

        @Test
        void theLastUpdateOfAPriceInOneEventWins() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            book.onDepthUpdate(update(101, 101, levels("100:2", "100:0", "96:1", "96:2"), List.of()));
            assertThat(texts(book.topBids(10))).containsExactly("99:2", "98:3", "96:2");
        }

        @Test
        void bestBidAndAskAndTopNAreBestFirst() {
            LocalOrderBook book = book();
            book.onSnapshot(snapshot(1, levels("98:3", "100:1", "99:2"), levels("103:3", "101:1", "102:2")));
            assertThat(book.bestBid()).contains(level("100", "1"));
            assertThat(book.bestAsk()).contains(level("101", "1"));
            LocalOrderBook.Top top = book.topN(2);
            assertThat(texts(top.bids())).containsExactly("100:1", "99:2");
            assertThat(texts(top.asks())).containsExactly("101:1", "102:2");
            assertThat(book.topBids(50)).hasSize(3);
            assertThat(book.topBids(0)).isEmpty();
            assertThatThrownBy(() -> book.topBids(-1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void aSnapshotsDuplicatePriceKeepsTheLastAndZeroIsNoLevel() {
            LocalOrderBook book = book();
            book.onSnapshot(snapshot(1, levels("100:1", "99:0", "100:3"), levels()));
            assertThat(texts(book.topBids(10))).containsExactly("100:3");
            assertThat(book.bestAsk()).isEmpty();
        }

        @Test
        void aCrossedBookIsReported() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            assertThat(book.isCrossed()).isFalse();

            assertThat(book.onDepthUpdate(bid(101, 101, "101.5:1"))).isEqualTo(new BookUpdate.Applied(101, 1, true));
            assertThat(book.isCrossed()).isTrue();
            assertThat(book.onDepthUpdate(bid(102, 102, "101:1"))).isEqualTo(new BookUpdate.Applied(102, 1, true));
            assertThat(book.onDepthUpdate(bid(103, 103, "101.5:0"))).isEqualTo(new BookUpdate.Applied(103, 1, true));
            assertThat(book.onDepthUpdate(bid(104, 104, "101:0"))).isEqualTo(new BookUpdate.Applied(104, 1, false));
            assertThat(book.isCrossed()).isFalse();
            assertThat(book.counters().crossedEvents()).isEqualTo(3);
        }
    }

    @Nested
    class Snapshots {

        @Test
        void aSyncedBookMakesAnOrderBookSnapshotTakenWithADeterministicId() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            book.onDepthUpdate(update(101, 104, levels("100:1.50000000"), levels("101:0")));
            Instant tsEvent = Instant.ofEpochMilli(Books.E);

            OrderBookSnapshotTaken event = book.snapshot(2, tsEvent).orElseThrow();

            assertThat(event.eventId()).isEqualTo(Ids.orderBookSnapshotId("binance", BTCUSDT, 104));
            assertThat(event.tsEvent()).isEqualTo(tsEvent);
            assertThat(event.tsInit()).isEqualTo(NOW);
            assertThat(event.causationId()).isNull();
            assertThat(event.exchange()).isEqualTo("binance");
            assertThat(event.symbol()).isEqualTo(BTCUSDT);
            assertThat(event.lastUpdateId()).isEqualTo(104);
            assertThat(event.bids()).containsExactly(level("100", "1.5"), level("99", "2"));
            assertThat(event.asks()).containsExactly(level("102", "2"), level("103", "3"));
            assertThat(event.spread()).isEqualByComparingTo("2");
            assertThat(book.snapshot(1, tsEvent.plusSeconds(1)).orElseThrow().eventId())
                    .as("the same book state is the same event").isEqualTo(event.eventId());
        }

        @Test
        void depthIsBounded() {
            LocalOrderBook book = book();
            book.onSnapshot(baseSnapshot(100));
            assertThatThrownBy(() -> book.snapshot(0, NOW)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> book.snapshot(1_001, NOW)).isInstanceOf(IllegalArgumentException.class);
            assertThat(book.snapshot(1_000, NOW).orElseThrow().bids()).hasSize(3);
        }

        @Test
        void theConstructorRefusesANameEventsWouldRefuse() {
            assertThatThrownBy(() -> new LocalOrderBook("Binance", BTCUSDT, CLOCK)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LocalOrderBook("binance", BTCUSDT, CLOCK, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
