package dev.sextant.collector.market;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.EventBounds;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local order book of one symbol, kept from Binance's REST depth snapshot and its diff. depth stream by the
 * procedure of Binance's spot documentation, "How to manage a local order book correctly"
 * (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly):
 *
 * <ol>
 *   <li>"Buffer the events you receive from the stream" — {@link #onDepthUpdate} keeps every event while no
 *       snapshot is set ({@link BookState#AWAITING_SNAPSHOT}, {@link BookState#OUT_OF_SYNC}). The buffer holds one
 *       contiguous run: an event that does not continue the previous one ({@code U ≠ previous u + 1}) starts it
 *       again from itself, since nothing before a hole can ever be applied; an event inside what is buffered is a
 *       duplicate. A full buffer drops its oldest event (a snapshot newer than it is then needed anyway).</li>
 *   <li>"Drop any event where {@code u} is &lt;= {@code lastUpdateId} in the snapshot" — {@link #onSnapshot}.</li>
 *   <li>"The first processed event should have {@code U} &lt;= {@code lastUpdateId}+1 AND {@code u} &gt;=
 *       {@code lastUpdateId}+1" — else the snapshot and the stream do not meet: when the first buffered event
 *       starts after {@code lastUpdateId + 1} the snapshot is too old (the procedure's "go back to step 3": the
 *       buffer is kept, a newer snapshot is needed); when no event is buffered, the first live event must pass
 *       the same test.</li>
 *   <li>"While listening to the stream, each new event's {@code U} should be equal to the previous event's
 *       {@code u}+1" — anything else after the first event is a sequence gap: the book goes
 *       {@link BookState#OUT_OF_SYNC} with the reason, clears itself and buffers again, starting with the event
 *       that revealed the gap (the stream after it is still contiguous, so a new snapshot can join it).</li>
 *   <li>An event with {@code u} &lt;= the book's update id is already in the book: ignored (a duplicate, or a late
 *       event delivered out of order), not a gap.</li>
 *   <li>"The data in each event is the absolute quantity for a price level. If the quantity is 0, remove the
 *       price level. Receiving an event that removes a price level that is not in your local order book can
 *       happen and is normal."</li>
 * </ol>
 *
 * The numbered wording is the documentation's up to December 2024, the rules this class was specified with. The
 * current page (corrected 2025-11-12) says the same in other words ("If the event last update ID ({@code u}) is
 * less than the update ID of your local order book, ignore the event. If the event first update ID ({@code U})
 * is greater than the update ID of your local order book + 1, you have missed some events [...] Normally,
 * {@code U} of the next event is equal to {@code u + 1} of the previous event."), with one difference: it would
 * apply an event that overlaps the book ({@code U ≤ update id < u}) after the first one, where this class, like
 * the earlier wording, resyncs. Binance's spot events never overlap (each starts at the previous {@code u + 1}),
 * so an overlap means the input is not one stream in order, and a fresh snapshot is the safe answer.
 * (USD-M futures chain events by {@code pu} instead: not this class.)
 *
 * <p>A crossed book (best bid ≥ best ask after an event) is reported ({@link BookUpdate.Applied#crossed()},
 * {@link #isCrossed()}, {@link BookCounters#crossedEvents()}), not repaired: it can come from levels beyond the
 * snapshot's depth that the stream never touched again, and deciding what to do (ignore, resync) is the caller's.
 *
 * <p>Performance: prices and quantities are {@link FixedPoint} scaled {@code long}s from the event to the book
 * ({@link BookSide}: sorted primitive arrays, best level last); {@code BigDecimal}s are made only for
 * {@link #topBids}, {@link #topAsks}, {@link #bestBid}, {@link #bestAsk} and {@link #snapshot}. Applying a synced
 * event allocates one small result record and nothing else. Not thread-safe: one book is fed by one thread.
 */
public final class LocalOrderBook {
    /** Events kept at most while waiting for a snapshot, unless the constructor says otherwise. */
    public static final int DEFAULT_MAX_BUFFERED = 10_000;

    private final String exchange;
    private final Symbol symbol;
    private final Clock clock;
    private final int maxBuffered;
    private final BookSide bids = new BookSide(true);
    private final BookSide asks = new BookSide(false);
    private final ArrayDeque<DepthUpdate> buffer = new ArrayDeque<>();

    private BookState state = BookState.AWAITING_SNAPSHOT;
    private String reason = "no snapshot yet";
    /** The update id of the book; -1 when no snapshot is set. */
    private long updateId = -1;
    /** True between a snapshot and the first event applied on it (the first-event rule applies). */
    private boolean firstPending;

    private long eventsApplied;
    private long levelsApplied;
    private long gaps;
    private long duplicatesIgnored;
    private long eventsBuffered;
    private long bufferedDropped;
    private long snapshotsTaken;
    private long crossedEvents;
    private long rejected;

    /**
     * @param exchange the exchange's name as events spell it ({@code binance}), for {@link #snapshot}
     * @param clock    the time of {@link OrderBookSnapshotTaken#tsInit()}
     */
    public LocalOrderBook(String exchange, Symbol symbol, Clock clock) {
        this(exchange, symbol, clock, DEFAULT_MAX_BUFFERED);
    }

    public LocalOrderBook(String exchange, Symbol symbol, Clock clock, int maxBuffered) {
        if (exchange == null || !exchange.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
            throw new IllegalArgumentException("exchange must be a lower-case name of 1-32 characters, got " + exchange);
        }
        if (symbol == null || clock == null) {
            throw new IllegalArgumentException("symbol and clock are required");
        }
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, got " + maxBuffered);
        }
        this.exchange = exchange;
        this.symbol = symbol;
        this.clock = clock;
        this.maxBuffered = maxBuffered;
    }

    // ------------------------------------------------------------------ input

    /** Takes one diff. depth event: applies it, buffers it, ignores it, or finds a gap. */
    public BookUpdate onDepthUpdate(DepthUpdate event) {
        if (!symbol.equals(event.symbol())) {
            rejected++;
            return new BookUpdate.Rejected("depth update of " + event.symbol() + " given to the book of " + symbol);
        }
        if (state != BookState.SYNCED) {
            return bufferEvent(event);
        }
        long u = event.finalUpdateId();
        long firstU = event.firstUpdateId();
        if (u <= updateId) {
            duplicatesIgnored++;
            return new BookUpdate.Ignored("event U=" + firstU + " u=" + u + " is already in the book (update id " + updateId
                    + "): a duplicate or a late event");
        }
        long expected = updateId + 1;
        if (firstPending ? firstU > expected : firstU != expected) {
            String why = firstPending
                    ? "the first event after the snapshot does not continue it: U=" + firstU + " > lastUpdateId+1=" + expected
                            + " (updates " + expected + ".." + (firstU - 1) + " missed)"
                    : firstU > expected
                            ? "sequence gap: U=" + firstU + ", expected " + expected + " (the previous u + 1): updates "
                                    + expected + ".." + (firstU - 1) + " missed"
                            : "event overlaps the book: U=" + firstU + " <= update id " + updateId + " < u=" + u
                                    + " (expected U=" + expected + ")";
            return goOutOfSync(why, event);
        }
        apply(event);
        boolean crossed = isCrossed();
        if (crossed) {
            crossedEvents++;
        }
        return new BookUpdate.Applied(updateId, event.levelCount(), crossed);
    }

    /**
     * Takes a REST depth snapshot: sets the book to it, drops the buffered events it covers and applies the rest,
     * or, when the buffered events start after it, stays {@link BookState#OUT_OF_SYNC} keeping them (a newer
     * snapshot is needed).
     */
    public BookUpdate onSnapshot(DepthSnapshot snapshot) {
        if (!symbol.equals(snapshot.symbol())) {
            rejected++;
            return new BookUpdate.Rejected("depth snapshot of " + snapshot.symbol() + " given to the book of " + symbol);
        }
        long last = snapshot.lastUpdateId();
        if (state == BookState.SYNCED && last <= updateId) {
            return new BookUpdate.Ignored("snapshot lastUpdateId=" + last + " is not newer than the book (update id "
                    + updateId + ")");
        }
        while (!buffer.isEmpty() && buffer.peekFirst().finalUpdateId() <= last) {
            buffer.pollFirst();
            bufferedDropped++;
        }
        if (!buffer.isEmpty() && buffer.peekFirst().firstUpdateId() > last + 1) {
            DepthUpdate first = buffer.peekFirst();
            gaps++;
            clearBook();
            state = BookState.OUT_OF_SYNC;
            reason = "snapshot lastUpdateId=" + last + " is older than the buffered events (first U="
                    + first.firstUpdateId() + " > lastUpdateId+1=" + (last + 1) + "): a newer snapshot is needed";
            return new BookUpdate.OutOfSync(reason);
        }
        bids.load(snapshot.bidLevels());
        asks.load(snapshot.askLevels());
        updateId = last;
        firstPending = true;
        state = BookState.SYNCED;
        reason = null;
        snapshotsTaken++;
        int replayed = 0;
        while (!buffer.isEmpty()) {
            // The buffer is one contiguous run whose first event straddles lastUpdateId + 1: all of it applies.
            apply(buffer.pollFirst());
            replayed++;
        }
        boolean crossed = isCrossed();
        if (crossed) {
            crossedEvents++;
        }
        return new BookUpdate.Synced(last, replayed, updateId, crossed);
    }

    private BookUpdate bufferEvent(DepthUpdate event) {
        DepthUpdate last = buffer.peekLast();
        if (last != null) {
            if (event.finalUpdateId() <= last.finalUpdateId()) {
                duplicatesIgnored++;
                return new BookUpdate.Ignored("event U=" + event.firstUpdateId() + " u=" + event.finalUpdateId()
                        + " is already buffered (last buffered u=" + last.finalUpdateId() + ")");
            }
            if (event.firstUpdateId() != last.finalUpdateId() + 1) {
                // Nothing before a hole can be applied: keep the run that starts here.
                gaps++;
                bufferedDropped += buffer.size();
                buffer.clear();
            }
        }
        if (buffer.size() == maxBuffered) {
            buffer.pollFirst();
            bufferedDropped++;
        }
        buffer.addLast(event);
        eventsBuffered++;
        return new BookUpdate.Buffered(buffer.size());
    }

    private BookUpdate goOutOfSync(String why, DepthUpdate event) {
        gaps++;
        clearBook();
        state = BookState.OUT_OF_SYNC;
        reason = why;
        buffer.addLast(event);
        eventsBuffered++;
        return new BookUpdate.OutOfSync(why);
    }

    private void clearBook() {
        bids.clear();
        asks.clear();
        updateId = -1;
        firstPending = false;
    }

    private void apply(DepthUpdate event) {
        long[] levels = event.bidLevels();
        for (int i = 0; i < levels.length; i += 2) {
            bids.set(levels[i], levels[i + 1]);
        }
        levels = event.askLevels();
        for (int i = 0; i < levels.length; i += 2) {
            asks.set(levels[i], levels[i + 1]);
        }
        updateId = event.finalUpdateId();
        firstPending = false;
        eventsApplied++;
        levelsApplied += event.levelCount();
    }

    // ------------------------------------------------------------------ reading

    public Symbol symbol() {
        return symbol;
    }

    public BookState state() {
        return state;
    }

    /** Why the book is not synced ({@link BookState#AWAITING_SNAPSHOT} or {@link BookState#OUT_OF_SYNC}); empty when synced. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The update id the book is at: the snapshot's {@code lastUpdateId}, then each applied event's {@code u}; -1 when not synced. */
    public long lastUpdateId() {
        return updateId;
    }

    /** Events waiting for a snapshot. */
    public int bufferedEvents() {
        return buffer.size();
    }

    public int bidLevels() {
        return bids.size();
    }

    public int askLevels() {
        return asks.size();
    }

    public Optional<BookLevel> bestBid() {
        return bids.isEmpty() ? Optional.empty() : Optional.of(level(bids, 0));
    }

    public Optional<BookLevel> bestAsk() {
        return asks.isEmpty() ? Optional.empty() : Optional.of(level(asks, 0));
    }

    /** Best bid ≥ best ask (both sides non-empty). */
    public boolean isCrossed() {
        return !bids.isEmpty() && !asks.isEmpty() && bids.price(0) >= asks.price(0);
    }

    /** The best {@code n} bids, highest price first. */
    public List<BookLevel> topBids(int n) {
        return top(bids, n);
    }

    /** The best {@code n} asks, lowest price first. */
    public List<BookLevel> topAsks(int n) {
        return top(asks, n);
    }

    /** The best {@code n} levels of both sides, each best-first. */
    public Top topN(int n) {
        return new Top(topBids(n), topAsks(n));
    }

    /** Both sides of the top of the book, each best first. */
    public record Top(List<BookLevel> bids, List<BookLevel> asks) {}

    /**
     * The top {@code depth} levels as an {@link OrderBookSnapshotTaken}, or empty when the book is not synced. Its
     * id is {@link Ids#orderBookSnapshotId} (exchange, symbol, update id), so the same book state always gives
     * the same event.
     *
     * @param depth   levels per side, 1 to {@link EventBounds#MAX_ITEMS}
     * @param tsEvent the market time of the book: the event time {@code E} of the last depth event applied
     */
    public Optional<OrderBookSnapshotTaken> snapshot(int depth, Instant tsEvent) {
        if (depth < 1 || depth > EventBounds.MAX_ITEMS) {
            throw new IllegalArgumentException("depth must be in [1, " + EventBounds.MAX_ITEMS + "], got " + depth);
        }
        if (state != BookState.SYNCED) {
            return Optional.empty();
        }
        return Optional.of(new OrderBookSnapshotTaken(Ids.orderBookSnapshotId(exchange, symbol, updateId), tsEvent,
                clock.instant(), null, OrderBookSnapshotTaken.SCHEMA_VERSION, exchange, symbol, updateId,
                topBids(depth), topAsks(depth)));
    }

    public BookCounters counters() {
        return new BookCounters(eventsApplied, levelsApplied, gaps, duplicatesIgnored, eventsBuffered, bufferedDropped,
                snapshotsTaken, crossedEvents, rejected);
    }

    private static List<BookLevel> top(BookSide side, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        int count = Math.min(n, side.size());
        List<BookLevel> levels = new ArrayList<>(count);
        for (int rank = 0; rank < count; rank++) {
            levels.add(level(side, rank));
        }
        return List.copyOf(levels);
    }

    private static BookLevel level(BookSide side, int rank) {
        return new BookLevel(FixedPoint.toBigDecimal(side.price(rank)), FixedPoint.toBigDecimal(side.quantity(rank)));
    }
}
