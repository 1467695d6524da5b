package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import java.math.BigDecimal;

/**
 * ATR/close must lie within [{@code min-atr-ratio}, {@code max-atr-ratio}] (both inclusive). Fails
 * with a null value when the candle's features or its ATR are unknown.
 */
public final class VolatilityCheck implements PreTradeCheck {
    public static final String NAME = "volatility";

    /** The band's text for the limit instances it was made of (they change only with a settings update). */
    private record Band(BigDecimal min, BigDecimal max, String within, String outside) {}

    private Band band;

    @Override
    public RiskCheck evaluate(CheckInput input) {
        BigDecimal min = input.limits().minAtrRatio();
        BigDecimal max = input.limits().maxAtrRatio();
        MarketMark mark = input.mark();
        if (mark == null) {
            return new RiskCheck(NAME, false, null, "between", min, max, "features missing for the prediction's candle");
        }
        if (mark.atr() == null) {
            return new RiskCheck(NAME, false, null, "between", min, max, "atr_14 undefined (features warming up)");
        }
        BigDecimal ratio = Decimals.ratio(mark.atr(), mark.close());
        boolean passed = ratio.compareTo(min) >= 0 && ratio.compareTo(max) <= 0;
        Band texts = band(min, max);
        String detail = "ATR/price " + ratio.toPlainString() + (passed ? texts.within : texts.outside);
        return new RiskCheck(NAME, passed, ratio, "between", min, max, detail);
    }

    private Band band(BigDecimal min, BigDecimal max) {
        Band texts = band;
        if (texts == null || texts.min != min || texts.max != max) {
            String range = min.toPlainString() + ".." + max.toPlainString();
            texts = new Band(min, max, " within " + range, " outside " + range);
            band = texts;
        }
        return texts;
    }
}
