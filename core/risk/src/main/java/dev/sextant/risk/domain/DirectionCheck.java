package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/**
 * Long-only: the direction is up when probUp >= probDown (a tie counts as up); a down direction is
 * denied. Value = probUp, threshold = probDown, comparator {@code ">="}.
 */
public final class DirectionCheck implements PreTradeCheck {
    public static final String NAME = "direction";
    public static final String DOWN_REASON = "direction down: long-only";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal up = BigDecimal.valueOf(input.prediction().probUp());
        BigDecimal down = BigDecimal.valueOf(input.prediction().probDown());
        boolean passed = up.compareTo(down) >= 0;
        return new RiskCheck(NAME, passed, up, ">=", down, null, passed ? "direction up" : DOWN_REASON);
    }
}
