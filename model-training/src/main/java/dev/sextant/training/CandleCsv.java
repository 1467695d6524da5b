package dev.sextant.training;

import dev.sextant.feature.domain.Bar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bundled Binance spot klines ({@code data/market/*.csv.gz}: a header row, then the 12
 * native columns {@code open_time(ms), open, high, low, close, volume, close_time, ...}, or the reduced 6
 * of the 1m files) into bars: only the first six columns are read.
 */
public final class CandleCsv {
    private CandleCsv() {}

    /** File name of a symbol's candles of one interval, e.g. {@code binance_spot_BTCUSDT_1h.csv.gz}. */
    public static String fileName(String symbol, String interval) {
        return "binance_spot_" + symbol + "_" + interval + ".csv.gz";
    }

    /** All bars of the file, in file order; fails with the line number on a malformed or out-of-order row. */
    public static List<Bar> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("candle file " + file.toAbsolutePath()
                    + " does not exist; pass --data-dir pointing at the repository's data/market directory");
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.getFileName().toString());
        }
    }

    static List<Bar> read(InputStream in, String source) throws IOException {
        List<Bar> bars = new ArrayList<>(80_000);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String line;
        int lineNo = 0;
        Instant previous = null;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || (lineNo == 1 && !Character.isDigit(line.charAt(0)))) {
                continue; // header
            }
            String[] cols = line.split(",", -1);
            if (cols.length < 6) {
                throw new IOException(source + " line " + lineNo + ": expected 12 (or 6) kline columns, got " + cols.length);
            }
            try {
                Instant openTime = Instant.ofEpochMilli(Long.parseLong(cols[0].trim()));
                if (previous != null && !openTime.isAfter(previous)) {
                    throw new IOException(source + " line " + lineNo + ": open time " + openTime
                            + " is not after the previous row's " + previous);
                }
                previous = openTime;
                bars.add(new Bar(openTime, Double.parseDouble(cols[1]), Double.parseDouble(cols[2]),
                        Double.parseDouble(cols[3]), Double.parseDouble(cols[4]), Double.parseDouble(cols[5])));
            } catch (NumberFormatException e) {
                throw new IOException(source + " line " + lineNo + ": not a number (" + e.getMessage() + ")", e);
            }
        }
        return bars;
    }
}
