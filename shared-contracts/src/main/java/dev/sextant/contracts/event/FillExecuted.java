package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A fill, as accounting sees it: {@code quantity} at {@code price}, the {@code fee} paid (in
 * {@code feeAsset}), the position it opened or closed ({@code positionId} = the entry order's client
 * id), and for an exit the {@code realizedPnl} of the part it closed, net of both legs' fees.
 */
public record FillExecuted(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        ClientOrderId clientOrderId,
        String positionId,
        Symbol symbol,
        String venue,
        OrderPurpose purpose,
        Side side,
        BigDecimal price,
        BigDecimal quantity,
        BigDecimal fee,
        String feeAsset,
        Liquidity liquidity,
        BigDecimal realizedPnl)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public FillExecuted {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.positionId(positionId, "positionId");
        Require.field(symbol, "symbol");
        Require.lowerName(venue, 32, "._-", "venue");
        Require.field(purpose, "purpose");
        Require.field(side, "side");
        Require.price(price, "price");
        Require.quantity(quantity, "quantity");
        Require.notional(price, quantity, "price", "quantity");
        Require.nonNegative(fee, "fee");
        Require.assetCode(feeAsset, "feeAsset");
        Require.field(liquidity, "liquidity");
        if (purpose.isExit()) {
            Require.field(realizedPnl, "realizedPnl");
        }
        Require.optionalAmount(realizedPnl, "realizedPnl");
    }

    /** Price times quantity. */
    public BigDecimal notional() {
        return price.multiply(quantity);
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
