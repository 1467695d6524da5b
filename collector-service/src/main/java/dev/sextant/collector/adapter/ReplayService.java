package dev.sextant.collector.adapter;

import dev.sextant.collector.config.BinancePlan;
import dev.sextant.collector.config.CollectorConfig;
import dev.sextant.collector.config.ReplayPlan;
import dev.sextant.collector.domain.CandleNormalizer;
import dev.sextant.collector.domain.CandleValidator;
import dev.sextant.collector.domain.Gap;
import dev.sextant.collector.domain.KlineReader;
import dev.sextant.collector.domain.ReplayEngine;
import dev.sextant.collector.domain.ReplayLead;
import dev.sextant.collector.domain.ReplayOutcome;
import dev.sextant.collector.domain.ReplayPacer;
import dev.sextant.collector.domain.SymbolSource;
import dev.sextant.contracts.id.Symbol;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs the historical replay on its own thread: takes a batch from the {@link ReplayEngine} (one
 * step when paced; whole steps up to {@code max-in-flight} rows at pace {@code max}), publishes its
 * candles and dead letters, waits for the broker's acknowledgements, then writes the latest candle
 * per symbol to Redis and stores the candles and gaps. Because a candle is stored only after
 * the broker has it, and a (re)start resumes after the last stored candle per symbol, a crash
 * loses no candle; it may publish the last batch again, with the same event ids.
 *
 * <p>A failure (broker, database) closes the sources and reopens them after {@code retry-delay},
 * resuming from the store. At pace {@code max} with {@code max-lead} &gt; 0 the replay waits while a symbol is that
 * many candles ahead of the latest candle risk-service decided on ({@link ReplayLead}, fed by
 * {@link DecisionFollower}), so execution-service still holds a candle when its late decision arrives.
 * Redis is only a cache: its write ({@link LatestCandleStore}) is bounded by
 * the Redis timeout, skipped at once while Redis is down, and never fails a batch. Commands on
 * {@code control} are not obeyed: market data always flows.
 */
@ApplicationScoped
public class ReplayService {
    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    /** How often a replay held by flow control looks again. */
    static final Duration WAIT_FOR_DECISIONS = Duration.ofMillis(20);
    /** A wait for the pipeline longer than this is logged. */
    static final Duration WAIT_LOGGED_AFTER = Duration.ofSeconds(30);

    /** Lifecycle of the replay. */
    public enum State { IDLE, RUNNING, RETRYING, FINISHED, STOPPED }

    private final CollectorConfig config;
    private final CandleRepository repository;
    private final CandlePipeline pipeline;
    private final CollectorMetrics metrics;
    private final DecisionFollower decisions;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "collector-replay");
        t.setDaemon(true);
        return t;
    });
    private final Map<Symbol, Progress> progress = new LinkedHashMap<>();

    private volatile ReplayPlan plan;
    private volatile State state = State.IDLE;
    private volatile boolean sourcesFound;
    private volatile String lastError;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    /** Flow control at pace max (null: none); why the replay waits (null: it does not). */
    private volatile ReplayLead lead;
    private volatile String waiting;

    // Touched only on the replay thread.
    private ReplayEngine engine;
    private ReplayPacer pacer;
    private int consecutiveFailures;
    private long waitingSince = -1;
    private boolean waitLogged;
    private final List<KlineReader> readers = new ArrayList<>();

    public ReplayService(CollectorConfig config, CandleRepository repository, CandlePipeline pipeline,
                         CollectorMetrics metrics, DecisionFollower decisions, Clock clock) {
        this.config = config;
        this.repository = repository;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Checks the configuration and the market-data files (a problem stops start-up), then starts if configured to. */
    void onStart(@Observes StartupEvent event) {
        if (BinancePlan.source(config.source()).isBinance()) {
            LOG.infof("replay off: sextant.collector.source=%s", config.source().strip());
            return;
        }
        ReplayPlan checked = ReplayPlan.from(config);
        MarketDataFiles files = new MarketDataFiles(checked.dataDir());
        for (Symbol symbol : checked.symbols()) {
            progress.put(symbol, new Progress(files.locate(symbol, checked.interval())));
        }
        plan = checked;
        sourcesFound = true;
        LOG.infof("replay source: %s %s from %s%s%s at pace %s (market data: Binance public market data)",
                checked.symbols(), checked.interval().code(), checked.window().start(),
                checked.window().end() == null ? "" : " to " + checked.window().end(),
                checked.window().maxCandles() == null ? "" : ", at most " + checked.window().maxCandles() + " candles per symbol",
                checked.pace());
        if (checked.autostart()) {
            start();
        }
    }

    /**
     * Starts (or restarts after it finished) the replay from the position stored in the database.
     *
     * @return false when it is already running
     */
    public synchronized boolean start() {
        if (plan == null) {
            throw new IllegalStateException("the replay is not configured yet");
        }
        if (state == State.RUNNING || state == State.RETRYING || state == State.STOPPED) {
            return false;
        }
        state = State.RUNNING;
        startedAt = clock.instant();
        finishedAt = null;
        lastError = null;
        executor.execute(this::open);
        return true;
    }

    public State state() {
        return state;
    }

    /** True when the sources were found and the replay is not failing. */
    public boolean sourceOpen() {
        return sourcesFound && state != State.RETRYING && state != State.STOPPED;
    }

    public ReplayStatus status() {
        List<ReplayStatus.SymbolStatus> symbols = new ArrayList<>();
        long published = 0, invalid = 0, gaps = 0, missing = 0;
        for (Map.Entry<Symbol, Progress> e : progress.entrySet()) {
            Progress p = e.getValue();
            symbols.add(new ReplayStatus.SymbolStatus(e.getKey().value(), p.source, p.resumedAfter, p.position,
                    p.published.get(), p.invalid.get(), p.gaps.get(), p.missing.get()));
            published += p.published.get();
            invalid += p.invalid.get();
            gaps += p.gaps.get();
            missing += p.missing.get();
        }
        ReplayPlan p = plan;
        return new ReplayStatus(state.name(), p == null ? null : p.pace().toString(),
                p == null ? null : p.window().start(), p == null ? null : p.window().end(),
                p == null ? null : p.window().maxCandles(), startedAt, finishedAt, lastError,
                published, invalid, gaps, missing, waiting, symbols);
    }

    @PreDestroy
    void shutdown() {
        state = State.STOPPED;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the replay thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeReaders();
    }

    private void open() {
        if (state != State.RUNNING) {
            return;
        }
        try {
            closeReaders();
            ReplayPlan p = plan;
            Map<Symbol, Instant> stored = repository.lastOpenTimes(p.exchange(), p.interval(), p.symbols());
            MarketDataFiles files = new MarketDataFiles(p.dataDir());
            List<SymbolSource> sources = new ArrayList<>();
            for (Symbol symbol : p.symbols()) {
                KlineReader reader = files.open(symbol, p.interval());
                readers.add(reader);
                sources.add(new SymbolSource(symbol, reader, stored.get(symbol)));
                Progress progress = this.progress.get(symbol);
                progress.resumedAfter = stored.get(symbol);
                if (progress.position == null) {
                    progress.position = stored.get(symbol);
                }
            }
            if (p.pace().isMax() && p.maxLead() > 0) {
                ReplayLead gate = lead != null ? lead : new ReplayLead(p.maxLead(), p.interval());
                p.symbols().forEach(symbol -> gate.baseline(symbol, stored.get(symbol), p.window().start()));
                lead = gate;
                decisions.follow(gate);
            }
            engine = new ReplayEngine(sources, p.interval(), p.window(), new CandleValidator(),
                    new CandleNormalizer(p.exchange(), clock));
            pacer = new ReplayPacer(p.pace(), clock);
            pacer.start();
            LOG.infof("replay (re)started; resuming after the stored candles %s", stored);
            executor.execute(this::step);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void step() {
        if (state != State.RUNNING) {
            return;
        }
        try {
            int rows = plan.maxInFlight();
            ReplayLead gate = lead;
            if (gate != null && plan.pace().isMax()) {
                Map<Symbol, Instant> positions = new HashMap<>();
                progress.forEach((symbol, p) -> positions.put(symbol, p.position));
                long room = gate.room(positions);
                // once waiting, go on only when half the lead is free again: batches stay large (a batch of a few
                // candles costs every service a transaction of its own, and halves the pipeline's throughput)
                if (room == 0 || waitingSince >= 0 && room < gate.maxLead() / 2) {
                    waitForDecisions(gate, positions);
                    executor.schedule(this::step, WAIT_FOR_DECISIONS.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                resumed();
                rows = (int) Math.min(rows, room); // each step is at least one row: never more than room steps
            }
            List<ReplayOutcome> batch = plan.pace().isMax() ? engine.nextSteps(rows) : engine.nextStep();
            if (batch.isEmpty()) {
                finish();
                return;
            }
            process(batch);
            consecutiveFailures = 0;
            Duration delay = pacer.delayBeforeNextStep();
            executor.schedule(this::step, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("replay thread shut down");
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** The replay is as far ahead of the decisions as it may be: says so in the status, and in the log after a while. */
    private void waitForDecisions(ReplayLead gate, Map<Symbol, Instant> positions) {
        Symbol furthest = gate.furthest(positions);
        Instant decided = gate.decided(furthest);
        waiting = furthest.value() + " is " + gate.lead(furthest, positions.get(furthest)) + " candles ahead of "
                + (decided == null ? "where the replay (re)started (no decision of risk-service yet)"
                        : "risk-service's latest decision (candle " + decided + ")")
                + "; sextant.collector.replay.max-lead=" + gate.maxLead();
        long now = System.nanoTime();
        if (waitingSince < 0) {
            waitingSince = now;
            metrics.waiting(true);
        } else if (!waitLogged && now - waitingSince > WAIT_LOGGED_AFTER.toNanos()) {
            waitLogged = true;
            LOG.warnf("replay waiting for the pipeline for %d s: %s. It goes on as decisions arrive; is risk-service"
                    + " (and prediction-service) running?", WAIT_LOGGED_AFTER.toSeconds(), waiting);
        }
    }

    private void resumed() {
        if (waitingSince >= 0) {
            if (waitLogged) {
                LOG.infof("replay resumed after waiting %d s for the pipeline",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitingSince));
            }
            waitingSince = -1;
            waitLogged = false;
            waiting = null;
            metrics.waiting(false);
        }
    }

    private void process(List<ReplayOutcome> batch) {
        CandlePipeline.Delivery d = pipeline.deliver(plan.exchange(), batch, plan.ackTimeout());
        for (ReplayOutcome.Accepted a : d.accepted()) {
            Progress p = progress.get(a.candle().symbol());
            p.published.incrementAndGet();
            p.position = a.candle().openTime();
            metrics.position(a.candle().symbol(), a.candle().openTime());
        }
        for (ReplayOutcome.Rejected r : d.rejected()) {
            progress.get(r.rejection().symbol()).invalid.incrementAndGet();
        }
        for (Gap gap : d.gaps()) {
            Progress p = progress.get(gap.symbol());
            p.gaps.incrementAndGet();
            p.missing.addAndGet(gap.missing());
        }
    }

    private void finish() {
        consecutiveFailures = 0;
        closeReaders();
        finishedAt = clock.instant();
        state = State.FINISHED;
        ReplayStatus s = status();
        LOG.infof("replay finished: %d candles published, %d rows rejected, %d gaps (%d candles missing)",
                s.published(), s.invalid(), s.gaps(), s.missingCandles());
    }

    private void failed(RuntimeException e) {
        closeReaders();
        if (state == State.STOPPED) {
            return;
        }
        boolean firstFailure = consecutiveFailures++ == 0;
        lastError = e.getMessage();
        state = State.RETRYING;
        if (firstFailure) {
            LOG.errorf(e, "replay failed, reopening from the store in %s: %s", plan.retryDelay(), e.getMessage());
        } else {
            LOG.warnf("replay still failing, retrying in %s: %s", plan.retryDelay(), e.getMessage());
        }
        try {
            executor.schedule(() -> {
                if (state == State.RETRYING) {
                    state = State.RUNNING;
                    open();
                }
            }, plan.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("replay thread shut down");
        }
    }

    private void closeReaders() {
        for (KlineReader reader : readers) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing a market-data reader: %s", e.getMessage());
            }
        }
        readers.clear();
        engine = null;
    }

    /** Progress of one symbol; counters are read by the status endpoint on other threads. */
    private static final class Progress {
        final String source;
        final AtomicLong published = new AtomicLong();
        final AtomicLong invalid = new AtomicLong();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong missing = new AtomicLong();
        volatile Instant resumedAfter;
        volatile Instant position;

        Progress(String source) {
            this.source = source;
        }
    }
}
