package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/** The prediction's confidence must be strictly above {@code confidence-threshold}. */
public final class ConfidenceCheck implements PreTradeCheck {
    public static final String NAME = "confidence";

    private final DoubleDecimals decimals;
    private final TextMemo thresholdText = TextMemo.plain();

    /**
     * The last check, for the confidence entry and threshold instance it was made of ({@link DoubleDecimals}
     * hands out the same entry for the same double; the threshold changes only with a settings update).
     */
    private record Last(DoubleDecimals.Entry confidence, BigDecimal threshold, RiskCheck check) {}

    private Last last;

    public ConfidenceCheck() {
        this(new DoubleDecimals());
    }

    /** A check converting the confidence through {@code decimals} (shared with the {@link DirectionCheck}). */
    ConfidenceCheck(DoubleDecimals decimals) {
        this.decimals = decimals;
    }

    @Override
    public RiskCheck evaluate(CheckInput input) {
        DoubleDecimals.Entry confidence = decimals.of(input.prediction().confidence());
        BigDecimal threshold = input.limits().confidenceThreshold();
        Last memo = last;
        if (memo != null && memo.confidence == confidence && memo.threshold == threshold) {
            return memo.check;
        }
        boolean passed = confidence.value().compareTo(threshold) > 0;
        String detail = "confidence " + confidence.plain() + (passed ? " > " : " not above ") + thresholdText.of(threshold);
        RiskCheck check = new RiskCheck(NAME, passed, confidence.value(), ">", threshold, null, detail);
        last = new Last(confidence, threshold, check);
        return check;
    }
}
