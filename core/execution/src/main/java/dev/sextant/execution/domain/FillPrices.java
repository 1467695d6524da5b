package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import java.math.BigDecimal;
import java.time.Instant;

/** The paper venue's fill-price rules for market entries (see {@link FillPriceRule} for their checks). */
public enum FillPrices implements FillPriceRule {
    /** The fill candle's open, at its open time; the whole candle is then checked (the default). */
    NEXT_OPEN("next-open", FillCandleCheck.WHOLE_CANDLE) {
        @Override
        public BigDecimal price(CandleClosed candle) {
            return candle.open();
        }

        @Override
        public Instant fillTime(CandleClosed candle) {
            return candle.openTime();
        }
    },
    /** The fill candle's close, at its close time; the fill candle is not checked. */
    NEXT_CLOSE("next-close", FillCandleCheck.NONE) {
        @Override
        public BigDecimal price(CandleClosed candle) {
            return candle.close();
        }

        @Override
        public Instant fillTime(CandleClosed candle) {
            return candle.closeTime();
        }
    },
    /**
     * The fill candle's typical price {@code (high + low + close) / 3} (price scale, HALF_EVEN), known at
     * its close time; the fill candle is checked for the stop only.
     */
    TYPICAL("typical", FillCandleCheck.STOP_ONLY) {
        @Override
        public BigDecimal price(CandleClosed candle) {
            return candle.high().add(candle.low()).add(candle.close()).divide(BigDecimal.valueOf(3), Scales.PRICE, Scales.ROUNDING);
        }

        @Override
        public Instant fillTime(CandleClosed candle) {
            return candle.closeTime();
        }
    };

    private final String spec;
    private final FillCandleCheck check;

    FillPrices(String spec, FillCandleCheck check) {
        this.spec = spec;
        this.check = check;
    }

    @Override
    public FillCandleCheck fillCandleCheck() {
        return check;
    }

    @Override
    public String spec() {
        return spec;
    }
}
