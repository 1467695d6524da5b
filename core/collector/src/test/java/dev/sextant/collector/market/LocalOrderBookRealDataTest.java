package dev.sextant.collector.market;

import static dev.sextant.collector.market.Books.BTCUSDT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The book on the carried real samples (data/market/samples, see its README): a 100-level bid snapshot and one
 * diff batch of BTCUSDT (USD-M futures, 2022-11-01; columns {@code symbol, timestamp, first_update_id,
 * last_update_id, side, update_type, price, qty, pu}), and ten 25-level two-sided snapshots (Tardis, 2020-09-01).
 */
class LocalOrderBookRealDataTest {
    private static final List<String[]> SNAPSHOT_ROWS = MarketSamples.rows(MarketSamples.FUTURES_DEPTH_SNAPSHOT);
    private static final List<String[]> UPDATE_ROWS = MarketSamples.rows(MarketSamples.FUTURES_DEPTH_UPDATE);

    private static final long SNAPSHOT_ID = 2_098_021_528_332L;
    private static final long UPDATE_FIRST = 2_098_041_693_435L;
    private static final long UPDATE_LAST = 2_098_041_696_700L;

    @Test
    void theSamplesAreWhatTheTestsSayTheyAre() {
        assertThat(SNAPSHOT_ROWS).hasSize(100).allSatisfy(row -> {
            assertThat(row[2]).isEqualTo(Long.toString(SNAPSHOT_ID));
            assertThat(row[3]).isEqualTo(Long.toString(SNAPSHOT_ID));
            assertThat(row[4]).isEqualTo("b");
            assertThat(row[5]).isEqualTo("snap");
        });
        assertThat(UPDATE_ROWS).hasSize(100).allSatisfy(row -> {
            assertThat(row[2]).isEqualTo(Long.toString(UPDATE_FIRST));
            assertThat(row[3]).isEqualTo(Long.toString(UPDATE_LAST));
            assertThat(row[5]).isEqualTo("set");
        });
    }

    @Test
    void theRealSnapshotLoadsBestFirst() {
        LocalOrderBook book = Books.book();
        assertThat(book.onSnapshot(fileSnapshot(SNAPSHOT_ID, List.of()))).isEqualTo(new BookUpdate.Synced(SNAPSHOT_ID, 0, SNAPSHOT_ID, false));

        List<String> expected = new ArrayList<>();
        for (String[] row : SNAPSHOT_ROWS) {
            expected.add(plain(row[6]) + ":" + plain(row[7]));
        }
        assertThat(texts(book.topBids(100))).containsExactlyElementsOf(expected);
        assertThat(book.bestBid()).contains(Books.level("20377", "1.77"));
        assertThat(book.bestAsk()).isEmpty();
        assertThat(book.bidLevels()).isEqualTo(100);
    }

    @Test
    void theRealDiffBatchDoesNotContinueTheRealSnapshot_aGap() {
        LocalOrderBook book = Books.book();
        book.onSnapshot(fileSnapshot(SNAPSHOT_ID, List.of()));

        BookUpdate result = book.onDepthUpdate(fileUpdate());

        long missedFrom = SNAPSHOT_ID + 1;
        assertThat(result).isEqualTo(new BookUpdate.OutOfSync("the first event after the snapshot does not continue it: U="
                + UPDATE_FIRST + " > lastUpdateId+1=" + missedFrom + " (updates " + missedFrom + ".." + (UPDATE_FIRST - 1)
                + " missed)"));
        assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
        assertThat(book.bidLevels()).isZero();
        assertThat(book.counters().gaps()).isEqualTo(1);
        assertThat(book.counters().eventsApplied()).isZero();
        assertThat(book.bufferedEvents()).isEqualTo(1);
    }

    @Test
    void theRealDiffBatchBufferedBeforeTheRealSnapshot_theSnapshotIsTooOld() {
        LocalOrderBook book = Books.book();
        assertThat(book.onDepthUpdate(fileUpdate())).isEqualTo(new BookUpdate.Buffered(1));
        assertThat(book.onSnapshot(fileSnapshot(SNAPSHOT_ID, List.of()))).isInstanceOf(BookUpdate.OutOfSync.class);
        assertThat(book.state()).isEqualTo(BookState.OUT_OF_SYNC);
        assertThat(book.reason().orElseThrow()).startsWith("snapshot lastUpdateId=" + SNAPSHOT_ID + " is older than the buffered events");
    }

    /**
     * On a snapshot whose id the batch continues (lastUpdateId = U - 1), holding the real 100 bids plus a level at
     * every price the batch removes: every quantity 0 removes its level, every other sets it, nothing else moves.
     * The removed levels include bids above asks (the batch uncrosses the book), so the snapshot is crossed and the
     * applied batch is not.
     */
    @Test
    void theRealDiffBatchOnAChainedSnapshotRemovesZerosAndSetsTheRest() {
        List<String[]> removed = new ArrayList<>();
        for (String[] row : UPDATE_ROWS) {
            if (new BigDecimal(row[7]).signum() == 0) {
                removed.add(new String[] {row[4], row[6], "1.000"});
            }
        }
        assertThat(removed).as("the batch removes levels on both sides").hasSizeGreaterThan(10)
                .anySatisfy(r -> assertThat(r[0]).isEqualTo("a")).anySatisfy(r -> assertThat(r[0]).isEqualTo("b"));
        LocalOrderBook book = Books.book();
        BookUpdate synced = book.onSnapshot(fileSnapshot(UPDATE_FIRST - 1, removed));
        assertThat(synced).isEqualTo(new BookUpdate.Synced(UPDATE_FIRST - 1, 0, UPDATE_FIRST - 1, true));

        BookUpdate applied = book.onDepthUpdate(fileUpdate());

        assertThat(applied).isEqualTo(new BookUpdate.Applied(UPDATE_LAST, UPDATE_ROWS.size(), false));
        // The oracle: the snapshot's levels, then each row in file order (absolute quantity, 0 removes).
        NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
        NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        for (String[] row : SNAPSHOT_ROWS) {
            bids.put(new BigDecimal(row[6]), new BigDecimal(row[7]));
        }
        for (String[] r : removed) {
            (r[0].equals("b") ? bids : asks).put(new BigDecimal(r[1]), new BigDecimal(r[2]));
        }
        for (String[] row : UPDATE_ROWS) {
            NavigableMap<BigDecimal, BigDecimal> side = row[4].equals("b") ? bids : asks;
            BigDecimal qty = new BigDecimal(row[7]);
            if (qty.signum() == 0) {
                side.remove(new BigDecimal(row[6]));
            } else {
                side.put(new BigDecimal(row[6]), qty);
            }
        }
        assertThat(texts(book.topBids(1_000))).containsExactlyElementsOf(texts(oracle(bids)));
        assertThat(texts(book.topAsks(1_000))).containsExactlyElementsOf(texts(oracle(asks)));
        for (String[] r : removed) {
            List<BookLevel> side = r[0].equals("b") ? book.topBids(1_000) : book.topAsks(1_000);
            assertThat(side).as("level %s %s removed", r[0], r[1])
                    .noneMatch(level -> level.price().compareTo(new BigDecimal(r[1])) == 0);
        }
        assertThat(book.bestBid()).contains(Books.level("20472.1", "22.276"));
        assertThat(book.bestAsk()).contains(Books.level("20472.2", "4.211"));
        assertThat(book.counters().levelsApplied()).isEqualTo(100);

        OrderBookSnapshotTaken event = book.snapshot(10, Instant.ofEpochMilli(Long.parseLong(UPDATE_ROWS.get(0)[1])))
                .orElseThrow();
        assertThat(event.lastUpdateId()).isEqualTo(UPDATE_LAST);
        assertThat(event.tsEvent()).isEqualTo(Instant.parse("2022-11-01T23:59:59.939Z"));
        assertThat(event.spread()).isEqualByComparingTo("0.1");
    }

    /** Each of the ten 25-level snapshots, fed in shuffled order, comes back best-first exactly as the file has it. */
    @Test
    void topNOfTheTardisSnapshotsIsTheFilesOrder() {
        List<String[]> rows = MarketSamples.rows(MarketSamples.FUTURES_BOOK_25);
        assertThat(rows).hasSize(10);
        Random random = new Random(7);
        long id = 1;
        for (String[] row : rows) {
            List<List<String>> asks = new ArrayList<>();
            List<List<String>> bids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                asks.add(List.of(row[4 + 4 * i], row[5 + 4 * i]));
                bids.add(List.of(row[6 + 4 * i], row[7 + 4 * i]));
            }
            List<String> expectedAsks = texts(asks);
            List<String> expectedBids = texts(bids);
            Collections.shuffle(asks, random);
            Collections.shuffle(bids, random);
            LocalOrderBook book = Books.book();
            book.onSnapshot(Books.snapshot(id++, bids, asks));

            LocalOrderBook.Top top = book.topN(25);

            assertThat(texts(top.asks())).as("asks of %s", row[2]).containsExactlyElementsOf(expectedAsks);
            assertThat(texts(top.bids())).as("bids of %s", row[2]).containsExactlyElementsOf(expectedBids);
            assertThat(book.isCrossed()).isFalse();
            assertThat(texts(book.topN(5).asks())).containsExactlyElementsOf(expectedAsks.subList(0, 5));
        }
    }

    private static DepthSnapshot fileSnapshot(long lastUpdateId, List<String[]> extra) {
        List<List<String>> bids = new ArrayList<>();
        List<List<String>> asks = new ArrayList<>();
        for (String[] row : SNAPSHOT_ROWS) {
            bids.add(List.of(row[6], row[7]));
        }
        for (String[] r : extra) {
            (r[0].equals("b") ? bids : asks).add(List.of(r[1], r[2]));
        }
        return DepthSnapshot.parse(BTCUSDT, lastUpdateId, bids, asks).orElseThrow();
    }

    /** The batch as one depth event, its levels in file order. */
    private static DepthUpdate fileUpdate() {
        Set<Long> eventTimes = new LinkedHashSet<>();
        List<List<String>> bids = new ArrayList<>();
        List<List<String>> asks = new ArrayList<>();
        for (String[] row : UPDATE_ROWS) {
            eventTimes.add(Long.parseLong(row[1]));
            (row[4].equals("b") ? bids : asks).add(List.of(row[6], row[7]));
        }
        assertThat(eventTimes).hasSize(1);
        return DepthUpdate.parse(BTCUSDT, eventTimes.iterator().next(), UPDATE_FIRST, UPDATE_LAST, bids, asks).orElseThrow();
    }

    private static List<BookLevel> oracle(NavigableMap<BigDecimal, BigDecimal> side) {
        List<BookLevel> levels = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            levels.add(new BookLevel(e.getKey(), e.getValue()));
        }
        return levels;
    }

    private static List<String> texts(List<? extends Object> levels) {
        List<String> texts = new ArrayList<>();
        for (Object level : levels) {
            if (level instanceof BookLevel b) {
                texts.add(plain(b.price().toPlainString()) + ":" + plain(b.quantity().toPlainString()));
            } else {
                @SuppressWarnings("unchecked")
                List<String> pair = (List<String>) level;
                texts.add(plain(pair.get(0)) + ":" + plain(pair.get(1)));
            }
        }
        return texts;
    }

    private static String plain(String decimal) {
        return new BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }
}
