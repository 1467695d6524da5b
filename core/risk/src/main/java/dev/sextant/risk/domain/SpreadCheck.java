package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/**
 * Spread/mid of the latest order-book snapshot must stay strictly below {@code max-spread-ratio}.
 * Without a snapshot the check passes with a null value and detail {@value #UNKNOWN}; with one that is stale
 * ({@code max-book-age-seconds}), one-sided or crossed it fails with a null value and the reason.
 */
public final class SpreadCheck implements PreTradeCheck {
    public static final String NAME = "spread";
    public static final String UNKNOWN = "spread unknown";

    /** The check without a snapshot for the limit instance it was made with (immutable, the same for every decision). */
    private record Unknown(BigDecimal limit, RiskCheck check) {}

    private Unknown unknown;
    private final TextMemo limitText = TextMemo.plain();

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal limit = input.limits().maxSpreadRatio();
        String problem = input.bookProblem();
        if (problem != null) {
            return new RiskCheck(NAME, false, null, "<", limit, null, problem);
        }
        BigDecimal spread = input.spreadRatio();
        if (spread == null) {
            Unknown memo = unknown;
            if (memo == null || memo.limit != limit) {
                memo = new Unknown(limit, new RiskCheck(NAME, true, null, "<", limit, null, UNKNOWN));
                unknown = memo;
            }
            return memo.check;
        }
        boolean passed = spread.compareTo(limit) < 0;
        String detail = "spread " + spread.toPlainString() + (passed ? " < " : " not below ") + limitText.of(limit);
        return new RiskCheck(NAME, passed, spread, "<", limit, null, detail);
    }
}
