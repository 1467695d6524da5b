package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/** The prediction's confidence must be strictly above {@code confidence-threshold}. */
public final class ConfidenceCheck implements PreTradeCheck {
    public static final String NAME = "confidence";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal confidence = BigDecimal.valueOf(input.prediction().confidence());
        BigDecimal threshold = input.limits().confidenceThreshold();
        boolean passed = confidence.compareTo(threshold) > 0;
        String detail = "confidence " + confidence.toPlainString() + (passed ? " > " : " not above ") + threshold.toPlainString();
        return new RiskCheck(NAME, passed, confidence, ">", threshold, null, detail);
    }
}
