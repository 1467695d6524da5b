package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One well-formed row of a Binance kline file, as the exchange wrote it (not yet validated nor
 * normalised).
 *
 * @param rawCloseTime Binance's {@code close_time}: normally {@code openTime + interval - 1 ms},
 *                     shorter for candles next to an exchange outage
 * @param raw          the row as read, for the dead-letter topic
 */
public record Kline(
        Symbol symbol,
        Interval interval,
        Instant openTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal volume,
        Instant rawCloseTime,
        BigDecimal quoteVolume,
        long tradeCount,
        String raw) {}
