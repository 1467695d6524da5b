package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A position (from execution-service's latest {@code PositionChanged}) marked to the latest price.
 *
 * @param markPrice        latest close of the symbol, null when unknown
 * @param unrealizedPnl    P&L at {@code markPrice}, fees aside; zero when FLAT, null when unknown
 * @param unrealizedReturn {@code unrealizedPnl} over the entry notional, null when unknown
 * @param updatedAt        event time of the last change
 */
public record PositionView(String symbol, String positionId, PositionSide side, BigDecimal quantity,
                           BigDecimal averageEntryPrice, BigDecimal stopLoss, BigDecimal takeProfit,
                           BigDecimal realizedPnl, BigDecimal fees, Instant openedAt, Instant closedAt, Instant updatedAt,
                           BigDecimal markPrice, BigDecimal unrealizedPnl, BigDecimal unrealizedReturn) {

    public static PositionView of(PositionChanged p, BigDecimal markPrice) {
        BigDecimal unrealized = PositionMath.unrealizedPnl(p.side(), p.quantity(), p.averageEntryPrice(), markPrice);
        return new PositionView(p.symbol().value(), p.positionId(), p.side(), p.quantity(), p.averageEntryPrice(),
                p.stopLoss(), p.takeProfit(), p.realizedPnl(), p.fees(), p.openedAt(), p.closedAt(), p.tsEvent(),
                markPrice, unrealized, PositionMath.returnOn(unrealized, p.quantity(), p.averageEntryPrice()));
    }

    public boolean isOpen() {
        return side != PositionSide.FLAT;
    }
}
