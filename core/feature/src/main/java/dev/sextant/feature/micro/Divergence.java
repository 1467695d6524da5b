package dev.sextant.feature.micro;

/** CVD-price divergence over a window (see {@link TradeFlow} for the definition). */
public enum Divergence {
    /** Price made a lower low while CVD made a higher low: selling is being absorbed. */
    BULLISH(1.0),
    /** Price made a higher high while CVD made a lower high: buying is fading. */
    BEARISH(-1.0),
    /** Neither, or both at once (an expanding price range against a contracting CVD range). */
    NONE(0.0),
    /** A half of the window holds no trade: nothing to compare. */
    UNDEFINED(Double.NaN);

    private final double value;

    Divergence(double value) {
        this.value = value;
    }

    /** +1 bullish, -1 bearish, 0 none, NaN undefined: the value a feature vector carries. */
    public double value() {
        return value;
    }
}
