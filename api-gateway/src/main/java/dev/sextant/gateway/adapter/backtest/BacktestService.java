package dev.sextant.gateway.adapter.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.backtest.Backtester;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.backtest.report.BaselineResult;
import dev.sextant.backtest.report.EquityCsv;
import dev.sextant.backtest.report.HtmlReport;
import dev.sextant.backtest.report.SummaryJson;
import dev.sextant.backtest.report.TradesCsv;
import dev.sextant.contracts.event.Interval;
import dev.sextant.gateway.adapter.ws.LiveFeed;
import dev.sextant.gateway.config.BacktestConfig;
import dev.sextant.gateway.domain.BacktestFigures;
import dev.sextant.gateway.domain.BacktestHeadline;
import dev.sextant.gateway.domain.BacktestProgress;
import dev.sextant.gateway.domain.BacktestRun;
import dev.sextant.gateway.domain.BacktestSpec;
import dev.sextant.gateway.domain.BacktestStatus;
import dev.sextant.gateway.domain.LiveMessage;
import dev.sextant.gateway.domain.NotFoundException;
import dev.sextant.gateway.domain.ProgressThrottle;
import dev.sextant.gateway.domain.TooBusyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Backtests as long-running jobs: a request is validated ({@link BacktestValidator}), stored as QUEUED and handed to
 * a fixed pool of {@code max-running} threads; at most {@code max-queued} more wait, and a request beyond that is
 * refused (429). A job loads the bundled candles, runs the backtester library ({@link Backtester}: the kernel with the
 * strategy, buy-and-hold, always-long), writes its report files into the run's folder ({@link BacktestStore}) and
 * pushes {@code backtest_progress} (throttled) and {@code backtest_done} on {@code /ws}. The runs on disk are read
 * back at start-up; one that was active is marked FAILED.
 */
@ApplicationScoped
public class BacktestService {
    private static final Logger LOG = Logger.getLogger(BacktestService.class);

    private final BacktestConfig config;
    private final ObjectMapper json;
    private final LiveFeed feed;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final String codeVersion;
    private final Map<String, Entry> runs = new ConcurrentHashMap<>();
    private final Object admission = new Object();

    private BacktestStore store;
    private MarketData market;
    private BacktestValidator validator;
    private ThreadPoolExecutor executor;

    BacktestService(BacktestConfig config, ObjectMapper json, LiveFeed feed, MeterRegistry metrics, Clock clock,
                    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.json = json;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.codeVersion = "api-gateway " + version;
    }

    /** Reads the runs back (marking interrupted ones FAILED) as the gateway starts, not at the first request. */
    void onStart(@Observes StartupEvent event) {
        init();
    }

    synchronized void init() {
        if (store != null) {
            return;
        }
        // the folder is created by the first run, not here: a gateway that runs no backtest leaves no trace
        Path root = config.dir().filter(d -> !d.isBlank()).map(Path::of).orElseGet(BacktestService::defaultDir);
        if (Files.exists(root) && !(Files.isDirectory(root) && Files.isWritable(root))) {
            throw new IllegalStateException("Invalid api-gateway configuration: set sextant.gateway.backtests.dir to a"
                    + " writable folder (" + root.toAbsolutePath() + " is not one)");
        }
        Path data = config.dataDir().filter(d -> !d.isBlank()).map(Path::of).orElseGet(MarketData::defaultDataDir);
        market = new MarketData(data);
        validator = new BacktestValidator(market, config.maxCandles());
        store = new BacktestStore(root, json);
        for (BacktestRun run : store.recover(clock.instant())) {
            runs.put(run.id(), new Entry(run, run.status() == BacktestStatus.DONE ? BacktestProgress.DONE : BacktestProgress.FAILED,
                    config.progressInterval().toNanos()));
        }
        executor = new ThreadPoolExecutor(config.maxRunning(), config.maxRunning(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads());
        LOG.infof("backtests: %d runs in %s, candles from %s, %d at a time, %d queued at most", runs.size(), store.root(),
                data.toAbsolutePath().normalize(), config.maxRunning(), config.maxQueued());
    }

    /** {@code $SEXTANT_HOME/backtests}, else {@code backtests} in the working directory. */
    static Path defaultDir() {
        String home = System.getenv("SEXTANT_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "backtests") : Path.of("backtests");
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow(); // a running job stays RUNNING on disk: the next start marks it FAILED
        }
    }

    /** The bundled data this gateway runs on. */
    public MarketData market() {
        init();
        return market;
    }

    /**
     * Validates {@code body} and queues the run (InvalidFieldsException for a bad body, TooBusyException when
     * {@code max-running} runs are running and {@code max-queued} wait).
     */
    public BacktestView start(JsonNode body) {
        init();
        BacktestSpec spec = validator.validate(body);
        Entry entry;
        synchronized (admission) {
            long active = runs.values().stream().filter(e -> e.run.status().active()).count();
            long limit = (long) config.maxRunning() + config.maxQueued();
            if (active >= limit) {
                metrics.counter("sextant.gateway.backtests", "outcome", "refused").increment();
                throw new TooBusyException("too many backtests: " + active + " running or queued, the limit is " + limit
                        + " (sextant.gateway.backtests.max-running " + config.maxRunning() + " + max-queued "
                        + config.maxQueued() + "); try again when one has finished");
            }
            Instant now = clock.instant();
            String id;
            do {
                id = BacktestStore.newId(now);
            } while (runs.containsKey(id));
            BacktestRun run = BacktestRun.queued(id, spec, now);
            store.save(run);
            entry = new Entry(run, BacktestProgress.QUEUED, config.progressInterval().toNanos());
            runs.put(id, entry);
        }
        Entry queued = entry;
        executor.execute(() -> execute(queued));
        metrics.counter("sextant.gateway.backtests", "outcome", "accepted").increment();
        return view(entry, null);
    }

    /** Every run, newest first, at most {@code limit}. */
    public List<BacktestView> list(int limit) {
        init();
        return runs.values().stream()
                .sorted(Comparator.comparing((Entry e) -> e.run.createdAt()).thenComparing(e -> e.run.id()).reversed())
                .limit(limit)
                .map(e -> view(e, null))
                .toList();
    }

    /** One run, with its summary.json once done (NotFoundException for an unknown id). */
    public BacktestView get(String id) {
        Entry entry = entry(id);
        JsonNode summary = null;
        if (entry.run.status() == BacktestStatus.DONE) {
            Optional<Path> file = store.artifact(id, BacktestStore.SUMMARY);
            if (file.isPresent()) {
                try {
                    summary = json.readTree(file.get().toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file.get() + ": " + e.getMessage(), e);
                }
            }
        }
        return view(entry, summary);
    }

    /** A report file of a finished run (NotFoundException while it is not written). */
    public Path artifact(String id, String name) {
        Entry entry = entry(id);
        return store.artifact(id, name).filter(f -> entry.run.status() == BacktestStatus.DONE)
                .orElseThrow(() -> new NotFoundException("backtest " + id + " has no " + name + " yet: it is "
                        + entry.run.status() + (entry.run.error() != null ? " (" + entry.run.error() + ")" : "")));
    }

    private Entry entry(String id) {
        init();
        Entry entry = BacktestStore.isId(id) ? runs.get(id) : null;
        if (entry == null) {
            throw new NotFoundException("no backtest " + id + ": ids look like bt-20250101-120000-a1b2c3 (GET /api/v1/backtests lists them)");
        }
        return entry;
    }

    // ---------------------------------------------------------------------------------------------------- the job

    private void execute(Entry entry) {
        BacktestSpec spec = entry.run.request();
        String id = entry.run.id();
        try {
            entry.run = entry.run.running(clock.instant());
            entry.phase = BacktestProgress.LOADING;
            store.save(entry.run);
            publish(entry, true);

            Interval interval = Interval.fromCode(spec.interval());
            List<MarketData.Source> sources = spec.symbols().stream().map(s -> market.bundled(s, interval)).toList();
            MarketData.Loaded data = MarketData.load(sources, interval, spec.from(), spec.to());
            long candles = data.candles().size();
            entry.run = entry.run.withCandles(candles);
            entry.total = 2 * candles;
            entry.phase = BacktestProgress.STRATEGY;
            publish(entry, false);

            Backtester.Request request = new Backtester.Request(spec.strategy(), null, spec.settings(),
                    BacktestValidator.costs(spec.capital(), spec.slippage(), spec.takerFee()), codeVersion);
            LongConsumer strategyPass = n -> {
                entry.done = n;
                if (n >= candles) {
                    entry.phase = BacktestProgress.ALWAYS_LONG;
                }
                publish(entry, false);
            };
            LongConsumer alwaysLongPass = n -> {
                entry.done = candles + n;
                publish(entry, false);
            };
            long started = System.nanoTime();
            BacktestResult result = Backtester.run(data, interval, spec.from(), spec.to(), request, strategyPass, alwaysLongPass);

            entry.phase = BacktestProgress.WRITING;
            publish(entry, false);
            Path dir = store.dir(id);
            SummaryJson.write(result, dir.resolve(BacktestStore.SUMMARY));
            TradesCsv.write(result, dir.resolve(BacktestStore.TRADES));
            EquityCsv.write(result, dir.resolve(BacktestStore.EQUITY));
            HtmlReport.write(result, dir.resolve(BacktestStore.REPORT));

            entry.run = entry.run.done(headline(result), clock.instant());
            entry.phase = BacktestProgress.DONE;
            store.save(entry.run);
            metrics.counter("sextant.gateway.backtests", "outcome", "done").increment();
            LOG.infof("backtest %s done: %s on %s, %,d candles in %.1f s", id, spec.strategy(), spec.symbols(), candles,
                    (System.nanoTime() - started) / 1e9);
        } catch (IllegalArgumentException e) {
            fail(entry, e.getMessage());
        } catch (RuntimeException | IOException | LinkageError e) {
            LOG.errorf(e, "backtest %s failed", id);
            fail(entry, "the run failed: " + e);
        }
        feed.publish(LiveMessage.backtestDone(view(entry, null)));
    }

    private void fail(Entry entry, String why) {
        entry.run = entry.run.failed(why, clock.instant());
        entry.phase = BacktestProgress.FAILED;
        try {
            store.save(entry.run);
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot record the failure of backtest %s", entry.run.id());
        }
        metrics.counter("sextant.gateway.backtests", "outcome", "failed").increment();
        LOG.infof("backtest %s failed: %s", entry.run.id(), why);
    }

    static BacktestHeadline headline(BacktestResult result) {
        return new BacktestHeadline(BacktestFigures.of(result.performance()),
                result.baseline(BaselineResult.BUY_AND_HOLD).map(BaselineResult::performance).map(BacktestFigures::of).orElse(null),
                result.baseline(BaselineResult.ALWAYS_LONG).map(BaselineResult::performance).map(BacktestFigures::of).orElse(null));
    }

    /** Pushes the entry's progress when it is the first, a new phase, or the throttle's gap has passed ({@code force}: always). */
    private void publish(Entry entry, boolean force) {
        String phase = entry.phase;
        if (entry.throttle.offer(phase, System.nanoTime()) || force) {
            feed.publish(LiveMessage.backtestProgress(entry.progress()));
        }
    }

    private BacktestView view(Entry entry, JsonNode summary) {
        return BacktestView.of(entry.run, entry.progress(), summary);
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        ClassLoader loader = BacktestService.class.getClassLoader();
        return task -> {
            Thread thread = new Thread(task, "backtest-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader); // the bundled model is read from the classpath
            return thread;
        };
    }

    /** A run and its live progress. */
    static final class Entry {
        volatile BacktestRun run;
        volatile String phase;
        volatile long done;
        volatile long total;
        final ProgressThrottle throttle;

        Entry(BacktestRun run, String phase, long gapNanos) {
            this.run = run;
            this.phase = phase;
            this.throttle = new ProgressThrottle(gapNanos);
            if (run.candles() != null && run.status() == BacktestStatus.DONE) {
                this.total = 2 * run.candles();
                this.done = total;
            }
        }

        BacktestProgress progress() {
            BacktestRun r = run;
            double fraction = r.status() == BacktestStatus.DONE ? 1 : BacktestProgress.fraction(done, total);
            return new BacktestProgress(r.id(), r.status(), phase, fraction, done, total);
        }
    }
}
