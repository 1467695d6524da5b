package dev.sextant.collector.binance;

import dev.sextant.collector.exchange.BudgetStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /collector/binance/status}: the source's state, its last error, why it waits, the exchange's last time,
 * the shared request-weight budget (OK / THROTTLED / BANNED until, with the reason) and each series' position.
 */
public record BinanceStatus(String source, String restUrl, String state, String lastError, String waiting,
                            Instant serverTime, BudgetStatus budget, boolean exchangeInfoLoaded,
                            List<SeriesStatus> series) {

    /** One symbol x interval. */
    public record SeriesStatus(String symbol, String interval, Instant position, long published, long invalid,
                               long gaps, long missingCandles, boolean caughtUp) {}
}
