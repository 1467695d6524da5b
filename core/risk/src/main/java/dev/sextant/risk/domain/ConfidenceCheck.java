package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/** The prediction's confidence must be strictly above {@code confidence-threshold}. */
public final class ConfidenceCheck implements PreTradeCheck {
    public static final String NAME = "confidence";

    private final DoubleDecimals decimals;
    private final TextMemo thresholdText = TextMemo.plain();

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
        boolean passed = confidence.value().compareTo(threshold) > 0;
        String detail = "confidence " + confidence.plain() + (passed ? " > " : " not above ") + thresholdText.of(threshold);
        return new RiskCheck(NAME, passed, confidence.value(), ">", threshold, null, detail);
    }
}
