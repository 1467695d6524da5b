package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A candle that has closed: final OHLCV of one interval. {@code tsEvent} is its close time.
 * {@code quoteVolume} and {@code tradeCount} are 0 when the source does not report them (the reduced
 * 6-column kline files, e.g. the carried 1m windows); no feature, check or decision reads them.
 */
public record CandleClosed(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        String exchange,
        Symbol symbol,
        Interval interval,
        Instant openTime,
        Instant closeTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        BigDecimal quoteVolume,
        long tradeCount)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public CandleClosed {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.lowerName(exchange, 32, "._-", "exchange");
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.candleOpen(openTime, interval, "openTime");
        Require.instant(closeTime, "closeTime");
        Require.price(open, "open");
        Require.price(high, "high");
        Require.price(low, "low");
        Require.price(close, "close");
        Require.nonNegative(volume, "volume");
        Require.nonNegative(quoteVolume, "quoteVolume");
        Require.count(tradeCount, "tradeCount");
        // closeTime in (openTime, openTime + interval]: Binance's close is the interval's last millisecond (or
        // earlier next to an outage), the collector's the interval's end.
        if (!closeTime.isAfter(openTime) || closeTime.isAfter(openTime.plus(interval.duration()))) {
            throw new IllegalArgumentException("field 'closeTime' must be in (openTime, openTime + " + interval.code()
                    + "] = (" + openTime + ", " + openTime.plus(interval.duration()) + "], got " + closeTime);
        }
        if (high.compareTo(low) < 0) {
            throw new IllegalArgumentException("field 'high' " + high.toPlainString() + " is below low " + low.toPlainString());
        }
        BigDecimal bodyTop = open.max(close);
        if (high.compareTo(bodyTop) < 0) {
            throw new IllegalArgumentException("field 'high' " + high.toPlainString() + " is below max(open, close) "
                    + bodyTop.toPlainString());
        }
        BigDecimal bodyBottom = open.min(close);
        if (low.compareTo(bodyBottom) > 0) {
            throw new IllegalArgumentException("field 'low' " + low.toPlainString() + " is above min(open, close) "
                    + bodyBottom.toPlainString());
        }
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
