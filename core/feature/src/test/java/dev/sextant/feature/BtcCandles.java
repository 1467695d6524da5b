package dev.sextant.feature;

import dev.sextant.feature.domain.Bar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The real Binance BTCUSDT 1h candles carried in {@code data/market} (test fixture). */
public final class BtcCandles {

    /** One CSV row with the prices kept as Binance's decimal strings. */
    public record Row(Instant openTime, Instant closeTime, String open, String high, String low, String close,
            String volume, String quoteVolume, long trades) {

        public Bar toBar() {
            return new Bar(openTime, Double.parseDouble(open), Double.parseDouble(high), Double.parseDouble(low),
                    Double.parseDouble(close), Double.parseDouble(volume));
        }
    }

    /** The file, found from the module directory the tests run in (core/feature, a service, ...). */
    public static final Path FILE = locate(Path.of("data", "market", "binance_spot_BTCUSDT_1h.csv.gz"));

    private static Path locate(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        return relative;
    }

    private static List<Row> cache;

    private BtcCandles() {
    }

    /** All rows of the file, in file (open-time) order. */
    public static synchronized List<Row> all() {
        if (cache == null) {
            cache = List.copyOf(read());
        }
        return cache;
    }

    private static List<Row> read() {
        if (!Files.exists(FILE)) {
            throw new IllegalStateException("test data " + FILE.toAbsolutePath() + " is missing; run the tests from a module directory of the repository");
        }
        List<Row> rows = new ArrayList<>(80_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.US_ASCII))) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                rows.add(new Row(Instant.ofEpochMilli(Long.parseLong(f[0])), Instant.ofEpochMilli(Long.parseLong(f[6])),
                        f[1], f[2], f[3], f[4], f[5], f[7], Long.parseLong(f[8])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
