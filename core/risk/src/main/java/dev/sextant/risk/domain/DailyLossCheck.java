package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/** Today's loss / the day's starting equity must stay strictly below {@code max-daily-loss}. */
public final class DailyLossCheck implements PreTradeCheck {
    public static final String NAME = "daily_loss";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal loss = input.dailyLossRatio();
        BigDecimal limit = input.limits().maxDailyLoss();
        boolean passed = loss.compareTo(limit) < 0;
        String detail = "daily loss " + loss.toPlainString() + (passed ? " < " : " reached limit ") + limit.toPlainString();
        return new RiskCheck(NAME, passed, loss, "<", limit, null, detail);
    }
}
