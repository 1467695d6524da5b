package dev.sextant.contracts.event;

import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** A fill of the order: {@code lastQuantity} at {@code lastPrice}; {@code leavesQuantity} > 0 means partially filled. */
public record OrderFilled(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        ClientOrderId clientOrderId,
        Symbol symbol,
        Side side,
        BigDecimal lastQuantity,
        BigDecimal lastPrice,
        BigDecimal cumulativeQuantity,
        BigDecimal leavesQuantity,
        BigDecimal averagePrice)
        implements OrderEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderFilled {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.field(side, "side");
        Require.quantity(lastQuantity, "lastQuantity");
        Require.price(lastPrice, "lastPrice");
        Require.quantity(cumulativeQuantity, "cumulativeQuantity");
        Require.quantityOrZero(leavesQuantity, "leavesQuantity");
        Require.price(averagePrice, "averagePrice");
        if (lastQuantity.compareTo(cumulativeQuantity) > 0) {
            throw new IllegalArgumentException("fields 'lastQuantity' and 'cumulativeQuantity': the last fill "
                    + lastQuantity.toPlainString() + " exceeds the cumulative quantity " + cumulativeQuantity.toPlainString());
        }
        Require.notional(lastPrice, lastQuantity, "lastPrice", "lastQuantity");
        Require.notional(averagePrice, cumulativeQuantity, "averagePrice", "cumulativeQuantity");
    }

    /** True while some of the order is still open. */
    public boolean partial() {
        return leavesQuantity.signum() > 0;
    }
}
