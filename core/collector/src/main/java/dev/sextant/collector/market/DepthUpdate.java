package dev.sextant.collector.market;

import dev.sextant.contracts.event.EventBounds;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event of Binance's diff. depth stream ({@code <symbol>@depth} / {@code <symbol>@depth@100ms},
 * {@code "e":"depthUpdate"}), the input of {@link LocalOrderBook}. From the spot WebSocket Streams
 * documentation (https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams, "Diff. Depth
 * Stream"): {@code E} event time, {@code s} symbol, {@code U} first update id in event, {@code u} final update
 * id in event, {@code b} bids and {@code a} asks to be updated as {@code [price, quantity]} string pairs; the
 * quantity is absolute and 0 removes the level.
 *
 * <p>Prices and quantities are held as {@link FixedPoint} scaled {@code long}s, interleaved per side, so
 * applying the event to a book involves no {@code BigDecimal}. Every instance is valid: {@code 0 ≤ U ≤ u},
 * event time within the platform's instant bounds, prices in (0, 10^9], quantities ≥ 0. The factories
 * {@link #of} and {@link #parse} return {@link Decoded.Rejected} instead of throwing. Immutable.
 */
public final class DepthUpdate {
    private static final long MAX_EPOCH_MILLI = EventBounds.MAX_INSTANT.toEpochMilli();

    private final Symbol symbol;
    private final long eventTime;
    private final long firstUpdateId;
    private final long finalUpdateId;
    private final long[] bids;
    private final long[] asks;

    /** Trusted: the arguments are valid and the arrays are not shared. */
    DepthUpdate(Symbol symbol, long eventTime, long firstUpdateId, long finalUpdateId, long[] bids, long[] asks) {
        this.symbol = symbol;
        this.eventTime = eventTime;
        this.firstUpdateId = firstUpdateId;
        this.finalUpdateId = finalUpdateId;
        this.bids = bids;
        this.asks = asks;
    }

    /**
     * An update of scaled levels ({@code [price0, qty0, price1, qty1, ...]}, each side copied).
     *
     * @param eventTime {@code E}, epoch milliseconds
     */
    public static Decoded<DepthUpdate> of(Symbol symbol, long eventTime, long firstUpdateId, long finalUpdateId,
            long[] bids, long[] asks) {
        String fault = checkHeader(symbol, eventTime, firstUpdateId, finalUpdateId);
        if (fault == null) {
            fault = Levels.check(bids, "bids");
        }
        if (fault == null) {
            fault = Levels.check(asks, "asks");
        }
        if (fault != null) {
            return new Decoded.Rejected<>(null, fault);
        }
        return new Decoded.Ok<>(new DepthUpdate(symbol, eventTime, firstUpdateId, finalUpdateId, Levels.copy(bids),
                Levels.copy(asks)));
    }

    /** An update of levels as Binance writes them, e.g. {@code [["0.0024", "10"]]}. */
    public static Decoded<DepthUpdate> parse(Symbol symbol, long eventTime, long firstUpdateId, long finalUpdateId,
            List<? extends List<String>> bids, List<? extends List<String>> asks) {
        String fault = checkHeader(symbol, eventTime, firstUpdateId, finalUpdateId);
        if (fault != null) {
            return new Decoded.Rejected<>(null, fault);
        }
        Object bidLevels = Levels.parse(bids, "bids");
        if (bidLevels instanceof String reason) {
            return new Decoded.Rejected<>(null, reason);
        }
        Object askLevels = Levels.parse(asks, "asks");
        if (askLevels instanceof String reason) {
            return new Decoded.Rejected<>(null, reason);
        }
        return new Decoded.Ok<>(new DepthUpdate(symbol, eventTime, firstUpdateId, finalUpdateId, (long[]) bidLevels,
                (long[]) askLevels));
    }

    static String checkHeader(Symbol symbol, long eventTime, long firstUpdateId, long finalUpdateId) {
        if (symbol == null) {
            return "missing symbol";
        }
        if (eventTime < 0 || eventTime >= MAX_EPOCH_MILLI) {
            return "event time E must be in [0, " + MAX_EPOCH_MILLI + ") ms (1970 to 2100), got " + eventTime;
        }
        if (firstUpdateId < 0) {
            return "first update id U must not be negative, got " + firstUpdateId;
        }
        if (finalUpdateId < firstUpdateId) {
            return "final update id u " + finalUpdateId + " is below the first update id U " + firstUpdateId;
        }
        return null;
    }

    public Symbol symbol() {
        return symbol;
    }

    /** {@code E}: when Binance sent the event. */
    public Instant eventTime() {
        return Instant.ofEpochMilli(eventTime);
    }

    /** {@code E} in epoch milliseconds. */
    public long eventTimeMillis() {
        return eventTime;
    }

    /** {@code U}: the first update id in the event. */
    public long firstUpdateId() {
        return firstUpdateId;
    }

    /** {@code u}: the final update id in the event. */
    public long finalUpdateId() {
        return finalUpdateId;
    }

    public int bidCount() {
        return bids.length >> 1;
    }

    public int askCount() {
        return asks.length >> 1;
    }

    /** Bids plus asks: the levels this event sets or removes. */
    public int levelCount() {
        return (bids.length + asks.length) >> 1;
    }

    /** The scaled price of bid {@code i} (in the event's order). */
    public long bidPrice(int i) {
        return bids[2 * i];
    }

    /** The scaled absolute quantity of bid {@code i}; 0 removes the level. */
    public long bidQuantity(int i) {
        return bids[2 * i + 1];
    }

    public long askPrice(int i) {
        return asks[2 * i];
    }

    public long askQuantity(int i) {
        return asks[2 * i + 1];
    }

    /** The bids as given, interleaved; the book reads them without a copy. */
    long[] bidLevels() {
        return bids;
    }

    long[] askLevels() {
        return asks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepthUpdate that && symbol.equals(that.symbol) && eventTime == that.eventTime
                && firstUpdateId == that.firstUpdateId && finalUpdateId == that.finalUpdateId
                && Levels.equal(bids, that.bids) && Levels.equal(asks, that.asks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, eventTime, firstUpdateId, finalUpdateId, java.util.Arrays.hashCode(bids),
                java.util.Arrays.hashCode(asks));
    }

    @Override
    public String toString() {
        return "DepthUpdate[" + symbol + " E=" + eventTime + " U=" + firstUpdateId + " u=" + finalUpdateId + " bids="
                + Levels.toString(bids) + " asks=" + Levels.toString(asks) + "]";
    }
}
