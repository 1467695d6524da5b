package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.PositionSide;
import java.math.BigDecimal;
import java.math.MathContext;

/** Mark-to-market arithmetic of an open position. */
public final class PositionMath {
    private PositionMath() {}

    /**
     * Unrealized P&L of {@code quantity} held on {@code side} since {@code entryPrice}, at {@code markPrice}
     * (fees aside): (mark - entry) x quantity for a LONG, (entry - mark) x quantity for a SHORT, zero when FLAT.
     * Null when a price is unknown.
     */
    public static BigDecimal unrealizedPnl(PositionSide side, BigDecimal quantity, BigDecimal entryPrice, BigDecimal markPrice) {
        if (side == PositionSide.FLAT) {
            return BigDecimal.ZERO;
        }
        if (quantity == null || entryPrice == null || markPrice == null) {
            return null;
        }
        BigDecimal perUnit = side == PositionSide.LONG ? markPrice.subtract(entryPrice) : entryPrice.subtract(markPrice);
        return perUnit.multiply(quantity);
    }

    /** {@code pnl} as a fraction of the entry notional (0.01 = +1 %), null when unknown. */
    public static BigDecimal returnOn(BigDecimal pnl, BigDecimal quantity, BigDecimal entryPrice) {
        if (pnl == null || quantity == null || entryPrice == null || quantity.signum() == 0 || entryPrice.signum() == 0) {
            return null;
        }
        return pnl.divide(entryPrice.multiply(quantity), MathContext.DECIMAL64);
    }
}
