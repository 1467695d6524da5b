package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/** Today's loss / the day's starting equity must stay strictly below {@code max-daily-loss}. */
public final class DailyLossCheck implements PreTradeCheck {
    public static final String NAME = "daily_loss";

    /**
     * The last check made, for the loss and limit instances it was made of. The account hands out the same
     * loss instance until it changes (see {@link Account}) and the limits keep theirs until a settings
     * update, so most decisions repeat the last check; decimals are immutable and so is a RiskCheck.
     */
    private record Last(BigDecimal loss, BigDecimal limit, RiskCheck check) {}

    private Last last;

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal loss = input.dailyLossRatio();
        BigDecimal limit = input.limits().maxDailyLoss();
        Last memo = last;
        if (memo != null && memo.loss == loss && memo.limit == limit) {
            return memo.check;
        }
        boolean passed = loss.compareTo(limit) < 0;
        String detail = "daily loss " + loss.toPlainString() + (passed ? " < " : " reached limit ") + limit.toPlainString();
        RiskCheck check = new RiskCheck(NAME, passed, loss, "<", limit, null, detail);
        last = new Last(loss, limit, check);
        return check;
    }
}
