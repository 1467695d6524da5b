package dev.sextant.risk.adapter;

import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.kit.consumer.InfrastructureException;
import dev.sextant.risk.config.RiskConfig;
import dev.sextant.risk.config.RiskSettings;
import dev.sextant.risk.domain.EngineSnapshot;
import dev.sextant.risk.domain.FeatureJoin;
import dev.sextant.risk.domain.KernelSequencer;
import dev.sextant.risk.domain.MarketMark;
import dev.sextant.risk.domain.RefusedInputException;
import dev.sextant.risk.domain.RiskEngine;
import dev.sextant.risk.domain.RiskLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link RiskEngine} for the Kafka consumers and the REST API, one event at a time (a lock), and makes
 * every change durable before it is announced. After a restart the engine is restored from its snapshot, the
 * sequencer from its state and the inbox, the join from its tables, and decisions that never reached Kafka are
 * published again (same ids).
 *
 * <p><b>Sequencing.</b> With {@code sextant.risk.sequencing=kernel} (the default) features, predictions, fills,
 * positions, order outcomes and execution's {@link CandleSettled}s are handed to a {@link KernelSequencer}, which
 * applies them in TradingKernel's order. The consumers work in batches ({@link RiskConsumers}): each input is applied
 * in memory at once — a redelivery (its id is in the inbox, an in-memory copy of the {@code inbox} table's ids says
 * so) is ignored, the input is admitted, offered, and the steps it made ready run — and what it did goes into the
 * {@link PendingBatch}. {@link #flush()}, once per consumer batch, stores the whole batch in <b>one transaction</b>
 * (the inbox rows, the consumed ids marked applied, one engine snapshot, one sequencer state, the decisions) and then
 * publishes its events in order, all sent before their acknowledgements are awaited together, and marks its
 * decisions published in one statement. Memory is always the stored state plus the pending batch: a failed flush
 * keeps both and is retried (every write is idempotent); an unexpected failure while an input is applied (the engine
 * or sequencer may be half-changed) drops memory, reloads it and takes the batch's earlier inputs again. Every other
 * writer of the snapshot — the one-second ticker that runs timed-out steps (into the batch, then flushes), control
 * commands, start-up — stores the pending batch first, so no snapshot is ever stored with effects whose inbox rows
 * are not. Control commands and order books are applied at once in both modes. With {@code arrival} every input is
 * applied as it arrives (features and predictions joined by {@link FeatureJoin}), in a transaction of its own; its
 * events are published by the batch's flush too.
 *
 * <p>Predictions and fills carry the market time: before the engine sees one, its event time goes to
 * {@link RiskEngine#onMarketTime}, so a daily-loss halt of an earlier UTC day lifts (with
 * {@code daily-loss-halt = until-next-day}) in the same transaction, and its TradingStateChanged is published like
 * any other state change, before the input's own decision or halt.
 *
 * <p><b>Publishing.</b> Stored events not yet acknowledged by Kafka wait in order in a queue; each flush publishes
 * the queue, so an event whose send failed is published (once acknowledged, not again) before anything stored
 * after it. Decisions stored but never published (a crash) are queued from the {@code decisions} table when the
 * state is loaded, and published at start-up or by the next flush.
 *
 * <p><b>Forged input</b> (docs/reliability.md, "Forged input and control commands"). Before an input is taken
 * (kernel) or applied (arrival), the engine admits it: a fill, position or order outcome that does not belong to an
 * entry risk approved, or an input dated more than {@code sextant.risk.max-day-jump} days ahead, is refused
 * ({@link RefusedInputException}: the consumer dead-letters it with the reason) and nothing is stored, held, counted
 * or buffered, so the sequencer never waits for it. A control command is applied once per event id: its id is
 * recorded in {@code applied_commands} in the transaction of its effect, and a repeated id changes nothing; a command
 * older than the latest applied one by more than {@code sextant.control.replay-window} is recorded and ignored.
 */
@ApplicationScoped
public class RiskService {
    private static final Logger LOG = Logger.getLogger(RiskService.class);
    /** Approved decisions read back when a snapshot predates the engine's approved entries. */
    private static final int APPROVED_RESTORED = 1000;
    /** How long a flush waits for the broker's acknowledgements; then it fails (infrastructure) and is retried. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** Events sent before their acknowledgements are awaited: within what the emitter and the Kafka sink keep in flight. */
    private static final int PUBLISH_CHUNK = 500;

    private final ReentrantLock lock = new ReentrantLock();
    private final RiskConfig config;
    private final RiskStore store;
    private final RiskPublisher publisher;
    private final RiskMetrics metrics;
    private final Clock clock;

    private final boolean kernelMode;
    private RiskEngine engine;
    private FeatureJoin join;
    private KernelSequencer sequencer;
    /** The ids in the {@code inbox} table (applied and held) plus those of the pending batch: a redelivery is one of them. */
    private Set<EventId> inboxIds = new HashSet<>();
    /** What the sequencer did in memory since the last flush (kernel mode). */
    private final PendingBatch pending = new PendingBatch();
    /** Stored events not yet acknowledged by Kafka, in the order they are published. */
    private final Deque<Outgoing> unpublished = new ArrayDeque<>();
    /** The event ids in {@link #unpublished}. */
    private final Set<EventId> queuedIds = new HashSet<>();
    private ScheduledExecutorService ticker;
    private volatile int heldGauge;
    private int marksSincePrune;
    private int stepsSincePrune;
    private volatile boolean ready;
    private volatile double equityGauge;
    /** The trading state the engine enforces, for {@code sextant_risk_trading_state{state}} (null before the state is loaded). */
    private volatile dev.sextant.contracts.event.TradingState stateGauge;
    private volatile int waitingGauge;
    private final Duration commandReplayWindow;

    public RiskService(RiskConfig config, RiskStore store, RiskPublisher publisher, RiskMetrics metrics, Clock clock,
                       @ConfigProperty(name = "sextant.control.replay-window", defaultValue = "PT5M") Duration commandReplayWindow) {
        this.config = config;
        this.commandReplayWindow = commandReplayWindow;
        this.store = store;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.kernelMode = switch (config.sequencing()) {
            case "kernel" -> true;
            case "arrival" -> false;
            default -> throw new IllegalStateException("Invalid risk-service configuration: sextant.risk.sequencing must be"
                    + " 'kernel' or 'arrival', got '" + config.sequencing() + "'");
        };
        if (config.sequencerStepTimeout().isNegative() || config.sequencerStepTimeout().isZero()) {
            throw new IllegalStateException("Invalid risk-service configuration: sextant.risk.sequencer.step-timeout must be"
                    + " greater than 0, got " + config.sequencerStepTimeout());
        }
        if (config.maxDayJump() < 1) {
            throw new IllegalStateException("Invalid risk-service configuration: sextant.risk.max-day-jump must be at least"
                    + " 1 (days), got " + config.maxDayJump());
        }
        if (commandReplayWindow.isNegative()) {
            throw new IllegalStateException("Invalid risk-service configuration: sextant.control.replay-window must not be"
                    + " negative, got " + commandReplayWindow);
        }
        Gauge.builder("sextant.risk.sequencer.held", this, s -> s.heldGauge)
                .description("Inputs the kernel sequencer holds for a later step").register(metrics.registry());
        Gauge.builder("sextant.risk.equity", this, s -> s.equityGauge).description("Equity as risk-service books it")
                .register(metrics.registry());
        for (dev.sextant.contracts.event.TradingState state : dev.sextant.contracts.event.TradingState.values()) {
            Gauge.builder("sextant.risk.trading.state", this, s -> s.stateGauge == state ? 1 : 0)
                    .description("1 for the trading state risk-service enforces (RUNNING, PAUSED, STOPPED, HALTED), 0 for the others")
                    .tag("state", state.name()).register(metrics.registry());
        }
        Gauge.builder("sextant.risk.waiting.predictions", this, s -> s.waitingGauge)
                .description("Predictions waiting for their features").register(metrics.registry());
    }

    void onStart(@Observes StartupEvent event) {
        startUp();
        if (kernelMode) {
            ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("risk-sequencer-ticker").daemon().factory());
            ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /**
     * Restores (or creates) the state, stores and publishes what is pending — decisions stored but never published
     * are queued by the restore — and announces the trading state. A publish that fails here is logged and left
     * to the next flush.
     */
    void startUp() {
        locked(() -> {
            long republished = unpublished.stream().filter(o -> o.event instanceof RiskDecisionMade).count();
            try {
                flushLocked();
            } catch (RuntimeException e) {
                LOG.warnf("risk-service could not publish its %d stored unpublished decision(s) at start-up (the next flush"
                        + " publishes them): %s", republished, e.getMessage());
            }
            TradingStateChanged hello = engine.startupAnnouncement();
            publisher.announce(hello);
            LOG.infof("risk-service ready: state %s, equity %s, %d pending entries, %d open positions, %d decisions republished,"
                    + " sequencing %s", hello.state(), engine.equity(), engine.pendingIntents().size(),
                    engine.openPositions().size(), republished, config.sequencing());
            return null;
        });
    }

    /** True when inputs are sequenced in the kernel's order ({@code sextant.risk.sequencing=kernel}). */
    public boolean kernelMode() {
        return kernelMode;
    }

    /**
     * Runs the steps that became due (a timeout passed) into the pending batch and flushes it (with whatever the
     * consumers' records put there); failures are logged and retried at the next tick.
     */
    void tick() {
        try {
            locked(() -> {
                guarded(() -> drain(System.nanoTime()));
                flushLocked();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("the sequencer tick failed (retried in 1 s): %s", e.getMessage());
        }
    }

    /**
     * Execution's settlement of a candle: sequenced in kernel mode. In arrival mode it only moves the latest admitted
     * market time (execution settles every candle it processes, a dense stream of market time): execution's fills and
     * positions may run days ahead of the features and predictions risk has seen in a fast replay, and would otherwise
     * be refused by the day-jump bound. A settlement dated too far ahead is refused like any input.
     */
    public void onSettlement(CandleSettled settlement) {
        if (kernelMode) {
            sequenced(settlement);
            return;
        }
        locked(() -> {
            engine.admit(settlement);
            return null;
        });
    }

    /**
     * Stores what is pending and publishes what is stored but not acknowledged: the pending batch in one transaction
     * (inbox rows, consumed ids marked applied, one engine snapshot, one sequencer state, the decisions, the inbox
     * pruned when due), then every queued event sent in order, their acknowledgements awaited together, and the
     * decisions marked published in one statement. Called once per consumer batch by {@link RiskConsumers}.
     *
     * <p>The batch is service-wide (under the lock): one consumer's flush also stores and publishes what another
     * consumer's records put in it. Those records are then durable before their own batch's offsets are committed
     * (their consumer's flush finds them done), which is earlier than needed, never later.
     *
     * <p>A failure leaves everything as it was — memory, the pending batch, the queue — and is thrown (a database or
     * broker failure is infrastructure: the consumer policy retries the flush, which redoes the same idempotent work;
     * an event Kafka acknowledged is not sent again).
     */
    public void flush() {
        lock.lock();
        try {
            if (pending.isEmpty() && unpublished.isEmpty()) {
                return;
            }
            ensureLoaded();
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code event} into memory once (a redelivery is ignored): admitted, offered to the sequencer, and the
     * steps it made ready run, all into the pending batch. A refused input ({@link RefusedInputException}: forged, or
     * dated too far ahead) changes and buffers nothing. Any other failure may leave the engine or the sequencer
     * half-changed: memory is rebuilt without this input (see {@link #rebuild}) and the failure thrown.
     */
    private void sequenced(Event event) {
        locked(() -> {
            if (inboxIds.contains(event.eventId())) {
                return null; // a redelivery: stored in the inbox, or pending
            }
            sequencer.admit(event, engine); // throws before anything changed
            long start = System.nanoTime();
            guarded(() -> take(event, start));
            return null;
        });
    }

    /** Offers an admitted input to the sequencer and runs the steps it made ready, into the pending batch. */
    private void take(Event event, long startNanos) {
        // HELD: kept for a step; DROPPED: late, consumed at once; DUPLICATE: the sequencer took this id before and its
        // inbox row was pruned since (its row is stored again, not applied, as before batching)
        KernelSequencer.Offer offer = sequencer.offer(event);
        pending.input(event, offer == KernelSequencer.Offer.DROPPED);
        inboxIds.add(event.eventId());
        drain(startNanos);
    }

    /** Runs the sequencer's ready (or timed-out) steps in memory, into the pending batch (the next flush stores them). */
    private void drain(long startNanos) {
        for (Optional<KernelSequencer.Step> next = sequencer.advance(engine, clock.instant()); next.isPresent();
             next = sequencer.advance(engine, clock.instant())) {
            KernelSequencer.Step step = next.get();
            pending.step(step, startNanos);
            if (++stepsSincePrune >= config.featureCacheSize()) {
                pending.pruneDue();
                stepsSincePrune = 0;
            }
            switch (step.outcome()) {
                case STEPPED, ANSWERED -> LOG.debugf("step %s %s: %s", step.symbol(), step.candleOpenTime(), step.note());
                default -> LOG.warnf("step %s %s %s: %s", step.symbol(), step.candleOpenTime(), step.outcome(), step.note());
            }
        }
    }

    /** Runs {@code work}, which changes the engine and the sequencer; when it fails, memory is rebuilt without it. */
    private void guarded(Runnable work) {
        int inputs = pending.inputCount();
        try {
            work.run();
        } catch (RuntimeException e) {
            rebuild(inputs, e);
            throw e;
        }
    }

    /**
     * After an unexpected failure that may have half-changed the engine or the sequencer, makes memory the stored
     * state plus the first {@code inputs} pending inputs again: drops it, reloads it and takes those inputs again
     * ({@link #ensureLoaded}). Steps a tick ran into the pending batch are not in it any more (they were neither stored
     * nor published, and time out again). If the reload fails too, memory stays dropped and is rebuilt before its
     * next use.
     */
    private void rebuild(int inputs, RuntimeException cause) {
        pending.truncate(inputs);
        dropMemory();
        try {
            ensureLoaded();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warnf("reloading risk-service's state after %s failed (it is reloaded before the next use): %s", cause,
                    e.getMessage());
        }
    }

    private void flushLocked() {
        commitPending();
        publishUnpublished();
        if (kernelMode) {
            heldGauge = sequencer.held(); // once per batch: it counts every held input
        }
    }

    /** The pending batch's writes, done in one transaction: what to publish, and the inbox ids pruned. */
    private record Stored(Set<EventId> toPublish, List<EventId> pruned) {}

    /**
     * Stores the pending batch in one transaction and queues its events for publishing (a decision that was stored
     * and published before, e.g. a late prediction denied again under the same id, is not queued). When it fails,
     * memory and the batch stay as they are: the next flush writes the same again (every write is idempotent; the
     * decisions to publish are those of the batch stored and not yet published, also when a commit reported as
     * failed did happen).
     */
    private void commitPending() {
        if (pending.isEmpty()) {
            return;
        }
        EngineSnapshot snapshot = engine.snapshot();
        KernelSequencer.State state = sequencer.state();
        List<Event> inputs = pending.inputs();
        Set<EventId> applied = pending.applied();
        List<RiskDecisionMade> decisions = pending.decisions();
        boolean prune = pending.isPruneDue();
        int keep = config.featureCacheSize();
        Stored stored = store.inTransaction(tx -> {
            tx.insertInbox(inputs, applied);
            tx.markApplied(applied);
            tx.saveSnapshot(snapshot);
            tx.saveSequencerState(state);
            tx.insertDecisions(decisions);
            Set<EventId> toPublish = tx.unpublished(decisions.stream().map(RiskDecisionMade::eventId).toList());
            return new Stored(toPublish, prune ? tx.pruneInbox(keep) : List.of());
        });
        stored.pruned().forEach(inboxIds::remove);
        pending.steps().forEach(metrics::sequencerStep);
        for (PendingBatch.Out out : pending.events()) {
            if (out.event() instanceof RiskDecisionMade d && !stored.toPublish().contains(d.eventId())) {
                continue;
            }
            queue(out.event(), out.startNanos());
        }
        pending.clear();
    }

    /** A stored event not yet acknowledged by Kafka: its latest send, and when its input was received (null: untimed). */
    private static final class Outgoing {
        final Event event;
        final Long startNanos;
        CompletableFuture<Void> sent;

        Outgoing(Event event, Long startNanos) {
            this.event = event;
            this.startNanos = startNanos;
        }

        /** Never sent, or its send failed; a send still in flight is awaited, not repeated. */
        boolean needsSend() {
            return sent == null || sent.isCompletedExceptionally();
        }
    }

    /** Queues a stored event for publishing, once. */
    private void queue(Event event, Long startNanos) {
        if (queuedIds.add(event.eventId())) {
            unpublished.addLast(new Outgoing(event, startNanos));
        }
    }

    /**
     * Publishes the queue in order: every event sent (up to {@link #PUBLISH_CHUNK} at once), their acknowledgements
     * awaited together for at most {@link #PUBLISH_TIMEOUT}, the decisions marked published in one statement, Redis
     * written. When some are not acknowledged, those that are are marked published and dropped from the queue, the
     * others stay queued (in order; one whose send is still in flight is awaited again, not sent twice) and an
     * {@link InfrastructureException} is thrown.
     */
    private void publishUnpublished() {
        while (!unpublished.isEmpty()) {
            List<Outgoing> chunk = unpublished.stream().limit(PUBLISH_CHUNK).toList();
            for (Outgoing out : chunk) {
                if (out.needsSend()) {
                    out.sent = send(out.event);
                }
            }
            try {
                awaitAcks(chunk);
            } catch (InfrastructureException e) {
                List<Outgoing> acked = chunk.stream().filter(o -> o.sent.isDone() && !o.sent.isCompletedExceptionally()).toList();
                try {
                    settle(acked);
                } catch (RuntimeException notMarked) {
                    e.addSuppressed(notMarked); // they stay queued: marked by the next flush
                }
                throw e;
            }
            settle(chunk);
        }
    }

    /** Events Kafka acknowledged: their decisions marked published (one statement), Redis written, dropped from the queue. */
    private void settle(List<Outgoing> acked) {
        if (acked.isEmpty()) {
            return;
        }
        store.markPublished(acked.stream().map(o -> o.event).filter(RiskDecisionMade.class::isInstance)
                .map(RiskDecisionMade.class::cast).toList());
        publisher.cacheLatest(acked.stream().map(o -> o.event).toList());
        Set<Outgoing> done = new HashSet<>(acked); // by identity
        unpublished.removeIf(done::contains);
        acked.forEach(o -> queuedIds.remove(o.event.eventId()));
        acked.forEach(this::published);
    }

    private CompletableFuture<Void> send(Event event) {
        try {
            return publisher.send(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitAcks(List<Outgoing> chunk) {
        try {
            CompletableFuture.allOf(chunk.stream().map(o -> o.sent).toArray(CompletableFuture[]::new))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for Kafka to acknowledge " + chunk.size()
                    + " risk event(s)", e);
        } catch (ExecutionException | TimeoutException e) {
            long missing = chunk.stream().filter(o -> !o.sent.isDone() || o.sent.isCompletedExceptionally()).count();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new InfrastructureException("Kafka did not acknowledge " + missing + " of " + chunk.size()
                    + " risk event(s) within " + PUBLISH_TIMEOUT.toSeconds() + " s (published by the next flush): " + cause,
                    cause);
        }
    }

    private void published(Outgoing out) {
        switch (out.event) {
            case RiskDecisionMade decision -> {
                if (out.startNanos != null) {
                    metrics.decision(decision.approved(), Duration.ofNanos(System.nanoTime() - out.startNanos));
                }
                if (decision.approved()) {
                    LOG.infof("approved %s %s: buy %s at ~%s, stop %s, take-profit %s", decision.symbol(),
                            decision.candleOpenTime(), decision.intent().quantity(), decision.intent().referencePrice(),
                            decision.intent().stopLoss(), decision.intent().takeProfit());
                } else {
                    LOG.debugf("denied %s %s: %s", decision.symbol(), decision.candleOpenTime(), decision.reason());
                }
            }
            case TradingStateChanged change -> {
                metrics.stateChanged(change.state().name());
                LOG.infof("trading state %s -> %s: %s", change.previous(), change.state(), change.reason());
            }
            default -> { }
        }
    }

    public boolean isReady() {
        return ready;
    }

    public void onPrediction(PredictionMade prediction) {
        if (kernelMode) {
            sequenced(prediction);
            return;
        }
        locked(() -> {
            long start = System.nanoTime();
            Optional<RiskStore.StoredDecision> stored = store.findDecision(Ids.derivedFrom("decision", prediction.eventId()));
            if (stored.isPresent()) {
                if (!stored.get().published()) {
                    queue(stored.get().decision(), null);
                }
                return null;
            }
            engine.admit(prediction);
            FeatureJoin.Joined joined = join.onPrediction(prediction);
            boolean parked = joined.matched().stream().noneMatch(m -> m.prediction().eventId().equals(prediction.eventId()));
            decideAndStore(joined, tx -> {
                if (parked) {
                    tx.park(prediction);
                }
            }, start);
            return null;
        });
    }

    public void onFeatures(FeaturesComputed features) {
        MarketMark mark = MarketMark.of(features);
        if (kernelMode) {
            sequenced(features);
            return;
        }
        locked(() -> {
            long start = System.nanoTime();
            engine.admit(features);
            FeatureJoin.Joined joined = join.onFeatures(mark);
            decideAndStore(joined, tx -> {
                tx.upsertMark(mark);
                if (++marksSincePrune >= config.featureCacheSize()) {
                    tx.pruneMarks(config.featureCacheSize());
                    marksSincePrune = 0;
                }
            }, start);
            return null;
        });
    }

    public void onFill(FillExecuted fill) {
        if (kernelMode) {
            sequenced(fill);
            return;
        }
        locked(() -> {
            List<TradingStateChanged> changes = durably(tx -> {
                if (!tx.markFillApplied(fill.eventId(), fill.tsEvent())) {
                    return List.<TradingStateChanged>of();
                }
                engine.admit(fill); // a refusal rolls the mark back: nothing is booked
                List<TradingStateChanged> c = new ArrayList<>();
                engine.onMarketTime(fill.tsEvent()).ifPresent(c::add);
                Optional<TradingStateChanged> halted = engine.onFill(fill);
                c.addAll(engine.takeStateChanges());
                halted.ifPresent(c::add);
                tx.saveSnapshot(engine.snapshot());
                return c;
            });
            changes.forEach(c -> queue(c, null));
            return null;
        });
    }

    public void onPosition(PositionChanged position) {
        if (kernelMode) {
            sequenced(position);
            return;
        }
        locked(() -> durably(tx -> {
            engine.admit(position);
            engine.onPosition(position);
            tx.saveSnapshot(engine.snapshot());
            return null;
        }));
    }

    public void onOrder(OrderEvent order) {
        if (!(order instanceof OrderRejected || order instanceof OrderCanceled || order instanceof OrderExpired)) {
            return;
        }
        if (kernelMode) {
            sequenced(order);
            return;
        }
        locked(() -> durably(tx -> {
            engine.admit(order);
            engine.onOrder(order);
            tx.saveSnapshot(engine.snapshot());
            return null;
        }));
    }

    /**
     * The symbol's latest order book, for the book checks (a time past the wall clock's bound was refused while
     * decoding). It is not admitted against the market day: a book of another market than the decisions' is judged
     * by the checks (denied with the reason), not dead-lettered snapshot by snapshot.
     */
    public void onOrderBook(OrderBookSnapshotTaken book) {
        locked(() -> {
            engine.onOrderBook(book);
            return null;
        });
    }

    /**
     * Applies a control command in a transaction of its own, after the pending batch is stored (its snapshot holds
     * the batch's effects, so their inbox rows must be stored first); its trading-state change is published by the
     * flush, after the batch's events.
     */
    public void onControl(ControlEvent command) {
        if (command instanceof TradingStateChanged) {
            return; // our own announcement, read back
        }
        if (command.symbol() != null && !(command instanceof SettingsUpdateRequested)) {
            LOG.warnf("ignoring %s for symbol %s: risk-service keeps one trading state for every symbol",
                    command.getClass().getSimpleName(), command.symbol());
        }
        locked(() -> {
            commitPending();
            Optional<String> stale = engine.staleness(command);
            Optional<Optional<TradingStateChanged>> change = durably(tx -> {
                if (!tx.recordCommand(command, stale.isPresent() ? "stale" : "applied")) {
                    return Optional.empty(); // this id was handled before: a redelivery or a replay
                }
                if (stale.isPresent()) {
                    return Optional.of(Optional.<TradingStateChanged>empty());
                }
                Optional<TradingStateChanged> c = engine.onControl(command);
                tx.saveSnapshot(engine.snapshot());
                return Optional.of(c);
            });
            if (change.isEmpty()) {
                controlIgnored("duplicate");
                LOG.infof("ignoring %s %s: a command with this id was applied before", command.getClass().getSimpleName(),
                        command.eventId());
                return null;
            }
            if (stale.isPresent()) {
                controlIgnored("stale");
                LOG.warnf("ignoring %s", stale.get());
                return null;
            }
            if (command instanceof SettingsUpdateRequested s && RiskEngine.SERVICE.equals(s.service())) {
                LOG.infof("risk settings updated by %s: %s", s.requestedBy(), s.settings());
            }
            change.get().ifPresent(c -> queue(c, null));
            return null;
        });
    }

    private void controlIgnored(String why) {
        Counter.builder("sextant.risk.control.ignored").description("Control commands ignored: a repeated id or a stale replay")
                .tag("why", why).register(metrics.registry()).increment();
    }

    /** A consistent copy of the state for the API. */
    public RiskStateView view() {
        return locked(() -> RiskStateView.of(engine, join.waiting().size()));
    }

    /** The engine's snapshot as memory has it (stored state plus the pending batch); for tests. */
    EngineSnapshot engineSnapshot() {
        return locked(() -> engine.snapshot());
    }

    /** The sequencer's state as memory has it; for tests. */
    KernelSequencer.State sequencerState() {
        return locked(() -> sequencer.state());
    }

    /** The inbox ids memory knows (stored and pending); for tests. */
    Set<EventId> knownInboxIds() {
        return locked(() -> Set.copyOf(inboxIds));
    }

    /** Arrival mode: decides the joined predictions and stores them with {@code before}'s writes; the flush publishes. */
    private void decideAndStore(FeatureJoin.Joined joined, TxStep before, long startNanos) {
        List<RiskDecisionMade> decisions = new ArrayList<>();
        List<TradingStateChanged> changes = new ArrayList<>();
        List<RiskDecisionMade> inserted = durably(tx -> {
            before.run(tx);
            for (FeatureJoin.Match match : joined.matched()) {
                decisions.add(decide(match.prediction(), match.mark(), changes));
            }
            for (PredictionMade unmatched : joined.unmatched()) {
                decisions.add(decide(unmatched, null, changes));
            }
            List<RiskDecisionMade> fresh = new ArrayList<>();
            for (RiskDecisionMade decision : decisions) {
                tx.unpark(decision.causationId());
                if (tx.insertDecision(decision)) {
                    fresh.add(decision);
                }
            }
            if (!decisions.isEmpty()) {
                tx.saveSnapshot(engine.snapshot());
            }
            return fresh;
        });
        changes.forEach(c -> queue(c, null));
        inserted.forEach(d -> queue(d, startNanos));
    }

    /** Advances the engine's market time to the prediction's, collecting a lifted halt, then decides. */
    private RiskDecisionMade decide(PredictionMade prediction, MarketMark mark, List<TradingStateChanged> changes) {
        engine.onMarketTime(prediction.tsEvent()).ifPresent(changes::add);
        RiskDecisionMade decision = engine.decide(prediction, mark);
        changes.addAll(engine.takeStateChanges());
        return decision;
    }

    @FunctionalInterface
    private interface TxStep {
        void run(RiskStore.Tx tx) throws SQLException;
    }

    /**
     * Runs {@code work} (which changes the engine) in one transaction; when it fails the in-memory state is dropped
     * and reloaded from the database (and the pending batch) before its next use, so memory never runs ahead of what
     * is stored and pending (except after a {@link RefusedInputException}, thrown before anything changed).
     */
    private <T> T durably(RiskStore.Work<T> work) {
        try {
            return store.inTransaction(work);
        } catch (RefusedInputException e) {
            throw e;
        } catch (RuntimeException e) {
            dropMemory();
            throw e;
        }
    }

    private void dropMemory() {
        engine = null;
        join = null;
        sequencer = null;
        ready = false;
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            ensureLoaded();
            T result = action.get();
            equityGauge = engine.equity().doubleValue();
            stateGauge = engine.tradingState();
            waitingGauge = join.waiting().size();
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Loads memory when it is not there: the engine from its snapshot, the join from its tables, the sequencer from
     * its state and the inbox's unapplied rows, the inbox's ids; queues the stored decisions never published; then
     * takes the pending batch's inputs again (memory = stored state + pending batch).
     */
    private void ensureLoaded() {
        if (engine != null) {
            return;
        }
        RiskEngine restored;
        FeatureJoin freshJoin;
        try {
            RiskLimits limits = RiskSettings.limits(config);
            freshJoin = RiskSettings.join(config);
            restored = store.loadSnapshot()
                    .map(snapshot -> new RiskEngine(limits, snapshot, clock))
                    .orElseGet(() -> new RiskEngine(limits, AccountDefaults.booked(config.initialCapital()),
                            config.initialState(), clock));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid risk-service configuration: " + e.getMessage()
                    + ". Fix it in application.properties or the environment.", e);
        }
        restored.limitDayJump(config.maxDayJump()).commandReplayWindow(commandReplayWindow);
        if (!restored.approvalsKnown()) {
            // a snapshot written before the engine kept its approved entries: take them from the stored decisions
            List<RiskDecisionMade> approved = store.approvedDecisions(APPROVED_RESTORED);
            approved.forEach(restored::rememberApproved);
            restored.approvalsRestored();
            LOG.infof("approved entries restored from %d stored decision(s)", approved.size());
        }
        for (MarketMark mark : store.loadRecentMarks(config.featureCacheSize())) {
            freshJoin.remember(mark);
            restored.noteAdmitted(mark.key().candleOpenTime()); // admitted features whose snapshot was not saved
        }
        store.loadWaiting().forEach(freshJoin::park);
        KernelSequencer restoredSequencer = null;
        Set<EventId> storedInbox = new HashSet<>();
        if (kernelMode) {
            restoredSequencer = new KernelSequencer(
                    store.loadSequencerState().orElse(KernelSequencer.State.empty()), config.sequencerStepTimeout(), clock);
            List<Event> held = store.loadInbox();
            held.forEach(restoredSequencer::offer);
            storedInbox = store.inboxIds();
            LOG.infof("kernel sequencer restored: last step %s, %d input(s) held, %d inbox id(s) known",
                    restoredSequencer.frontier(), held.size(), storedInbox.size());
        }
        List<RiskDecisionMade> neverPublished = store.unpublishedDecisions();
        engine = restored;
        join = freshJoin;
        sequencer = restoredSequencer;
        inboxIds = storedInbox;
        for (int i = neverPublished.size() - 1; i >= 0; i--) { // before what is queued: they were stored earlier
            RiskDecisionMade decision = neverPublished.get(i);
            if (queuedIds.add(decision.eventId())) {
                unpublished.addFirst(new Outgoing(decision, null));
            }
        }
        if (kernelMode) {
            heldGauge = sequencer.held();
            List<Event> inputs = pending.takeInputs();
            try {
                for (Event input : inputs) {
                    if (!inboxIds.contains(input.eventId())) { // else stored already: a commit reported as failed happened
                        take(input, System.nanoTime());
                    }
                }
            } catch (RuntimeException e) {
                pending.restoreInputs(inputs);
                dropMemory();
                throw e;
            }
            if (!inputs.isEmpty()) {
                LOG.infof("%d pending input(s) taken again on the reloaded state", inputs.size());
            }
        }
        equityGauge = engine.equity().doubleValue();
        stateGauge = engine.tradingState();
        ready = true;
    }
}
