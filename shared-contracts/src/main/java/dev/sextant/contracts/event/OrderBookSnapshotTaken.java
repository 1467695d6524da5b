package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The top of an order book at one moment: bids best (highest) first, asks best (lowest) first. */
public record OrderBookSnapshotTaken(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        String exchange,
        Symbol symbol,
        long lastUpdateId,
        List<BookLevel> bids,
        List<BookLevel> asks)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public OrderBookSnapshotTaken {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.lowerName(exchange, 32, "._-", "exchange");
        Require.field(symbol, "symbol");
        Require.count(lastUpdateId, "lastUpdateId");
        bids = Require.list(bids, "bids");
        asks = Require.list(asks, "asks");
    }

    /** Best ask minus best bid, or null when a side is empty. */
    public BigDecimal spread() {
        return bids.isEmpty() || asks.isEmpty() ? null : asks.get(0).price().subtract(bids.get(0).price());
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
