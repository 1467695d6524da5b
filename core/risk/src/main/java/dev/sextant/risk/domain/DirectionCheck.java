package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;

/**
 * Long-only: the direction is up when probUp >= probDown (a tie counts as up); a down direction is
 * denied. Value = probUp, threshold = probDown, comparator {@code ">="}.
 */
public final class DirectionCheck implements PreTradeCheck {
    public static final String NAME = "direction";
    public static final String DOWN_REASON = "direction down: long-only";

    private final DoubleDecimals decimals;

    /**
     * The last check, for the decimals it was made of: {@link DoubleDecimals} hands out the same entry for
     * the same double, so a prediction with the same probabilities as the last one gets the same (immutable)
     * check.
     */
    private record Last(DoubleDecimals.Entry up, DoubleDecimals.Entry down, RiskCheck check) {}

    private Last last;

    public DirectionCheck() {
        this(new DoubleDecimals());
    }

    /** A check converting the probabilities through {@code decimals} (shared with the {@link ConfidenceCheck}). */
    DirectionCheck(DoubleDecimals decimals) {
        this.decimals = decimals;
    }

    @Override
    public RiskCheck evaluate(CheckInput input) {
        DoubleDecimals.Entry up = decimals.of(input.prediction().probUp());
        DoubleDecimals.Entry down = decimals.of(input.prediction().probDown());
        Last memo = last;
        if (memo != null && memo.up == up && memo.down == down) {
            return memo.check;
        }
        boolean passed = up.value().compareTo(down.value()) >= 0;
        RiskCheck check = new RiskCheck(NAME, passed, up.value(), ">=", down.value(), null, passed ? "direction up" : DOWN_REASON);
        last = new Last(up, down, check);
        return check;
    }
}
