package dev.sextant.bench.book;

import dev.sextant.collector.market.BinanceMessage;
import dev.sextant.collector.market.BinanceMessages;
import dev.sextant.collector.market.BookState;
import dev.sextant.collector.market.BookUpdate;
import dev.sextant.collector.market.DepthSnapshot;
import dev.sextant.collector.market.DepthUpdate;
import dev.sextant.collector.market.LocalOrderBook;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diff levels applied per second by {@link LocalOrderBook} on one thread (issue 8 asks for at least 1,000,000).
 *
 * <p>The book: BTCUSDT-like, 1,000 levels a side on a 0.01 grid around 20,000, as a 1000-level REST snapshot.
 * The stream: {@value #EVENTS} contiguous diff events of 1 to 20 levels (mean 10.5: {@value #LEVELS} levels in
 * all), made by a seeded simulation of the book so that every removal hits a present level: per level 20 %
 * removals, 20 % new levels, 60 % quantity changes; the level's distance from the touch is exponential (mean 8
 * levels), so most updates are near the top, as on Binance; the depth stays near 1,000 a side. Each invocation
 * resets the book to the snapshot (outside the measurement) and applies the whole stream;
 * {@link OperationsPerInvocation} makes the score levels per second.
 *
 * <ul>
 *   <li>{@code apply}: the book alone, events already decoded (what issue 8's figure is about);</li>
 *   <li>{@code decodeAndApply}: each event as Binance sends it (JSON text, 8-decimal strings) through
 *       {@link BinanceMessages#decode} then the book: the whole path of a WebSocket message.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class OrderBookBenchmark {
    static final int EVENTS = 10_000;
    /** Levels in the stream for the seed below (checked in setUp). */
    static final int LEVELS = 104_764;
    private static final int DEPTH = 1_000;
    private static final long TICK = 1_000_000L;  // 0.01 at 8 decimals
    private static final long MID = 2_000_000L;   // 20,000.00 in ticks
    private static final long SNAPSHOT_ID = 1_000_000L;
    private static final long EVENT_TIME = 1_667_347_199_939L;
    private static final Symbol SYMBOL = Symbol.of("BTCUSDT");
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(EVENT_TIME), ZoneOffset.UTC);

    private DepthSnapshot snapshot;
    private DepthUpdate[] events;
    private String[] messages;
    private LocalOrderBook book;
    private BinanceMessages decoder;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(20221101);
        NavigableMap<Long, Long> bids = new TreeMap<>();
        NavigableMap<Long, Long> asks = new TreeMap<>();
        for (int i = 0; i < DEPTH; i++) {
            bids.put((MID - 1 - i) * TICK, quantity(random));
            asks.put((MID + 1 + i) * TICK, quantity(random));
        }
        snapshot = DepthSnapshot.of(SYMBOL, SNAPSHOT_ID, levels(bids.descendingMap()), levels(asks)).orElseThrow();

        events = new DepthUpdate[EVENTS];
        messages = new String[EVENTS];
        long updateId = SNAPSHOT_ID;
        int levelCount = 0;
        for (int e = 0; e < EVENTS; e++) {
            int n = 1 + random.nextInt(20);
            List<long[]> eventBids = new ArrayList<>();
            List<long[]> eventAsks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean isBid = random.nextBoolean();
                long[] level = nextLevel(random, isBid ? bids : asks, isBid, isBid ? asks : bids);
                (isBid ? eventBids : eventAsks).add(level);
            }
            long first = updateId + 1;
            updateId += 1 + random.nextInt(3);
            events[e] = DepthUpdate.of(SYMBOL, EVENT_TIME + e, first, updateId, flat(eventBids), flat(eventAsks)).orElseThrow();
            messages[e] = json(events[e]);
            levelCount += n;
        }
        if (levelCount != LEVELS) {
            throw new IllegalStateException("the stream has " + levelCount + " levels, OperationsPerInvocation says " + LEVELS);
        }
        decoder = new BinanceMessages(CLOCK);
        // The stream must keep the book synced, or the benchmark would measure gaps.
        LocalOrderBook check = new LocalOrderBook("binance", SYMBOL, CLOCK);
        check.onSnapshot(snapshot);
        for (String message : messages) {
            BinanceMessage decoded = decoder.decode(message);
            if (!(decoded instanceof BinanceMessage.Depth depth) || !(check.onDepthUpdate(depth.update()) instanceof BookUpdate.Applied)) {
                throw new IllegalStateException("the stream does not apply: " + message);
            }
        }
        if (check.state() != BookState.SYNCED || check.bidLevels() < 800 || check.askLevels() < 800) {
            throw new IllegalStateException("unrealistic book after the stream: " + check.bidLevels() + " bids, "
                    + check.askLevels() + " asks");
        }
    }

    @Setup(Level.Invocation)
    public void resetBook() {
        book = new LocalOrderBook("binance", SYMBOL, CLOCK);
        book.onSnapshot(snapshot);
    }

    @Benchmark
    @OperationsPerInvocation(LEVELS)
    public long apply() {
        LocalOrderBook b = book;
        for (DepthUpdate event : events) {
            b.onDepthUpdate(event);
        }
        return b.lastUpdateId();
    }

    @Benchmark
    @OperationsPerInvocation(LEVELS)
    public long decodeAndApply() {
        LocalOrderBook b = book;
        for (String message : messages) {
            b.onDepthUpdate(((BinanceMessage.Depth) decoder.decode(message)).update());
        }
        return b.lastUpdateId();
    }

    /**
     * One level of an event, applied to the simulated side at once: 20 % a removal of a present level, 20 % a new
     * level (never crossing the other side), else a new quantity for a present level; ranks exponential, mean 8.
     */
    private static long[] nextLevel(Random random, NavigableMap<Long, Long> side, boolean isBid, NavigableMap<Long, Long> other) {
        int roll = random.nextInt(100);
        if (side.size() > DEPTH + 100) {
            roll = 0;
        } else if (side.size() < DEPTH - 100) {
            roll = 25;
        }
        if (roll < 20) {
            long price = priceAtRank(side, isBid, rank(random, side.size()));
            side.remove(price);
            return new long[] {price, 0};
        }
        if (roll < 40) {
            long best = side.isEmpty() ? (isBid ? (MID - 1) * TICK : (MID + 1) * TICK) : (isBid ? side.lastKey() : side.firstKey());
            long otherBest = other.isEmpty() ? Long.MAX_VALUE : (isBid ? other.firstKey() : other.lastKey());
            for (int attempt = 0; attempt < 50; attempt++) {
                long offset = (long) (-Math.log(1 - random.nextDouble()) * 8) - 2;  // a few improve the top
                long price = isBid ? best - offset * TICK : best + offset * TICK;
                boolean crosses = isBid ? price >= otherBest : price <= otherBest;
                if (price > 0 && !crosses && !side.containsKey(price)) {
                    long qty = quantity(random);
                    side.put(price, qty);
                    return new long[] {price, qty};
                }
            }
        }
        long price = priceAtRank(side, isBid, rank(random, side.size()));
        long qty = quantity(random);
        side.put(price, qty);
        return new long[] {price, qty};
    }

    private static int rank(Random random, int size) {
        return (int) Math.min(size - 1, (long) (-Math.log(1 - random.nextDouble()) * 8));
    }

    private static long priceAtRank(NavigableMap<Long, Long> side, boolean isBid, int rank) {
        var keys = isBid ? side.descendingKeySet().iterator() : side.navigableKeySet().iterator();
        long price = keys.next();
        for (int i = 0; i < rank; i++) {
            price = keys.next();
        }
        return price;
    }

    /** 0.001 to 5 BTC in steps of 0.00001. */
    private static long quantity(Random random) {
        return (100 + random.nextInt(500_000)) * 1_000L;
    }

    private static long[] levels(Map<Long, Long> side) {
        long[] levels = new long[2 * side.size()];
        int i = 0;
        for (Map.Entry<Long, Long> e : side.entrySet()) {
            levels[i++] = e.getKey();
            levels[i++] = e.getValue();
        }
        return levels;
    }

    private static long[] flat(List<long[]> pairs) {
        long[] levels = new long[2 * pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            levels[2 * i] = pairs.get(i)[0];
            levels[2 * i + 1] = pairs.get(i)[1];
        }
        return levels;
    }

    /** The event as Binance's diff. depth stream writes it: 8-decimal strings. */
    private static String json(DepthUpdate e) {
        StringBuilder text = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":").append(e.eventTimeMillis())
                .append(",\"s\":\"").append(e.symbol()).append("\",\"U\":").append(e.firstUpdateId())
                .append(",\"u\":").append(e.finalUpdateId()).append(",\"b\":[");
        for (int i = 0; i < e.bidCount(); i++) {
            pair(text.append(i > 0 ? "," : ""), e.bidPrice(i), e.bidQuantity(i));
        }
        text.append("],\"a\":[");
        for (int i = 0; i < e.askCount(); i++) {
            pair(text.append(i > 0 ? "," : ""), e.askPrice(i), e.askQuantity(i));
        }
        return text.append("]}").toString();
    }

    private static void pair(StringBuilder text, long price, long quantity) {
        text.append("[\"").append(BigDecimal.valueOf(price, 8).toPlainString()).append("\",\"")
                .append(BigDecimal.valueOf(quantity, 8).toPlainString()).append("\"]");
    }
}
