package dev.sextant.gateway.adapter.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.gateway.domain.BacktestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The runs on disk: one folder per run under the root, named by its id, holding {@code run.json} (the
 * {@link BacktestRun}, rewritten atomically on every change of state) and, once done, the backtester's
 * {@code summary.json}, {@code report.html}, {@code trades.csv} and {@code equity.csv}. A path is only ever built
 * from an id that matches {@link #ID} and from the fixed file names, so no request can reach outside the root.
 */
public final class BacktestStore {
    private static final Logger LOG = Logger.getLogger(BacktestStore.class);

    /** {@code bt-<yyyyMMdd>-<HHmmss>-<6 hex>}. */
    public static final Pattern ID = Pattern.compile("bt-[0-9]{8}-[0-9]{6}-[0-9a-f]{6}");
    public static final String RUN_FILE = "run.json";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";
    public static final String TRADES = "trades.csv";
    public static final String EQUITY = "equity.csv";
    /** Why a run that was active when the gateway stopped is FAILED after the restart. */
    public static final String INTERRUPTED = "interrupted by a restart: the gateway stopped while the run was %s; start it again";

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final ObjectMapper json;

    public BacktestStore(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath().normalize();
        this.json = json;
    }

    public Path root() {
        return root;
    }

    /** A new id: the creation time (UTC, to the second) and 24 random bits. */
    public static String newId(Instant now) {
        return "bt-" + ID_TIME.format(now) + "-" + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The folder of run {@code id} (IllegalArgumentException for anything that is not an id). */
    public Path dir(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a backtest id: " + id);
        }
        Path dir = root.resolve(id).normalize();
        if (!dir.getParent().equals(root)) {
            throw new IllegalArgumentException("not a backtest id: " + id);
        }
        return dir;
    }

    /** Writes {@code run.json} of the run (creating its folder), replacing the previous one atomically. */
    public void save(BacktestRun run) {
        Path dir = dir(run.id());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(RUN_FILE + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), run);
            try {
                Files.move(tmp, dir.resolve(RUN_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(RUN_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(RUN_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Removes a run's folder (a run the queue refused). */
    public void delete(String id) {
        Path dir = dir(id);
        try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot remove %s: %s", dir, e.getMessage());
        }
    }

    /**
     * Every run on disk, read back at start-up. A run that was QUEUED or RUNNING belonged to the previous process:
     * it is marked FAILED ("interrupted by a restart") at {@code now} and saved so. Folders that are not runs, and
     * run files that cannot be read, are skipped with a warning.
     */
    public List<BacktestRun> recover(Instant now) {
        List<BacktestRun> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return runs;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String id = dir.getFileName().toString();
                Path file = dir.resolve(RUN_FILE);
                if (!isId(id) || !Files.isRegularFile(file)) {
                    continue;
                }
                BacktestRun run;
                try {
                    run = json.readValue(file.toFile(), BacktestRun.class);
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("skipping the backtest in %s: its %s cannot be read (%s)", dir, RUN_FILE, e.getMessage());
                    continue;
                }
                if (!id.equals(run.id())) {
                    LOG.warnf("skipping the backtest in %s: its %s names run %s", dir, RUN_FILE, run.id());
                    continue;
                }
                if (run.status() == null || run.status().active()) {
                    String was = run.status() == null ? "unknown" : run.status().name().toLowerCase(Locale.ROOT);
                    run = run.failed(String.format(Locale.ROOT, INTERRUPTED, was), now);
                    save(run);
                    LOG.infof("backtest %s was %s when the gateway stopped: marked FAILED", id, was);
                }
                runs.add(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the backtests in " + root + ": " + e.getMessage(), e);
        }
        return runs;
    }

    /** One of the run's report files ({@link #SUMMARY}, {@link #REPORT}, {@link #TRADES}, {@link #EQUITY}), if written. */
    public Optional<Path> artifact(String id, String name) {
        if (!List.of(SUMMARY, REPORT, TRADES, EQUITY).contains(name)) {
            throw new IllegalArgumentException("not a report file: " + name);
        }
        Path file = dir(id).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
