package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** One trade printed by the exchange; {@code aggressorSide} is the taker's side. */
public record MarketTradeExecuted(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        String exchange,
        Symbol symbol,
        long tradeId,
        BigDecimal price,
        BigDecimal quantity,
        Side aggressorSide)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public MarketTradeExecuted {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.lowerName(exchange, 32, "._-", "exchange");
        Require.field(symbol, "symbol");
        Require.count(tradeId, "tradeId");
        Require.price(price, "price");
        Require.quantity(quantity, "quantity");
        Require.notional(price, quantity, "price", "quantity");
        Require.field(aggressorSide, "aggressorSide");
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
