package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The position in one symbol after a change (a fill, a new stop). The {@code positions} topic is
 * compacted by symbol, so its last record per symbol is the current position; a closed position is
 * FLAT with quantity 0 and its final {@code realizedPnl}.
 */
public record PositionChanged(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        String positionId,
        PositionSide side,
        BigDecimal quantity,
        BigDecimal averageEntryPrice,
        BigDecimal stopLoss,
        BigDecimal takeProfit,
        BigDecimal realizedPnl,
        BigDecimal fees,
        Instant openedAt,
        Instant closedAt)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public PositionChanged {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.field(symbol, "symbol");
        Require.positionId(positionId, "positionId");
        Require.field(side, "side");
        Require.quantityOrZero(quantity, "quantity");
        Require.amount(realizedPnl, "realizedPnl");
        Require.nonNegative(fees, "fees");
        Require.instant(openedAt, "openedAt");
        Require.optionalInstant(closedAt, "closedAt");
        if (side != PositionSide.FLAT) {
            Require.quantity(quantity, "quantity");
            Require.price(averageEntryPrice, "averageEntryPrice");
            Require.notional(averageEntryPrice, quantity, "averageEntryPrice", "quantity");
        } else {
            Require.optionalPrice(averageEntryPrice, "averageEntryPrice");
        }
        Require.optionalPrice(stopLoss, "stopLoss");
        Require.optionalPrice(takeProfit, "takeProfit");
    }

    public boolean hasPosition() {
        return side != PositionSide.FLAT;
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
