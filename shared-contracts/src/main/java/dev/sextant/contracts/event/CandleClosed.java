package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** A candle that has closed: final OHLCV of one interval. {@code tsEvent} is its close time. */
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
        Require.field(tsEvent, "tsEvent");
        Require.field(tsInit, "tsInit");
        Require.schemaVersion(schemaVersion);
        Require.text(exchange, "exchange");
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.field(openTime, "openTime");
        Require.field(closeTime, "closeTime");
        Require.field(open, "open");
        Require.field(high, "high");
        Require.field(low, "low");
        Require.field(close, "close");
        Require.field(volume, "volume");
        Require.field(quoteVolume, "quoteVolume");
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
