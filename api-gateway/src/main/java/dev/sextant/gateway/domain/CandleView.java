package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.CandleClosed;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A closed candle as the API and the WebSocket show it.
 *
 * @param eventId   the candle's event id
 * @param symbol    instrument, e.g. BTCUSDT
 * @param interval  interval code, e.g. 1m
 * @param openTime  interval start
 * @param closeTime interval end
 */
public record CandleView(String eventId, String symbol, String interval, Instant openTime, Instant closeTime,
                         BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume) {

    public static CandleView of(CandleClosed c) {
        return new CandleView(c.eventId().value(), c.symbol().value(), c.interval().code(), c.openTime(), c.closeTime(),
                c.open(), c.high(), c.low(), c.close(), c.volume());
    }
}
