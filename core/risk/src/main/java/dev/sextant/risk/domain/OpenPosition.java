package dev.sextant.risk.domain;

import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;

/**
 * A position risk-service counts as open: {@code quantity} bought for {@code notional}, with the
 * entry fees not yet settled by an exit's realized P&L (which execution-service reports net of both
 * legs' fees).
 */
public record OpenPosition(Symbol symbol, String positionId, BigDecimal quantity, BigDecimal notional,
                           BigDecimal unsettledEntryFees) {}
