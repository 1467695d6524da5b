package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/**
 * Spread/mid of the latest order-book snapshot must stay strictly below {@code max-spread-ratio}.
 * Without a snapshot the check passes with a null value and detail {@value #UNKNOWN}.
 */
public final class SpreadCheck implements PreTradeCheck {
    public static final String NAME = "spread";
    public static final String UNKNOWN = "spread unknown";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal limit = input.limits().maxSpreadRatio();
        BigDecimal spread = input.spreadRatio();
        if (spread == null) {
            return new RiskCheck(NAME, true, null, "<", limit, null, UNKNOWN);
        }
        boolean passed = spread.compareTo(limit) < 0;
        String detail = "spread " + spread.toPlainString() + (passed ? " < " : " not below ") + limit.toPlainString();
        return new RiskCheck(NAME, passed, spread, "<", limit, null, detail);
    }
}
