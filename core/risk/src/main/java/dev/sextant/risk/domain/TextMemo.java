package dev.sextant.risk.domain;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * The text of the last decimal it was asked for, kept while the same instance comes back: a check's
 * threshold (the same {@link RiskLimits} object until a settings update replaces it) or the account's
 * available equity (the same object until the account changes, see {@link Account}). A
 * {@link BigDecimal} is immutable, so the same instance always has the same text; a different instance
 * is formatted again, even when equal. The entry is one immutable object: a reader racing a writer
 * sees a whole entry, old or new.
 */
final class TextMemo {
    private record Entry(BigDecimal value, String text) {}

    private final Function<BigDecimal, String> format;
    private Entry last;

    /** Memoizes {@code format} (a pure function of the decimal). */
    TextMemo(Function<BigDecimal, String> format) {
        this.format = format;
    }

    /** Memoizes {@link BigDecimal#toPlainString()}. */
    static TextMemo plain() {
        return new TextMemo(BigDecimal::toPlainString);
    }

    String of(BigDecimal value) {
        Entry entry = last;
        if (entry == null || entry.value != value) {
            entry = new Entry(value, format.apply(value));
            last = entry;
        }
        return entry.text;
    }
}
