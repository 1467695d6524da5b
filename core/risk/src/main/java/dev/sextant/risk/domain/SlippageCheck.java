package dev.sextant.risk.domain;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;

/**
 * The sized entry, taken from the latest order book level by level, must pay an average price less than
 * {@code max-slippage-ratio} of the mid away from the mid (half the spread included). Runs after the sizing, on the
 * final intent. Value = that ratio, comparator {@code "<"}, threshold = {@code max-slippage-ratio}. Without a book it
 * passes with a null value and detail {@value #UNKNOWN}; with a stale, one-sided or crossed book, or one whose levels
 * hold less than the entry's quantity, it fails with the reason.
 */
public final class SlippageCheck {
    public static final String NAME = "slippage";
    public static final String UNKNOWN = "slippage unknown";

    /** The check without a book for the limit instance it was made with (immutable: the same for every decision). */
    private RiskCheck unknown;

    public RiskCheck evaluate(CheckInput input, OrderIntent intent) {
        BigDecimal limit = input.limits().maxSlippageRatio();
        if (input.book() == null) {
            RiskCheck memo = unknown;
            if (memo == null || memo.threshold() != limit) {
                memo = new RiskCheck(NAME, true, null, "<", limit, null, UNKNOWN);
                unknown = memo;
            }
            return memo;
        }
        String problem = input.bookProblem();
        if (problem != null) {
            return new RiskCheck(NAME, false, null, "<", limit, null, problem);
        }
        OrderBookView book = input.book();
        BigDecimal average = book.averagePrice(intent.side(), intent.quantity());
        if (average == null) {
            return new RiskCheck(NAME, false, null, "<", limit, null, "the book holds "
                    + book.depth(intent.side()).stripTrailingZeros().toPlainString() + " on the "
                    + (intent.side() == Side.BUY ? "ask" : "bid") + " side, less than the entry's "
                    + intent.quantity().stripTrailingZeros().toPlainString());
        }
        BigDecimal mid = book.mid();
        BigDecimal away = intent.side() == Side.BUY ? average.subtract(mid) : mid.subtract(average);
        BigDecimal ratio = Decimals.ratio(away.max(BigDecimal.ZERO), mid);
        boolean passed = ratio.compareTo(limit) < 0;
        String detail = "slippage " + ratio.toPlainString() + (passed ? " < " : " not below ") + limit.toPlainString();
        return new RiskCheck(NAME, passed, ratio, "<", limit, null, detail);
    }
}
