package dev.sextant.collector.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.BookLevel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalOrderBook} against the obvious book: one {@code TreeMap<BigDecimal, BigDecimal>} per side, set the
 * quantity, remove on zero. A seeded random stream of more than 100,000 level updates (adds, changes, removals of
 * present and absent levels, prices that cross the other side, prices of 0 to 8 decimals, quantities with
 * trailing zeros) is fed to both, as Binance's strings, through {@link DepthUpdate#parse}; the whole book is
 * compared after every few hundred updates and the top of the book after every event.
 */
class LocalOrderBookOracleTest {
    private static final int UPDATES = 150_000;
    private static final int COMPARE_EVERY = 300;

    private final NavigableMap<BigDecimal, BigDecimal> oracleBids = new TreeMap<>(Comparator.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> oracleAsks = new TreeMap<>();

    @Test
    void matchesATreeMapBookOnARandomStreamOfUpdates() {
        Random random = new Random(42);
        LocalOrderBook book = Books.book();

        // The starting snapshot: 200 levels a side around 20,000.00, in Binance's best-first order.
        List<List<String>> bids = new ArrayList<>();
        List<List<String>> asks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String bidPrice = ticks(2_000_000 - 1 - i * (1 + random.nextInt(3)), 2);
            String askPrice = ticks(2_000_000 + 1 + i * (1 + random.nextInt(3)), 2);
            bids.add(List.of(bidPrice, quantity(random)));
            asks.add(List.of(askPrice, quantity(random)));
        }
        for (List<String> level : bids) {
            set(oracleBids, level);
        }
        for (List<String> level : asks) {
            set(oracleAsks, level);
        }
        long updateId = 1_000;
        assertThat(book.onSnapshot(Books.snapshot(updateId, bids, asks))).isInstanceOf(BookUpdate.Synced.class);
        assertSameBook(book, "after the snapshot");

        int applied = 0;
        int sinceCompare = 0;
        long mid = 2_000_000;  // in cents
        int crossedSeen = 0;
        while (applied < UPDATES) {
            mid += random.nextInt(21) - 10;
            int n = 1 + random.nextInt(20);
            List<List<String>> eventBids = new ArrayList<>();
            List<List<String>> eventAsks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean isBid = random.nextBoolean();
                NavigableMap<BigDecimal, BigDecimal> side = isBid ? oracleBids : oracleAsks;
                List<String> level = randomLevel(random, side, isBid, mid);
                (isBid ? eventBids : eventAsks).add(level);
            }
            long first = updateId + 1;
            updateId += 1 + random.nextInt(5);
            DepthUpdate event = Books.update(first, updateId, eventBids, eventAsks);

            BookUpdate result = book.onDepthUpdate(event);

            for (List<String> level : eventBids) {
                set(oracleBids, level);
            }
            for (List<String> level : eventAsks) {
                set(oracleAsks, level);
            }
            boolean oracleCrossed = !oracleBids.isEmpty() && !oracleAsks.isEmpty()
                    && oracleBids.firstKey().compareTo(oracleAsks.firstKey()) >= 0;
            assertThat(result).isEqualTo(new BookUpdate.Applied(updateId, n, oracleCrossed));
            crossedSeen += oracleCrossed ? 1 : 0;
            assertThat(book.bestBid()).isEqualTo(best(oracleBids));
            assertThat(book.bestAsk()).isEqualTo(best(oracleAsks));
            applied += n;
            sinceCompare += n;
            if (sinceCompare >= COMPARE_EVERY) {
                assertSameBook(book, "after " + applied + " updates");
                sinceCompare = 0;
            }
        }
        assertSameBook(book, "at the end");
        assertThat(book.counters().levelsApplied()).isEqualTo(applied);
        assertThat(crossedSeen).as("the stream did cross the book at times").isPositive();
        assertThat(book.bidLevels() + book.askLevels()).as("the book kept a realistic depth").isBetween(100, 5_000);
    }

    /**
     * A level to update: 20 % a removal (mostly of a present level, sometimes of an absent one), else a new
     * quantity at a price near the mid, sometimes on the other side of it (crossing), with 0 to 8 decimals.
     */
    private static List<String> randomLevel(Random random, NavigableMap<BigDecimal, BigDecimal> side, boolean isBid, long mid) {
        int roll = random.nextInt(100);
        if (roll < 20) {
            BigDecimal price;
            if (!side.isEmpty() && roll < 17) {
                // A present level, mostly near the top.
                List<BigDecimal> prices = new ArrayList<>(side.navigableKeySet().headSet(nth(side, Math.min(side.size() - 1,
                        random.nextInt(30))), true));
                price = prices.get(random.nextInt(prices.size()));
            } else {
                price = new BigDecimal(ticks(mid + (isBid ? -1 : 1) * random.nextInt(500), 2));
            }
            return List.of(text(price, random), random.nextBoolean() ? "0" : "0.00000000");
        }
        String price;
        int r = random.nextInt(100);
        if (r < 85) {
            long distance = (long) Math.abs(random.nextGaussian() * 40);
            price = ticks(mid + (isBid ? -1 : 1) * (1 + distance), 2);
        } else if (r < 95) {
            price = ticks(mid + (isBid ? 1 : -1) * random.nextInt(30), 2);  // across the mid: may cross
        } else {
            // Finer prices: up to 8 decimals.
            int decimals = random.nextInt(9);
            long scaled = (mid * 1_000_000L + random.nextInt(1_000_000) * (isBid ? -1L : 1L)) / pow10(8 - decimals);
            price = ticks(scaled, decimals);
        }
        return List.of(price, quantity(random));
    }

    private static BigDecimal nth(NavigableMap<BigDecimal, BigDecimal> side, int n) {
        BigDecimal key = side.firstKey();
        for (int i = 0; i < n; i++) {
            key = side.higherKey(key);
        }
        return key;
    }

    private static String text(BigDecimal price, Random random) {
        // The same price as Binance might write it: plain or with trailing zeros up to 8 decimals.
        BigDecimal plain = price.stripTrailingZeros();
        int scale = Math.max(0, plain.scale());
        return plain.setScale(scale + random.nextInt(9 - scale)).toPlainString();
    }

    private static String quantity(Random random) {
        int decimals = random.nextInt(9);
        long units = 1 + random.nextInt(random.nextBoolean() ? 1_000 : 5_000_000);
        String q = new BigDecimal(units).movePointLeft(decimals).toPlainString();
        return random.nextInt(4) == 0 ? new BigDecimal(q).setScale(8).toPlainString() : q;
    }

    /** {@code units} × 10^-decimals as text, e.g. ticks(2000001, 2) = "20000.01". */
    private static String ticks(long units, int decimals) {
        return BigDecimal.valueOf(units, decimals).toPlainString();
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static void set(NavigableMap<BigDecimal, BigDecimal> side, List<String> level) {
        BigDecimal price = new BigDecimal(level.get(0));
        BigDecimal quantity = new BigDecimal(level.get(1));
        if (quantity.signum() == 0) {
            side.remove(price);
        } else {
            side.put(price, quantity);
        }
    }

    private static java.util.Optional<BookLevel> best(NavigableMap<BigDecimal, BigDecimal> side) {
        if (side.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map.Entry<BigDecimal, BigDecimal> top = side.firstEntry();
        return java.util.Optional.of(new BookLevel(normal(top.getKey()), normal(top.getValue())));
    }

    private void assertSameBook(LocalOrderBook book, String when) {
        assertThat(book.topBids(Integer.MAX_VALUE)).as("bids " + when).containsExactlyElementsOf(levels(oracleBids));
        assertThat(book.topAsks(Integer.MAX_VALUE)).as("asks " + when).containsExactlyElementsOf(levels(oracleAsks));
    }

    private static List<BookLevel> levels(NavigableMap<BigDecimal, BigDecimal> side) {
        List<BookLevel> levels = new ArrayList<>(side.size());
        for (Map.Entry<BigDecimal, BigDecimal> e : side.entrySet()) {
            levels.add(new BookLevel(normal(e.getKey()), normal(e.getValue())));
        }
        return Collections.unmodifiableList(levels);
    }

    private static BigDecimal normal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
