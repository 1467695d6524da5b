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

    private final DoubleDecimals decimals;

    public DirectionCheck() {
        this(new DoubleDecimals());
    }

    /** A check converting the probabilities through {@code decimals} (shared with the {@link ConfidenceCheck}). */
    DirectionCheck(DoubleDecimals decimals) {
        this.decimals = decimals;
    }

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal up = decimals.of(input.prediction().probUp()).value();
        BigDecimal down = decimals.of(input.prediction().probDown()).value();
        boolean passed = up.compareTo(down) >= 0;
        return new RiskCheck(NAME, passed, up, ">=", down, null, passed ? "direction up" : DOWN_REASON);
    }
}
