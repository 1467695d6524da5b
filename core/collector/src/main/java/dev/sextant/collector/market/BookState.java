package dev.sextant.collector.market;

/** Where a {@link LocalOrderBook} stands in Binance's snapshot + diff procedure. */
public enum BookState {
    /** No snapshot yet: diff events are buffered. */
    AWAITING_SNAPSHOT,
    /** The book equals the exchange's as of {@link LocalOrderBook#lastUpdateId()}; events are applied. */
    SYNCED,
    /**
     * Updates were missed (a sequence gap, or a snapshot that the buffered events do not continue): the book is
     * cleared, events are buffered again and a new snapshot is needed. The reason says what was missed.
     */
    OUT_OF_SYNC
}
