package dev.sextant.performance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-made fixtures for the performance tests. */
final class Series {
    private Series() {
    }

    /** Samples {@code step} apart from {@code start}, none in the market. */
    static List<EquitySample> equity(Instant start, Duration step, String... values) {
        List<EquitySample> samples = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            samples.add(new EquitySample(start.plus(step.multipliedBy(i)), new BigDecimal(values[i]), false));
        }
        return samples;
    }

    static EquitySample at(String time, String equity) {
        return new EquitySample(Instant.parse(time), new BigDecimal(equity), false);
    }

    /** A LONG BTCUSDT trade of 1 unit entered at {@code entry}, held {@code hold}, with the given fees and net P&L. */
    static TradeRecord trade(Instant entry, Duration hold, String fees, String netPnl) {
        return new TradeRecord("BTCUSDT", TradeRecord.LONG, entry, new BigDecimal("100"), entry.plus(hold),
                new BigDecimal("101"), BigDecimal.ONE, new BigDecimal(fees), new BigDecimal(netPnl), "SIGNAL");
    }

    /** Simple returns {@code v[i] / v[i-1] - 1}, computed from the decimal strings. */
    static double[] returns(String... values) {
        double[] r = new double[values.length - 1];
        for (int i = 1; i < values.length; i++) {
            r[i - 1] = Double.parseDouble(values[i]) / Double.parseDouble(values[i - 1]) - 1;
        }
        return r;
    }
}
