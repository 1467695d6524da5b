package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Finds the candles missing between two consecutive accepted candles of one symbol and interval. */
public final class GapDetector {

    private GapDetector() {}

    /**
     * The gap between the previous accepted candle and the next one.
     *
     * @param previousOpenTime open time of the previous accepted candle, or null for the first one
     * @return the gap, or empty when {@code nextOpenTime} directly follows {@code previousOpenTime}
     */
    public static Optional<Gap> between(Symbol symbol, Interval interval, Instant previousOpenTime, Instant nextOpenTime) {
        if (previousOpenTime == null) {
            return Optional.empty();
        }
        long step = interval.duration().toMillis();
        long distance = Duration.between(previousOpenTime, nextOpenTime).toMillis();
        long missing = distance / step - 1;
        if (missing <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Gap(symbol, interval, previousOpenTime.plusMillis(step),
                nextOpenTime.minusMillis(step), missing));
    }
}
