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
        Require.field(tsEvent, "tsEvent");
        Require.field(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.text(positionId, "positionId");
        Require.field(symbol, "symbol");
        Require.text(venue, "venue");
        Require.field(purpose, "purpose");
        Require.field(side, "side");
        Require.positive(price, "price");
        Require.positive(quantity, "quantity");
        Require.nonNegative(fee, "fee");
        Require.text(feeAsset, "feeAsset");
        Require.field(liquidity, "liquidity");
        if (purpose.isExit()) {
            Require.field(realizedPnl, "realizedPnl");
        }
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
