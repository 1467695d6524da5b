package dev.sextant.risk.domain;

import java.math.BigDecimal;

/**
 * {@link Decimals#of} of the last few doubles seen, with their plain text: a prediction's probabilities
 * enter the checks as {@code BigDecimal.valueOf(double)} (a {@code Double.toString} and a parse), three
 * times per decision (P(up), P(down) and the confidence, which is one of them), and a rule strategy
 * repeats a handful of values (0.6 and 0.4 for {@code ema-trend}). Keyed by the double's bits:
 * {@code BigDecimal.valueOf} is a pure function of them, so an entry found is exactly the decimal (same
 * unscaled value and scale) a new conversion would give. A value not among the last {@value #SIZE}
 * replaces the oldest entry. An entry's decimal never changes and its text is computed once, when first
 * asked for (the same text whoever computes it), so a reader racing a writer sees a whole entry, old or new.
 */
final class DoubleDecimals {
    static final int SIZE = 4;

    /** A double as a decimal, and that decimal's {@link BigDecimal#toPlainString()} when asked for. */
    static final class Entry {
        private final long bits;
        private final BigDecimal value;
        private String plain;

        private Entry(long bits, BigDecimal value) {
            this.bits = bits;
            this.value = value;
        }

        BigDecimal value() {
            return value;
        }

        String plain() {
            String text = plain;
            if (text == null) {
                text = value.toPlainString();
                plain = text;
            }
            return text;
        }
    }

    private final Entry[] entries = new Entry[SIZE];
    private int next;

    Entry of(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (Entry entry : entries) {
            if (entry != null && entry.bits == bits) {
                return entry;
            }
        }
        Entry entry = new Entry(bits, BigDecimal.valueOf(value)); // Decimals.of(value), without boxing
        int slot = next;
        entries[slot] = entry;
        next = (slot + 1) % SIZE;
        return entry;
    }
}
