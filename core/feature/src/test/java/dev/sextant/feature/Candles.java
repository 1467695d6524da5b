package dev.sextant.feature;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/** CandleClosed events made from real dataset rows, as the collector publishes them. */
public final class Candles {

    private Candles() {
    }

    public static CandleClosed of(String symbol, BtcCandles.Row row, Instant tsInit) {
        Symbol s = Symbol.of(symbol);
        return new CandleClosed(
                Ids.candleId("binance", s, Interval.H1, row.openTime()),
                row.closeTime(),
                tsInit,
                null,
                CandleClosed.SCHEMA_VERSION,
                "binance",
                s,
                Interval.H1,
                row.openTime(),
                row.closeTime(),
                new BigDecimal(row.open()),
                new BigDecimal(row.high()),
                new BigDecimal(row.low()),
                new BigDecimal(row.close()),
                new BigDecimal(row.volume()),
                new BigDecimal(row.quoteVolume()),
                row.trades());
    }
}
