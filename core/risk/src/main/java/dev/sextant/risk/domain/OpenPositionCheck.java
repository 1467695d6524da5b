package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/**
 * One position per symbol: denied while the symbol has an open position or an approved entry not
 * yet filled, rejected or timed out. Value = 1 when open or pending, else 0; threshold 0.
 */
public final class OpenPositionCheck implements PreTradeCheck {
    public static final String NAME = "position";
    public static final String OPEN_REASON = "position open";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        String symbol = input.prediction().symbol().value();
        String detail;
        if (input.openPosition() != null) {
            detail = OPEN_REASON + " in " + symbol + " (position " + input.openPosition().positionId() + ")";
        } else if (input.pendingIntent() != null) {
            detail = OPEN_REASON + " in " + symbol + " (entry pending: order " + input.pendingIntent().clientOrderId()
                    + " of decision " + input.pendingIntent().decisionId() + ")";
        } else {
            return new RiskCheck(NAME, true, BigDecimal.ZERO, "==", BigDecimal.ZERO, null, "no position in " + symbol);
        }
        return new RiskCheck(NAME, false, BigDecimal.ONE, "==", BigDecimal.ZERO, null, detail);
    }
}
