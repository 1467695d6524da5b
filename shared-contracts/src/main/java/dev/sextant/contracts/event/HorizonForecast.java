package dev.sextant.contracts.event;

/** The forecast for one horizon, counted in candles after the one the features came from. */
public record HorizonForecast(int candles, double probUp, double probDown, double confidence) {
    public HorizonForecast {
        if (candles < 1 || candles > EventBounds.MAX_HORIZON_CANDLES) {
            throw new IllegalArgumentException("field 'candles' must be in [1, " + EventBounds.MAX_HORIZON_CANDLES
                    + "], got " + candles);
        }
        Require.probability(probUp, "probUp");
        Require.probability(probDown, "probDown");
        Require.probability(confidence, "confidence");
    }
}
