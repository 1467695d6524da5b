package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Parses Binance kline CSV rows in two layouts:
 * <ul>
 *   <li>the native 12 columns: {@code open_time(ms), open, high, low, close, volume, close_time(ms),
 *       quote_volume, trades, taker_buy_base_volume, taker_buy_quote_volume, ignore};</li>
 *   <li>the reduced 6 columns many public OHLCV exports keep (the carried 1m windows):
 *       {@code open_time(ms), open, high, low, close, volume}. Such a row has no close time, quote
 *       volume nor trade count: its close time is the interval's last millisecond (what Binance writes
 *       for every complete candle), and quote volume and trade count are 0, which means "not reported
 *       by the source" (no feature, decision or check of the platform reads them).</li>
 * </ul>
 * Any other column count is malformed. A header row (starting with {@code open_time}) and blank lines
 * are not rows. Values are kept exactly as written ({@link BigDecimal} of the exchange's strings);
 * normalisation comes later.
 */
public final class KlineCsvParser {
    /** Number of columns of a native Binance kline row. */
    public static final int COLUMNS = 12;
    /** Number of columns of a reduced (OHLCV only) kline row. */
    public static final int REDUCED_COLUMNS = 6;
    private static final String[] NAMES = {
        "open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades",
        "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"
    };

    private final Symbol symbol;
    private final Interval interval;

    /** A parser for the file of one symbol and interval (the file names them, the rows do not). */
    public KlineCsvParser(Symbol symbol, Interval interval) {
        this.symbol = symbol;
        this.interval = interval;
    }

    /** True for lines that carry no row: blank lines and the header. */
    public static boolean isHeaderOrBlank(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("open_time");
    }

    /** Parses one data line; never throws for bad input, it returns {@link ParsedLine.Malformed} instead. */
    public ParsedLine parse(String line) {
        String[] cols = line.strip().split(",", -1);
        if (cols.length != COLUMNS && cols.length != REDUCED_COLUMNS) {
            return new ParsedLine.Malformed(line, "expected " + COLUMNS + " (or " + REDUCED_COLUMNS + ") columns, got "
                    + cols.length);
        }
        try {
            long openMs = parseLong(cols, 0);
            if (cols.length == REDUCED_COLUMNS) {
                Instant open = Instant.ofEpochMilli(openMs);
                return new ParsedLine.Row(new Kline(symbol, interval, open, decimal(cols, 1), decimal(cols, 2),
                        decimal(cols, 3), decimal(cols, 4), decimal(cols, 5), open.plus(interval.duration()).minusMillis(1),
                        BigDecimal.ZERO, 0, line));
            }
            long closeMs = parseLong(cols, 6);
            return new ParsedLine.Row(new Kline(
                    symbol,
                    interval,
                    Instant.ofEpochMilli(openMs),
                    decimal(cols, 1),
                    decimal(cols, 2),
                    decimal(cols, 3),
                    decimal(cols, 4),
                    decimal(cols, 5),
                    Instant.ofEpochMilli(closeMs),
                    decimal(cols, 7),
                    parseLong(cols, 8),
                    line));
        } catch (ColumnException e) {
            return new ParsedLine.Malformed(line, e.getMessage());
        }
    }

    private static long parseLong(String[] cols, int i) {
        try {
            return Long.parseLong(cols[i].strip());
        } catch (NumberFormatException e) {
            throw new ColumnException("column '" + NAMES[i] + "' is not an integer: '" + cols[i] + "'");
        }
    }

    private static BigDecimal decimal(String[] cols, int i) {
        try {
            return new BigDecimal(cols[i].strip());
        } catch (NumberFormatException e) {
            throw new ColumnException("column '" + NAMES[i] + "' is not a number: '" + cols[i] + "'");
        }
    }

    private static final class ColumnException extends RuntimeException {
        ColumnException(String message) {
            super(message, null, false, false);
        }
    }
}
