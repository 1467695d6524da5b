package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.PositionSide;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A trade as the API and the WebSocket show it: {@link Trade} plus its realized return.
 *
 * @param realizedReturn realized P&L over the exited entry notional (0.01 = +1 %), null while unknown
 */
public record TradeView(String positionId, String symbol, PositionSide side, TradeStatus status,
                        BigDecimal quantity, BigDecimal entryPrice, Instant entryTime, BigDecimal entryFee,
                        BigDecimal exitQuantity, BigDecimal exitPrice, Instant exitTime, String exitReason,
                        BigDecimal exitFee, BigDecimal realizedPnl, BigDecimal realizedReturn, String feeAsset) {

    public static TradeView of(Trade t) {
        return new TradeView(t.positionId(), t.symbol().value(), t.side(), t.status(), t.quantity(), t.entryPrice(),
                t.entryTime(), t.entryFee(), t.exitQuantity(), t.exitPrice(), t.exitTime(), t.exitReason(), t.exitFee(),
                t.realizedPnl(), t.realizedReturn(), t.feeAsset());
    }
}
