package dev.sextant.risk.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An approved entry not filled yet. It counts as an open position until its fill, its order's
 * rejection, cancellation or expiry, or until a prediction arrives for a candle
 * {@code pending-timeout-candles} intervals after {@link #candleOpenTime()}.
 */
public record PendingIntent(Symbol symbol, EventId decisionId, ClientOrderId clientOrderId, Interval interval,
                            Instant candleOpenTime, BigDecimal notional) {

    /** True when a prediction for {@code candle} arrives {@code timeoutCandles} or more intervals after this intent's candle. */
    public boolean expiredAt(Instant candle, int timeoutCandles) {
        return !candle.isBefore(candleOpenTime.plus(interval.duration().multipliedBy(timeoutCandles)));
    }
}
