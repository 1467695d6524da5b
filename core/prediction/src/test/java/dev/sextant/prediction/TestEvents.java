package dev.sextant.prediction;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-written events with sensible defaults for the tests. */
public final class TestEvents {
    public static final String FEATURE_SET = "fs-v1";
    public static final List<String> NAMES = List.of("close", "sma_10", "sma_20", "sma_50", "ema_12", "ema_26", "macd",
            "macd_signal", "macd_hist", "rsi_14", "atr_14", "bb_upper", "bb_middle", "bb_lower", "bb_width", "ret_1", "ret_2",
            "ret_3", "volume_ratio_20", "zscore_20");

    private TestEvents() {}

    /** A plausible warm fs-v1 vector around {@code close}. */
    public static List<Double> values(double close) {
        return List.of(close, close * 0.998, close * 0.995, close * 0.99, close * 0.997, close * 0.994, close * 0.003,
                close * 0.002, close * 0.001, 58.0, close * 0.01, close * 1.02, close * 0.995, close * 0.97, 0.05, 0.002,
                0.004, -0.001, 1.3, 0.8);
    }

    public static FeaturesComputed features(String symbol, Instant openTime, double close) {
        return features(symbol, openTime, FEATURE_SET, NAMES, values(close), true);
    }

    public static FeaturesComputed features(String symbol, Instant openTime, String version, List<String> names, List<Double> values,
                                            boolean warm) {
        Symbol s = Symbol.of(symbol);
        var candleId = Ids.candleId("binance", s, Interval.H1, openTime);
        return new FeaturesComputed(Ids.derivedFrom("features", candleId), openTime.plusSeconds(3600), openTime.plusSeconds(3601),
                candleId, FeaturesComputed.SCHEMA_VERSION, s, Interval.H1, openTime, version, names, values, warm);
    }

    /** A warm-up vector: everything after close undefined. */
    public static FeaturesComputed coldFeatures(String symbol, Instant openTime, double close) {
        List<Double> values = new ArrayList<>();
        values.add(close);
        for (int i = 1; i < NAMES.size(); i++) {
            values.add(null);
        }
        return features(symbol, openTime, FEATURE_SET, NAMES, values, false);
    }

    public static CandleClosed candle(String symbol, Instant openTime, String close) {
        Symbol s = Symbol.of(symbol);
        BigDecimal c = new BigDecimal(close);
        Instant closeTime = openTime.plusSeconds(3600).minusMillis(1);
        return new CandleClosed(Ids.candleId("binance", s, Interval.H1, openTime), closeTime, closeTime.plusMillis(5), null,
                CandleClosed.SCHEMA_VERSION, "binance", s, Interval.H1, openTime, closeTime, c, c, c, c, BigDecimal.TEN,
                c.multiply(BigDecimal.TEN), 42);
    }
}
