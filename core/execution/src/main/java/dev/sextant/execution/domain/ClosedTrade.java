package dev.sextant.execution.domain;

import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A round trip: one position from entry to exit.
 *
 * @param grossPnl   (exit − entry) × quantity for a long, (entry − exit) × quantity for a short
 * @param netPnl     grossPnl − entryFee − exitFee; what the account gained
 * @param exitReason STOP_LOSS, TAKE_PROFIT or CLOSE
 */
public record ClosedTrade(
        String positionId,
        Symbol symbol,
        PositionSide side,
        BigDecimal quantity,
        Instant entryTime,
        BigDecimal entryPrice,
        Instant exitTime,
        BigDecimal exitPrice,
        BigDecimal entryFee,
        BigDecimal exitFee,
        BigDecimal grossPnl,
        BigDecimal netPnl,
        OrderPurpose exitReason) {

    /** True when the trade made money after fees. */
    public boolean won() {
        return netPnl.signum() > 0;
    }
}
