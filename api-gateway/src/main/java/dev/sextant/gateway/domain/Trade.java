package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/**
 * One round trip as the dashboard shows it: the position opened by an ENTRY fill and closed by its
 * exit fill(s), identified by {@code positionId} (the entry order's client id). Entry fields are null
 * while only an exit has been seen; exit fields are null while the trade is open. Prices are
 * quantity-weighted averages over the fills, fees and {@code realizedPnl} are sums (the realized
 * P&L is net of both legs' fees, as execution-service reports it).
 *
 * @param positionId   the position's id (= entry order's client order id)
 * @param symbol       instrument
 * @param side         LONG (entered with a BUY) or SHORT (entered with a SELL)
 * @param status       OPEN or CLOSED
 * @param quantity     entry quantity, null when the entry is unknown
 * @param entryPrice   average entry price, null when the entry is unknown
 * @param entryFee     fees of the entry fills
 * @param entryTime    time of the first entry fill
 * @param exitQuantity quantity exited so far
 * @param exitPrice    average exit price, null while nothing is exited
 * @param exitFee      fees of the exit fills
 * @param exitTime     time of the last exit fill
 * @param exitReason   purpose of the last exit fill (STOP_LOSS, TAKE_PROFIT, CLOSE)
 * @param realizedPnl  realized P&L of the exited part, null while nothing is exited
 * @param feeAsset     asset the fees are paid in
 */
public record Trade(
        String positionId,
        Symbol symbol,
        PositionSide side,
        TradeStatus status,
        BigDecimal quantity,
        BigDecimal entryPrice,
        BigDecimal entryFee,
        Instant entryTime,
        BigDecimal exitQuantity,
        BigDecimal exitPrice,
        BigDecimal exitFee,
        Instant exitTime,
        String exitReason,
        BigDecimal realizedPnl,
        String feeAsset) {

    private static final MathContext RATIO = MathContext.DECIMAL64;

    /** Entry notional (entry price times quantity), null when the entry is unknown. */
    public BigDecimal entryNotional() {
        return entryPrice == null || quantity == null ? null : entryPrice.multiply(quantity);
    }

    /** Realized P&L as a fraction of the exited entry notional (0.012 = +1.2 %), null when unknown. */
    public BigDecimal realizedReturn() {
        if (realizedPnl == null || entryPrice == null || exitQuantity.signum() == 0) {
            return null;
        }
        return realizedPnl.divide(entryPrice.multiply(exitQuantity), RATIO);
    }

    /** True when the trade has closed with a positive realized P&L. */
    public boolean isWin() {
        return status == TradeStatus.CLOSED && realizedPnl != null && realizedPnl.signum() > 0;
    }
}
