package dev.sextant.collector.market;

import dev.sextant.contracts.id.Symbol;
import java.util.List;
import java.util.Objects;

/**
 * A depth snapshot of Binance's REST order book ({@code GET /api/v3/depth}, spot REST API documentation
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api, "Order book"): {@code lastUpdateId} and up
 * to 5000 {@code [price, quantity]} levels per side. The response does not name its symbol: the caller, who
 * asked for it, does. Levels are {@link FixedPoint} scaled {@code long}s, interleaved per side, in any order
 * (the book sorts them); a quantity of 0 means no level. Every instance is valid ({@code lastUpdateId ≥ 0},
 * prices in (0, 10^9], quantities ≥ 0); the factories return {@link Decoded.Rejected} instead of throwing.
 * Immutable.
 */
public final class DepthSnapshot {
    private final Symbol symbol;
    private final long lastUpdateId;
    private final long[] bids;
    private final long[] asks;

    DepthSnapshot(Symbol symbol, long lastUpdateId, long[] bids, long[] asks) {
        this.symbol = symbol;
        this.lastUpdateId = lastUpdateId;
        this.bids = bids;
        this.asks = asks;
    }

    /** A snapshot of scaled levels ({@code [price0, qty0, price1, qty1, ...]}, each side copied). */
    public static Decoded<DepthSnapshot> of(Symbol symbol, long lastUpdateId, long[] bids, long[] asks) {
        String fault = checkHeader(symbol, lastUpdateId);
        if (fault == null) {
            fault = Levels.check(bids, "bids");
        }
        if (fault == null) {
            fault = Levels.check(asks, "asks");
        }
        if (fault != null) {
            return new Decoded.Rejected<>(null, fault);
        }
        return new Decoded.Ok<>(new DepthSnapshot(symbol, lastUpdateId, Levels.copy(bids), Levels.copy(asks)));
    }

    /** A snapshot of levels as Binance writes them, e.g. {@code [["4.00000000", "431.00000000"]]}. */
    public static Decoded<DepthSnapshot> parse(Symbol symbol, long lastUpdateId, List<? extends List<String>> bids,
            List<? extends List<String>> asks) {
        String fault = checkHeader(symbol, lastUpdateId);
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
        return new Decoded.Ok<>(new DepthSnapshot(symbol, lastUpdateId, (long[]) bidLevels, (long[]) askLevels));
    }

    static String checkHeader(Symbol symbol, long lastUpdateId) {
        if (symbol == null) {
            return "missing symbol";
        }
        if (lastUpdateId < 0) {
            return "lastUpdateId must not be negative, got " + lastUpdateId;
        }
        return null;
    }

    public Symbol symbol() {
        return symbol;
    }

    /** The update id of the book this snapshot shows. */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    public int bidCount() {
        return bids.length >> 1;
    }

    public int askCount() {
        return asks.length >> 1;
    }

    public long bidPrice(int i) {
        return bids[2 * i];
    }

    public long bidQuantity(int i) {
        return bids[2 * i + 1];
    }

    public long askPrice(int i) {
        return asks[2 * i];
    }

    public long askQuantity(int i) {
        return asks[2 * i + 1];
    }

    long[] bidLevels() {
        return bids;
    }

    long[] askLevels() {
        return asks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DepthSnapshot that && symbol.equals(that.symbol) && lastUpdateId == that.lastUpdateId
                && Levels.equal(bids, that.bids) && Levels.equal(asks, that.asks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, lastUpdateId, java.util.Arrays.hashCode(bids), java.util.Arrays.hashCode(asks));
    }

    @Override
    public String toString() {
        return "DepthSnapshot[" + symbol + " lastUpdateId=" + lastUpdateId + " bids=" + Levels.toString(bids) + " asks="
                + Levels.toString(asks) + "]";
    }
}
