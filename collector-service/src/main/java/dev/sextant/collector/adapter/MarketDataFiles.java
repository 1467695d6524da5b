package dev.sextant.collector.adapter;

import dev.sextant.collector.domain.KlineCsvParser;
import dev.sextant.collector.domain.KlineReader;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds the kline file of a symbol: {@code binance_spot_<SYMBOL>_<interval>.csv.gz} (or
 * {@code .csv}) in the configured directory, or on the classpath under {@code market-data/} (the
 * project's {@code data/market} files, bundled at build time).
 */
public final class MarketDataFiles {
    static final String CLASSPATH_DIR = "market-data/";

    private final Optional<String> dataDir;

    public MarketDataFiles(Optional<String> dataDir) {
        this.dataDir = dataDir;
    }

    static String baseName(Symbol symbol, Interval interval) {
        return "binance_spot_" + symbol.value() + "_" + interval.code() + ".csv";
    }

    /** Where the file of {@code symbol} is; throws with a sentence saying what is missing. */
    public String locate(Symbol symbol, Interval interval) {
        return resolve(symbol, interval).description();
    }

    /** Opens a streaming reader over the file of {@code symbol}. */
    public KlineReader open(Symbol symbol, Interval interval) {
        Resolved resolved = resolve(symbol, interval);
        try {
            InputStream in = new BufferedInputStream(resolved.open(), 1 << 16);
            if (resolved.description().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            return new KlineReader(reader, new KlineCsvParser(symbol, interval));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open market data " + resolved.description() + ": " + e.getMessage(), e);
        }
    }

    private Resolved resolve(Symbol symbol, Interval interval) {
        String base = baseName(symbol, interval);
        if (dataDir.isPresent()) {
            Path dir = Path.of(dataDir.get());
            for (String name : new String[] {base + ".gz", base}) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file) && Files.isReadable(file)) {
                    return new Resolved(file.toAbsolutePath().toString(), () -> Files.newInputStream(file));
                }
            }
            throw new IllegalStateException("No market data for " + symbol + " " + interval.code() + ": expected "
                    + dir.toAbsolutePath().resolve(base + ".gz") + " (or " + base + "). Fix sextant.collector.replay.data-dir"
                    + " or sextant.collector.replay.symbols.");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : new String[] {base + ".gz", base}) {
            URL url = loader.getResource(CLASSPATH_DIR + name);
            if (url != null) {
                return new Resolved("classpath:" + CLASSPATH_DIR + name, url::openStream);
            }
        }
        throw new IllegalStateException("No market data for " + symbol + " " + interval.code() + ": classpath:"
                + CLASSPATH_DIR + base + ".gz is not bundled (the build copies data/market/*.csv.gz). Set"
                + " sextant.collector.replay.data-dir to a directory holding it, or remove the symbol from"
                + " sextant.collector.replay.symbols.");
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private record Resolved(String description, Opener opener) {
        InputStream open() throws IOException {
            return opener.open();
        }
    }
}
