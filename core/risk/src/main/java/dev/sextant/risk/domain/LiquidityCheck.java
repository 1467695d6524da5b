package dev.sextant.risk.domain;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The notional resting in the latest order book within {@code liquidity-band-ratio} of the mid, on the side the sized
 * entry takes from, must be at least {@code min-liquidity-multiple} times the entry's notional (0 turns the check off).
 * Value = that resting notional, comparator {@code ">="}, threshold = multiple x the entry's notional. Without a book
 * it passes with a null value and detail {@value #UNKNOWN}; with a stale, one-sided or crossed book it fails with the
 * reason. A snapshot of the top N levels counts only those levels.
 */
public final class LiquidityCheck {
    public static final String NAME = "liquidity";
    public static final String UNKNOWN = "liquidity unknown";

    public RiskCheck evaluate(CheckInput input, OrderIntent intent) {
        RiskLimits limits = input.limits();
        BigDecimal required = money(intent.notional().multiply(limits.minLiquidityMultiple()));
        if (input.book() == null) {
            return new RiskCheck(NAME, true, null, ">=", required, null, UNKNOWN);
        }
        String problem = input.bookProblem();
        if (problem != null) {
            return new RiskCheck(NAME, false, null, ">=", required, null, problem);
        }
        BigDecimal resting = money(input.book().notionalWithin(intent.side(), limits.liquidityBandRatio()));
        boolean passed = resting.compareTo(required) >= 0;
        String band = limits.liquidityBandRatio().movePointRight(2).stripTrailingZeros().toPlainString() + " %";
        String detail = passed
                ? "liquidity " + resting.toPlainString() + " within " + band + " of the mid >= " + required.toPlainString()
                : "liquidity " + resting.toPlainString() + " within " + band + " of the mid is below "
                        + limits.minLiquidityMultiple().stripTrailingZeros().toPlainString() + " x the entry's notional ("
                        + required.toPlainString() + ")";
        return new RiskCheck(NAME, passed, resting, ">=", required, null, detail);
    }

    /** A quote-currency amount to the cent (the detail's and the event's precision). */
    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }
}
