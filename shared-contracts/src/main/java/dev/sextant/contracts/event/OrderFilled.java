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
        Require.field(tsEvent, "tsEvent");
        Require.field(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(clientOrderId, "clientOrderId");
        Require.field(symbol, "symbol");
        Require.field(side, "side");
        Require.positive(lastQuantity, "lastQuantity");
        Require.positive(lastPrice, "lastPrice");
        Require.positive(cumulativeQuantity, "cumulativeQuantity");
        Require.nonNegative(leavesQuantity, "leavesQuantity");
        Require.positive(averagePrice, "averagePrice");
    }

    /** True while some of the order is still open. */
    public boolean partial() {
        return leavesQuantity.signum() > 0;
    }
}
