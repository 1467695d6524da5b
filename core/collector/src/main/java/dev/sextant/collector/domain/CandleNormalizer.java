package dev.sextant.collector.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a validated kline into the platform's {@link CandleClosed}:
 * <ul>
 *   <li>id = {@code Ids.candleId(exchange, symbol, interval, openTime)} (same row, same id);</li>
 *   <li>{@code closeTime = openTime + interval} (the normalised interval end; Binance's own
 *       {@code close_time}, one millisecond earlier or shorter next to outages, stays in
 *       {@link Kline#rawCloseTime()} and is stored beside the candle);</li>
 *   <li>{@code tsEvent = closeTime}, {@code tsInit} = the injected clock, no causation;</li>
 *   <li>decimals in the form of {@link Decimals#normalise}.</li>
 * </ul>
 */
public final class CandleNormalizer {
    private final String exchange;
    private final Clock clock;

    /** @param exchange exchange name as written in events, lower case (e.g. {@code binance}) */
    public CandleNormalizer(String exchange, Clock clock) {
        this.exchange = exchange.toLowerCase(Locale.ROOT);
        this.clock = clock;
    }

    public String exchange() {
        return exchange;
    }

    public CandleClosed normalise(Kline k) {
        Instant closeTime = k.openTime().plus(k.interval().duration());
        return new CandleClosed(
                Ids.candleId(exchange, k.symbol(), k.interval(), k.openTime()),
                closeTime,
                clock.instant(),
                null,
                CandleClosed.SCHEMA_VERSION,
                exchange,
                k.symbol(),
                k.interval(),
                k.openTime(),
                closeTime,
                Decimals.normalise(k.open()),
                Decimals.normalise(k.high()),
                Decimals.normalise(k.low()),
                Decimals.normalise(k.close()),
                Decimals.normalise(k.volume()),
                Decimals.normalise(k.quoteVolume()),
                k.tradeCount());
    }
}
