package dev.sextant.collector.market;

/** What {@link LocalOrderBook} did with one depth event or snapshot. Never an exception for bad input. */
public sealed interface BookUpdate {

    /**
     * The event was applied.
     *
     * @param updateId the book's update id now (the event's {@code u})
     * @param levels   the levels the event set or removed
     * @param crossed  best bid ≥ best ask after the event (reported, not repaired: see {@link LocalOrderBook})
     */
    record Applied(long updateId, int levels, boolean crossed) implements BookUpdate {}

    /** The event was kept until a snapshot arrives; {@code buffered} events are waiting. */
    record Buffered(int buffered) implements BookUpdate {}

    /**
     * The input was ignored without harm: an event the book already covers ({@code u} ≤ its update id, a
     * duplicate or a late out-of-order event), or a snapshot not newer than the synced book.
     */
    record Ignored(String reason) implements BookUpdate {}

    /**
     * The snapshot was taken: the book is synced at {@code lastUpdateId}, then {@code replayed} buffered events
     * were applied on top (so its update id is now {@code updateId}).
     */
    record Synced(long lastUpdateId, int replayed, long updateId, boolean crossed) implements BookUpdate {}

    /** Updates were missed: the book is cleared and needs a new snapshot ({@link BookState#OUT_OF_SYNC}). */
    record OutOfSync(String reason) implements BookUpdate {}

    /** The input is not for this book (another symbol): nothing changed. */
    record Rejected(String reason) implements BookUpdate {}
}
