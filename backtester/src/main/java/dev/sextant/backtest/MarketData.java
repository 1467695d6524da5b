package dev.sextant.backtest;

import dev.sextant.collector.domain.CandleNormalizer;
import dev.sextant.collector.domain.CandleValidator;
import dev.sextant.collector.domain.KlineCsvParser;
import dev.sextant.collector.domain.KlineReader;
import dev.sextant.collector.domain.ReplayEngine;
import dev.sextant.collector.domain.ReplayOutcome;
import dev.sextant.collector.domain.ReplayWindow;
import dev.sextant.collector.domain.SymbolSource;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Candles for a backtest, read with the collector's own parser, validator and normaliser (the
 * {@link ReplayEngine}), so a backtest sees exactly the candles the live pipeline would publish.
 *
 * <p>A data argument is either a symbol of the bundled data ({@code BTCUSDT} reads
 * {@code <data dir>/binance_spot_BTCUSDT_<interval>.csv.gz}) or the path of a file in Binance's kline
 * CSV format (12 columns, {@code .csv} or {@code .csv.gz}); the symbol of a file is read from its name
 * ({@code binance_spot_ETHUSDT_1h.csv.gz}, {@code ETHUSDT-1h-2024-01.csv}) unless given as
 * {@code SYMBOL=path}.
 */
public final class MarketData {
    private static final Pattern BUNDLED_NAME = Pattern.compile("binance_spot_([A-Z0-9]{2,20})_([0-9]+[mhdw])\\.csv(\\.gz)?");
    private static final Pattern VISION_NAME = Pattern.compile("([A-Z0-9]{2,20})-([0-9]+[mhdw])-.*\\.csv(\\.gz)?");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,20}");

    /** The candles of every source, merged in open-time order, and what was refused on the way. */
    public record Loaded(List<CandleClosed> candles, List<Symbol> symbols, List<String> sources, long rejected,
                         List<String> rejections) {}

    /** One resolved data argument. */
    public record Source(Symbol symbol, Path file) {
        public String describe() {
            return symbol + " from " + file.toAbsolutePath().normalize();
        }
    }

    private final Path dataDir;
    /** Coverage per file version (path, size, modification time). */
    private final ConcurrentMap<String, Coverage> coverages = new ConcurrentHashMap<>();

    /** @param dataDir where the bundled files are ({@code data/market} of the repository) */
    public MarketData(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The bundled data folder: {@code $SEXTANT_DATA_DIR}, else {@code data/market} in this or a parent folder. */
    public static Path defaultDataDir() {
        String configured = System.getenv("SEXTANT_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("data").resolve("market");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("data", "market");
    }

    /** Resolves one {@code --data} argument (IllegalArgumentException saying what to fix). */
    public Source resolve(String argument, Interval interval) {
        String arg = argument.trim();
        String explicitSymbol = null;
        int eq = arg.indexOf('=');
        if (eq > 0 && SYMBOL.matcher(arg.substring(0, eq)).matches()) {
            explicitSymbol = arg.substring(0, eq);
            arg = arg.substring(eq + 1);
        }
        if (explicitSymbol == null && SYMBOL.matcher(arg.toUpperCase(Locale.ROOT)).matches() && !arg.contains(".")) {
            try {
                return bundled(arg, interval);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " in " + dataDir
                        + "; give a Binance kline CSV file with --data PATH instead");
            }
        }
        Path file = Path.of(arg);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--data " + argument + " is neither a bundled symbol nor a readable file");
        }
        String name = file.getFileName().toString();
        String symbol = explicitSymbol;
        if (symbol == null) {
            Matcher m = BUNDLED_NAME.matcher(name);
            Matcher v = VISION_NAME.matcher(name);
            if (m.matches()) {
                symbol = m.group(1);
                checkInterval(m.group(2), interval, file);
            } else if (v.matches()) {
                symbol = v.group(1);
                checkInterval(v.group(2), interval, file);
            } else {
                throw new IllegalArgumentException("cannot tell the symbol of " + file + " from its name: write it as --data SYMBOL=" + file);
            }
        }
        return new Source(Symbol.of(symbol), file);
    }

    /**
     * The bundled file of {@code symbol} (any case) at {@code interval}. Only a symbol is accepted (2-20 letters or
     * digits), never a path, so a caller may pass untrusted text. IllegalArgumentException saying what is bundled.
     */
    public Source bundled(String symbol, Interval interval) {
        String upper = symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT);
        if (!SYMBOL.matcher(upper).matches()) {
            throw new IllegalArgumentException("'" + symbol + "' is not a symbol: write it as the exchange does, 2-20 letters"
                    + " or digits such as BTCUSDT (bundled: " + String.join(", ", bundled()) + ")");
        }
        Path file = dataDir.resolve("binance_spot_" + upper + "_" + interval.code() + ".csv.gz");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no bundled " + interval.code() + " candles for " + upper
                    + " (bundled: " + String.join(", ", bundled()) + ")");
        }
        return new Source(Symbol.of(upper), file);
    }

    /** The first and last candle open time of a file, and its rows. */
    public record Coverage(Symbol symbol, Instant first, Instant last, long rows) {
        /**
         * Refuses a range [{@code from}, {@code to}) that holds no candle of this file (IllegalArgumentException saying
         * what the data covers). A range that overlaps the data may still fall into a gap: {@link #load} is the final word.
         */
        public void requireOverlap(Instant from, Instant to) {
            if (rows == 0 || !to.isAfter(first) || from.isAfter(last)) {
                throw new IllegalArgumentException("no " + symbol + " candle between " + from + " and " + to
                        + (rows == 0 ? ": the data holds none" : ": the data covers " + first + " to " + last)
                        + "; choose a range inside the data");
            }
        }
    }

    /**
     * The open times a source's file covers (the first column of its rows; rows that do not start with a number,
     * such as a header, are skipped). Read once per file version (path, size, modification time) and kept.
     */
    public Coverage coverage(Source source) {
        Path file = source.file();
        String key;
        try {
            key = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return coverages.computeIfAbsent(key, k -> scan(source));
    }

    private static Coverage scan(Source source) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long rows = 0;
        try (BufferedReader in = open(source.file())) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int comma = line.indexOf(',');
                if (comma <= 0 || !Character.isDigit(line.charAt(0))) {
                    continue;
                }
                long openTime;
                try {
                    openTime = Long.parseLong(line.substring(0, comma).trim());
                } catch (NumberFormatException e) {
                    continue;
                }
                first = Math.min(first, openTime);
                last = Math.max(last, openTime);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.file() + ": " + e.getMessage(), e);
        }
        return rows == 0 ? new Coverage(source.symbol(), Instant.EPOCH, Instant.EPOCH, 0)
                : new Coverage(source.symbol(), Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), rows);
    }

    private static void checkInterval(String inName, Interval interval, Path file) {
        if (!inName.equals(interval.code())) {
            throw new IllegalArgumentException(file + " holds " + inName + " candles, not " + interval.code()
                    + ": pass --interval " + inName + " or another file");
        }
    }

    /** The symbols/intervals bundled in the data folder, e.g. {@code BTCUSDT 1h}. */
    public List<String> bundled() {
        List<String> found = new ArrayList<>();
        try (var files = Files.list(dataDir)) {
            files.map(p -> BUNDLED_NAME.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1) + " " + m.group(2))
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            return List.of("none: " + dataDir + " is not readable");
        }
        return found;
    }

    /**
     * Reads the sources' candles with open time in [{@code from}, {@code to}), merged in open-time
     * order and, within one open time, in symbol name order whatever the order of {@code sources}
     * (the canonical order: the same candles always reach the kernel in the same order). Rows the
     * collector would dead-letter are counted and skipped. IllegalArgumentException when nothing is left.
     */
    public static Loaded load(List<Source> sources, Interval interval, Instant from, Instant to) {
        sources = sources.stream().sorted(java.util.Comparator.comparing(s -> s.symbol().value())).toList();
        BacktestInputs.range(from, to, "from", "to");
        List<SymbolSource> symbolSources = new ArrayList<>();
        List<KlineReader> readers = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<Symbol> symbols = new ArrayList<>();
        try {
            for (Source source : sources) {
                if (symbols.contains(source.symbol())) {
                    throw new IllegalArgumentException("symbol " + source.symbol() + " is given twice");
                }
                KlineReader reader = new KlineReader(open(source.file()), new KlineCsvParser(source.symbol(), interval));
                readers.add(reader);
                symbolSources.add(new SymbolSource(source.symbol(), reader, null));
                described.add(source.describe());
                symbols.add(source.symbol());
            }
            // tsInit of a replayed candle is irrelevant to a backtest: a fixed clock keeps runs byte-identical.
            ReplayEngine replay = new ReplayEngine(symbolSources, interval, new ReplayWindow(from, to, null),
                    new CandleValidator(), new CandleNormalizer("binance", Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC)));
            List<CandleClosed> candles = new ArrayList<>();
            long rejected = 0;
            List<String> rejections = new ArrayList<>();
            for (List<ReplayOutcome> step = replay.nextStep(); !step.isEmpty(); step = replay.nextStep()) {
                for (ReplayOutcome outcome : step) {
                    switch (outcome) {
                        case ReplayOutcome.Accepted accepted -> {
                            if (accepted.candle().openTime().isBefore(to)) {
                                candles.add(accepted.candle());
                            }
                        }
                        case ReplayOutcome.Rejected r -> {
                            rejected++;
                            if (rejections.size() < 5) {
                                rejections.add(r.rejection().symbol() + ": " + r.rejection().detail());
                            }
                        }
                    }
                }
            }
            if (candles.isEmpty()) {
                throw new IllegalArgumentException("no valid " + interval.code() + " candle between " + from + " and " + to
                        + " in " + String.join("; ", described)
                        + (rejected > 0 ? " (" + rejected + " rows refused, e.g. " + rejections.getFirst() + ")" : "")
                        + ": choose a range inside the data");
            }
            return new Loaded(candles, symbols, described, rejected, rejections);
        } finally {
            readers.forEach(KlineReader::close);
        }
    }

    private static BufferedReader open(Path file) {
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
