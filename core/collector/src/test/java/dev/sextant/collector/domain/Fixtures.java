package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Real rows of data/market and helpers to read the bundled files. */
final class Fixtures {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Symbol ETH = Symbol.of("ETHUSDT");
    static final Interval H1 = Interval.H1;

    /** BTCUSDT 2024-01-01 00:00, an ordinary candle. */
    static final String BTC_2024_01_01_00 =
            "1704067200000,42283.58000000,42554.57000000,42261.02000000,42475.23000000,1271.68108000,1704070799999,53957248.97378900,47134,682.57581000,28957416.81964500,0";
    /** BTCUSDT 2024-01-01 01:00. */
    static final String BTC_2024_01_01_01 =
            "1704070800000,42475.23000000,42775.00000000,42431.65000000,42613.56000000,1196.37856000,1704074399999,50984893.34814160,50396,712.32227000,30355645.34827640,0";
    /** BTCUSDT 2019-06-07 21:00: zero volume, open = high = low = close, shortened close time. */
    static final String BTC_ZERO_VOLUME =
            "1559941200000,7930.85000000,7930.85000000,7930.85000000,7930.85000000,0.00000000,1559941993524,0.00000000,0,0.00000000,0.00000000,0";
    /** BTCUSDT 2018-02-08 00:00: the candle before the 33-hour outage, close time shortened to 00:28:14.788. */
    static final String BTC_BEFORE_OUTAGE =
            "1518048000000,7599.00000000,7844.00000000,7572.09000000,7784.02000000,1521.53731800,1518049694788,11770168.04386595,12417,844.25881300,6532638.63751892,0";
    /** BTCUSDT 2021-11-10 14:00: the all-time high of 2021, 69,000.00. */
    static final String BTC_ATH_2021 =
            "1636552800000,67983.45000000,69000.00000000,67879.79000000,68382.69000000,5399.44077600,1636556399999,369466086.93585652,224584,3011.73122100,206165669.21602358,0";

    private Fixtures() {}

    static Kline kline(Symbol symbol, String row) {
        return ((ParsedLine.Row) new KlineCsvParser(symbol, H1).parse(row)).kline();
    }

    static Kline btc(String row) {
        return kline(BTC, row);
    }

    /** Replaces column {@code index} of a row. */
    static String withColumn(String row, int index, String value) {
        String[] cols = row.split(",", -1);
        cols[index] = value;
        return String.join(",", cols);
    }

    /** A reader over the bundled real file of {@code symbol} (target/classes/market-data, copied from data/market). */
    static KlineReader realFile(Symbol symbol) {
        return realFile(symbol, H1);
    }

    /** A reader over the bundled real file of {@code symbol} and {@code interval}. */
    static KlineReader realFile(Symbol symbol, Interval interval) {
        String name = "market-data/binance_spot_" + symbol.value() + "_" + interval.code() + ".csv.gz";
        InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the test classpath: build with maven (process-resources)");
        }
        try {
            return new KlineReader(new BufferedReader(new InputStreamReader(new GZIPInputStream(in, 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16), new KlineCsvParser(symbol, interval));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reader over CSV text (with or without header). */
    static KlineReader csv(Symbol symbol, String... lines) {
        return new KlineReader(new BufferedReader(new StringReader(String.join("\n", lines))), new KlineCsvParser(symbol, H1));
    }
}
