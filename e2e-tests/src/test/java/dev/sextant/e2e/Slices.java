package dev.sextant.e2e;

import java.time.Instant;

/**
 * The replay slices of the end-to-end tests: real Binance 1h candles bundled with collector-service
 * ({@code data/market}), BTCUSDT and ETHUSDT, after the last gap of the data (2023-03-24), so every
 * window has exactly its number of candles.
 *
 * <p>Chosen so that the committed model ({@code core/prediction/src/main/resources/models/direction-logreg},
 * modelVersion 1) trades with the default risk limits (confidence threshold 0.55, ATR/price within
 * 0.005..0.03): replayed from 2024-01-01 00:00 UTC, the first warm vector is candle 50 (2024-01-03 01:00)
 * and an offline scan of the model over these candles (feature-service's FeatureEngine + the ONNX
 * model) gives probUp 0.563 on BTCUSDT's candle 2024-01-03 07:00 (ATR/price 0.0074) and 0.651 on
 * ETHUSDT's candle 2024-01-03 11:00 (0.0089), both approved by risk-service. (In the first run the BTCUSDT
 * 07:00 entry was rejected by execution-service for insufficient cash, a sizing mismatch reported to the
 * lead; the ETHUSDT 11:00 and BTCUSDT 12:00 entries fill.) The tests derive what must fill from the
 * events (approved, not rejected, not on the last candle) rather than hard-coding it. No threshold is
 * overridden.
 */
final class Slices {
    /** First open time replayed. */
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    /** Symbols replayed. */
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT"};
    /** Bars before feature-service's vectors are warm (FeatureEngine.WARM_UP_BARS): the first 49 are not. */
    static final int COLD_BARS = 49;

    private Slices() {}
}
