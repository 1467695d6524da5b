package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;

/**
 * One pre-trade check. It always reports what it compared (name, value, comparator, thresholds,
 * outcome); a failing check's {@code detail} is the human-readable reason of the denial.
 */
public interface PreTradeCheck {
    RiskCheck evaluate(CheckInput input);
}
