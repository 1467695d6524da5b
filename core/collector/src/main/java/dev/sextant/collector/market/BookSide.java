package dev.sextant.collector.market;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One side of a {@link LocalOrderBook}: price levels in two parallel primitive arrays sorted by a key that grows
 * with how good the level is (a bid's key is its price, an ask's the negated price), so the best level is the
 * last element for both sides.
 *
 * <p>Why sorted arrays rather than a tree: Binance's diff events change levels near the touch far more often
 * than deep levels. With the best level at the end of the array, finding a level is a binary search over a few
 * kilobytes that stay in L1/L2 cache (10 probes for 1,000 levels), changing a quantity is one store, and
 * inserting or removing a level moves only the levels better than it ({@link System#arraycopy}, a handful near
 * the touch). A {@code TreeMap<Long, Long>} would box every key, allocate a node per new level and chase
 * pointers on every lookup; a primitive long-keyed tree avoids the boxing but keeps the pointer chasing, and
 * neither can beat a search in a contiguous array at book depths of a few thousand levels. The price of the
 * choice is a memory move proportional to the distance from the top for deep inserts and removals, which are
 * rare in a diff stream. Steady state allocates nothing; the arrays grow by doubling.
 */
final class BookSide {
    static final int INSERTED = 1;
    static final int CHANGED = 0;
    static final int REMOVED = -1;
    /** Quantity 0 for a level not in the book: "can happen and is normal" (Binance's procedure). */
    static final int ABSENT = -2;

    private static final int INITIAL_CAPACITY = 256;

    private final boolean bids;
    private long[] keys = new long[INITIAL_CAPACITY];
    private long[] quantities = new long[INITIAL_CAPACITY];
    private int size;

    BookSide(boolean bids) {
        this.bids = bids;
    }

    /** Sets the absolute {@code quantity} at {@code price}: 0 removes the level. Returns what it did. */
    int set(long price, long quantity) {
        long key = bids ? price : -price;
        int i = search(key);
        if (i >= 0) {
            if (quantity == 0) {
                int tail = size - i - 1;
                if (tail > 0) {
                    System.arraycopy(keys, i + 1, keys, i, tail);
                    System.arraycopy(quantities, i + 1, quantities, i, tail);
                }
                size--;
                return REMOVED;
            }
            quantities[i] = quantity;
            return CHANGED;
        }
        if (quantity == 0) {
            return ABSENT;
        }
        int at = -(i + 1);
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        int tail = size - at;
        if (tail > 0) {
            System.arraycopy(keys, at, keys, at + 1, tail);
            System.arraycopy(quantities, at, quantities, at + 1, tail);
        }
        keys[at] = key;
        quantities[at] = quantity;
        size++;
        return INSERTED;
    }

    /**
     * The index of {@code key}, or {@code -(insertion point) - 1}. Checks the top first: most updates are at or
     * next to the best level.
     */
    private int search(long key) {
        int hi = size - 1;
        if (hi < 0 || key > keys[hi]) {
            return -(size + 1);
        }
        if (key == keys[hi]) {
            return hi;
        }
        int lo = 0;
        hi--;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long k = keys[mid];
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /**
     * Replaces the side with {@code levels} ({@code [price, qty, ...]} in any order; a later duplicate price wins, a
     * zero quantity is no level). Sorted input, ascending or descending as Binance sends it, is taken in one pass.
     */
    void load(long[] levels) {
        int n = levels.length >> 1;
        long[] k = new long[Math.max(INITIAL_CAPACITY, Integer.highestOneBit(Math.max(1, n)) << 1)];
        long[] q = new long[k.length];
        for (int i = 0; i < n; i++) {
            k[i] = bids ? levels[2 * i] : -levels[2 * i];
            q[i] = levels[2 * i + 1];
        }
        if (!isStrictlyAscending(k, n)) {
            if (isStrictlyDescending(k, n)) {
                reverse(k, n);
                reverse(q, n);
            } else {
                sortStable(k, q, n);
            }
        }
        // Drop zero quantities and all but the last of equal keys (the sort is stable).
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && k[i + 1] == k[i]) {
                continue;
            }
            if (q[i] != 0) {
                k[m] = k[i];
                q[m] = q[i];
                m++;
            }
        }
        keys = k;
        quantities = q;
        size = m;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The scaled price of the level at {@code rank} (0 = best). */
    long price(int rank) {
        long key = keys[size - 1 - rank];
        return bids ? key : -key;
    }

    /** The scaled quantity of the level at {@code rank} (0 = best). */
    long quantity(int rank) {
        return quantities[size - 1 - rank];
    }

    private static boolean isStrictlyAscending(long[] a, int n) {
        for (int i = 1; i < n; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStrictlyDescending(long[] a, int n) {
        for (int i = 1; i < n; i++) {
            if (a[i] >= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void reverse(long[] a, int n) {
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Sorts {@code k[0..n)} ascending, carrying {@code q} along; equal keys keep their order. */
    private static void sortStable(long[] k, long[] q, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> k[i]));  // a merge sort: stable
        long[] k2 = new long[n];
        long[] q2 = new long[n];
        for (int i = 0; i < n; i++) {
            k2[i] = k[order[i]];
            q2[i] = q[order[i]];
        }
        System.arraycopy(k2, 0, k, 0, n);
        System.arraycopy(q2, 0, q, 0, n);
    }
}
