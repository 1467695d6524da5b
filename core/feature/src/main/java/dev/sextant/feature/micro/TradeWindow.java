package dev.sextant.feature.micro;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The trades of a rolling event-time window {@code (end - W, end]}, kept in event-time order (ties
 * by trade id), with duplicate and late trades turned away.
 *
 * <p>{@code end} is the largest event time seen: of every accepted trade and of every
 * {@link #advanceTo} call. It never moves back, so the window does not depend on the wall clock
 * and a replay gives the same windows. A trade is:
 * <ul>
 *   <li>{@link TradeAdmission#LATE} when its time is {@code <= end - W}: it could not be in the
 *       window any more;</li>
 *   <li>{@link TradeAdmission#DUPLICATE} when a trade with the same id is in the window (the first
 *       one stays, whatever the second carries);</li>
 *   <li>{@link TradeAdmission#ACCEPTED} otherwise, inserted at its place in time order: trades may
 *       arrive out of order as long as they are not late.</li>
 * </ul>
 * Ids are remembered for as long as their trade is in the window. A re-delivered trade carries
 * its original event time, so once the original has left the window the copy is late: a trade is
 * never counted twice. (A copy with a different, later time would be taken for a new trade once the
 * original has left; exchanges do not re-time trades.)
 *
 * <p>Cost: an in-order trade is appended in O(1); an out-of-order one is placed by binary search
 * and shifts the trades after it (O(k) for k later trades); evictions are O(1) each. Storage is a
 * growable array compacted when half of it is evicted: O(1) amortised per trade.
 *
 * <p>Not thread-safe.
 */
final class TradeWindow {

    private final long length;
    private final Consumer<Trade> onEvict;
    private final Set<Long> ids = new HashSet<>();
    private Trade[] trades = new Trade[64];
    private long[] times = new long[64];
    private int head;
    private int size;
    private long end = Long.MIN_VALUE;
    private long firstAccepted = Long.MIN_VALUE;
    private boolean started;

    /**
     * @param length W
     * @param onEvict called with each trade that leaves the window (oldest first)
     */
    TradeWindow(Duration length, Consumer<Trade> onEvict) {
        this.length = EventTime.positive(length, "trade window");
        this.onEvict = onEvict;
    }

    /**
     * Offers a trade. Trades the window's new end pushes out are handed to the eviction callback
     * before an accepted trade is inserted; it is in the window when this returns (the caller then
     * counts it).
     */
    TradeAdmission offer(Trade trade) {
        long t = trade.nanos();
        if (started && t <= end - length) {
            return TradeAdmission.LATE;
        }
        if (!ids.add(trade.tradeId())) {
            return TradeAdmission.DUPLICATE;
        }
        // evict first, so that an eviction callback never sees the new trade
        if (!started) {
            started = true;
            firstAccepted = t;
            end = t;
        } else {
            firstAccepted = Math.min(firstAccepted, t);
            advance(t);
        }
        insert(trade, t);
        return TradeAdmission.ACCEPTED;
    }

    /** Moves the window's end to {@code time} if that is later, evicting what falls out. */
    void advanceTo(long time) {
        if (!started) {
            return;
        }
        advance(time);
    }

    private void advance(long time) {
        if (time <= end) {
            return;
        }
        end = time;
        long start = end - length;
        while (size > 0 && times[head] <= start) {
            Trade old = trades[head];
            trades[head] = null;
            head++;
            size--;
            ids.remove(old.tradeId());
            onEvict.accept(old);
        }
        if (size == 0) {
            head = 0;
        }
    }

    private void insert(Trade trade, long t) {
        if (head + size == trades.length) {
            if (head > 0 && size <= trades.length / 2) {
                System.arraycopy(trades, head, trades, 0, size);
                System.arraycopy(times, head, times, 0, size);
                Arrays.fill(trades, size, head + size, null);
                head = 0;
            } else {
                trades = Arrays.copyOf(trades, trades.length * 2);
                times = Arrays.copyOf(times, times.length * 2);
            }
        }
        int tail = head + size;
        int at = tail;
        int steps = 0;
        // the common case: in order, appended; slightly late: a few steps back
        while (at > head && after(times[at - 1], trades[at - 1].tradeId(), t, trade.tradeId())) {
            at--;
            if (++steps == 32) { // far back: find the place among the earlier ones by binary search
                at = searchPlace(t, trade.tradeId(), head, at);
                break;
            }
        }
        if (at < tail) {
            System.arraycopy(trades, at, trades, at + 1, tail - at);
            System.arraycopy(times, at, times, at + 1, tail - at);
        }
        trades[at] = trade;
        times[at] = t;
        size++;
    }

    /** First index in [from, to) whose entry sorts after (t, id). */
    private int searchPlace(long t, long id, int from, int to) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (after(times[mid], trades[mid].tradeId(), t, id)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean after(long t1, long id1, long t2, long id2) {
        return t1 > t2 || (t1 == t2 && id1 > id2);
    }

    /** Number of trades in the window. */
    int size() {
        return size;
    }

    /** The i-th trade of the window in time order (0 = oldest). */
    Trade get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return trades[head + i];
    }

    /** The i-th trade's event time in nanoseconds. */
    long timeOf(int i) {
        return times[head + i];
    }

    /** True once a trade has been accepted. */
    boolean started() {
        return started;
    }

    /** The window's end (largest event time seen), nanoseconds; meaningless before {@link #started()}. */
    long end() {
        return end;
    }

    /** W in nanoseconds. */
    long length() {
        return length;
    }

    /**
     * True once the window has run for a whole length: {@code end - firstAccepted >= W}, so every
     * trade of the covered span could have been seen.
     */
    boolean covered() {
        return started && end - firstAccepted >= length;
    }
}
