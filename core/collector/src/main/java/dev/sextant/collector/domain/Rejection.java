package dev.sextant.collector.domain;

import dev.sextant.contracts.id.Symbol;

/**
 * A rejected row: it goes to the dead-letter topic with {@link #message()} as its reason and is
 * never stored.
 *
 * @param raw    the row as read from the source
 * @param detail what exactly is wrong, with the offending values
 */
public record Rejection(Symbol symbol, String raw, InvalidReason reason, String detail) {

    /** The reason as one sentence: {@code "<code>: <detail>"}. */
    public String message() {
        return reason.code() + ": " + detail;
    }
}
