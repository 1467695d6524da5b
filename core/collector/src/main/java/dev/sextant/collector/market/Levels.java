package dev.sextant.collector.market;

import dev.sextant.contracts.event.EventBounds;
import java.util.Arrays;
import java.util.List;

/**
 * Price levels as one interleaved {@code long[]} of scaled values ({@link FixedPoint}): {@code [price0, qty0,
 * price1, qty1, ...]}. One array per side keeps a depth event to two allocations and its levels contiguous.
 */
final class Levels {
    static final long[] NONE = new long[0];
    /** {@link EventBounds#MAX_PRICE} scaled: the largest price a book level may have. */
    static final long MAX_PRICE = FixedPoint.of(EventBounds.MAX_PRICE);

    private Levels() {}

    /** Null when every level has a price in (0, 10^9] and a quantity ≥ 0, else the first fault. */
    static String check(long[] levels, String side) {
        if (levels == null) {
            return "missing " + side;
        }
        if ((levels.length & 1) != 0) {
            return side + " must hold (price, quantity) pairs, got " + levels.length + " values";
        }
        for (int i = 0; i < levels.length; i += 2) {
            String fault = checkLevel(levels[i], levels[i + 1]);
            if (fault != null) {
                return side + "[" + (i / 2) + "] " + fault;
            }
        }
        return null;
    }

    static String checkLevel(long price, long quantity) {
        if (price <= 0) {
            return "price must be positive, got " + scaledText(price);
        }
        if (price > MAX_PRICE) {
            return "price must be at most " + EventBounds.MAX_PRICE.toPlainString() + ", got " + scaledText(price);
        }
        if (quantity < 0) {
            return "quantity must not be negative, got " + scaledText(quantity);
        }
        return null;
    }

    /**
     * The levels of {@code pairs} (each {@code [price, quantity]} as Binance writes them), or the reason one is
     * refused as a {@link String}.
     */
    static Object parse(List<? extends List<String>> pairs, String side) {
        if (pairs == null) {
            return "missing " + side;
        }
        long[] levels = new long[pairs.size() * 2];
        for (int i = 0; i < pairs.size(); i++) {
            List<String> pair = pairs.get(i);
            if (pair == null || pair.size() != 2) {
                return side + "[" + i + "] must be [price, quantity], got " + pair;
            }
            String fault = parseLevel(levels, 2 * i, pair.get(0), pair.get(1), side, i);
            if (fault != null) {
                return fault;
            }
        }
        return levels;
    }

    /** Parses one level into {@code out[at]} and {@code out[at + 1]}; null when well-formed, else the reason. */
    static String parseLevel(long[] out, int at, String priceText, String quantityText, String side, int index) {
        long price = FixedPoint.parse(priceText);
        if (FixedPoint.isError(price)) {
            return side + "[" + index + "] price '" + abbreviate(priceText) + "': " + FixedPoint.error(price);
        }
        long quantity = FixedPoint.parse(quantityText);
        if (FixedPoint.isError(quantity)) {
            return side + "[" + index + "] quantity '" + abbreviate(quantityText) + "': " + FixedPoint.error(quantity);
        }
        String fault = checkLevel(price, quantity);
        if (fault != null) {
            return side + "[" + index + "] " + fault;
        }
        out[at] = price;
        out[at + 1] = quantity;
        return null;
    }

    static long[] copy(long[] levels) {
        return levels.length == 0 ? NONE : levels.clone();
    }

    static String toString(long[] levels) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < levels.length; i += 2) {
            if (i > 0) {
                text.append(", ");
            }
            text.append('[').append(scaledText(levels[i])).append(", ").append(scaledText(levels[i + 1])).append(']');
        }
        return text.append(']').toString();
    }

    static boolean equal(long[] a, long[] b) {
        return Arrays.equals(a, b);
    }

    private static String scaledText(long scaled) {
        return FixedPoint.toPlainString(scaled);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 40 ? text : text.substring(0, 40) + "... (" + text.length() + " characters)";
    }
}
