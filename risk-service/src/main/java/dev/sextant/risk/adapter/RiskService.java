package dev.sextant.risk.adapter;

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
import dev.sextant.contracts.account.AccountDefaults;
import dev.sextant.contracts.id.Ids;
import dev.sextant.risk.config.RiskConfig;
import dev.sextant.risk.config.RiskSettings;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the {@link RiskEngine} for the Kafka consumers and the REST API, one event at a time (a
 * lock), and makes every change durable before it is announced: the decision, the engine snapshot
 * and the consumed input are written in one transaction, then the decision is published (waiting
 * for the broker) and marked published. After a restart the engine is restored from the snapshot,
 * the join from its tables, and decisions that never reached Kafka are published again.
 *
 * <p>Predictions and fills carry the market time: before the engine sees one, its event time goes
 * to {@link RiskEngine#onMarketTime}, so a daily-loss halt of an earlier UTC day lifts (with
 * {@code daily-loss-halt = until-next-day}) in the same transaction, and its TradingStateChanged is
 * published like any other state change, before the input's own decision or halt.
 *
 * <p><b>Sequencing.</b> With {@code sextant.risk.sequencing=kernel} (the default) features, predictions,
 * fills, positions, order outcomes and execution's {@link CandleSettled}s go to a durable inbox (written
 * before the offset is committed; a redelivery is a duplicate) and a {@link KernelSequencer} applies them in
 * TradingKernel's order: each step commits the engine snapshot, the sequencer's state, the inputs it consumed
 * and its decision in one transaction, then publishes. A ticker runs the steps whose timeout passed. Control
 * commands and order books are applied at once in both modes. With {@code arrival} every input is applied
 * as it arrives (features and predictions joined by {@link FeatureJoin}).
 *
 * <p><b>Forged input</b> (docs/reliability.md, "Forged input and control commands"). Before an input is stored in
 * the inbox (kernel) or applied (arrival), the engine admits it: a fill, position or order outcome that does not
 * belong to an entry risk approved, or an input dated more than {@code sextant.risk.max-day-jump} days ahead, is
 * refused ({@link RefusedInputException}: the consumer dead-letters it with the reason) and nothing is stored, held
 * or counted, so the sequencer never waits for it. A control command is applied once per event id: its id is
 * recorded in {@code applied_commands} in the transaction of its effect, and a repeated id changes nothing; a command
 * older than the latest applied one by more than {@code sextant.control.replay-window} is recorded and ignored.
 */
@ApplicationScoped
public class RiskService {
    private static final Logger LOG = Logger.getLogger(RiskService.class);
    /** Approved decisions read back when a snapshot predates the engine's approved entries. */
    private static final int APPROVED_RESTORED = 1000;

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
    private ScheduledExecutorService ticker;
    private volatile int heldGauge;
    private int marksSincePrune;
    private int stepsSincePrune;
    private volatile boolean ready;
    /** Committed trading-state changes not yet published (a publish failed); published, in order, before the next input. */
    private final Deque<TradingStateChanged> unpublishedStates = new ArrayDeque<>();
    private volatile double equityGauge;
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
        Gauge.builder("sextant.risk.waiting.predictions", this, s -> s.waitingGauge)
                .description("Predictions waiting for their features").register(metrics.registry());
    }

    /** Restores (or creates) the engine, republishes unpublished decisions and announces the trading state. */
    void onStart(@Observes StartupEvent event) {
        locked(() -> {
            List<RiskDecisionMade> unpublished = store.unpublishedDecisions();
            unpublished.forEach(this::publishDecision);
            TradingStateChanged hello = engine.startupAnnouncement();
            publisher.announce(hello);
            LOG.infof("risk-service ready: state %s, equity %s, %d pending entries, %d open positions, %d decisions republished,"
                    + " sequencing %s", hello.state(), engine.equity(), engine.pendingIntents().size(),
                    engine.openPositions().size(), unpublished.size(), config.sequencing());
            return null;
        });
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

    /** True when inputs are sequenced in the kernel's order ({@code sextant.risk.sequencing=kernel}). */
    public boolean kernelMode() {
        return kernelMode;
    }

    /** Runs the steps that became due (a timeout passed); failures are logged and retried at the next tick. */
    private void tick() {
        try {
            locked(() -> {
                republishPending();
                drain(System.nanoTime());
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

    /** True when a stored decision's publish failed: it is published before anything else. */
    private volatile boolean decisionsPending;

    /**
     * Publishes the decisions that are stored but not published (a publish failed; the retried input finds its step
     * already taken and would not publish it again).
     */
    private void republishPending() {
        if (decisionsPending) {
            for (RiskDecisionMade decision : store.unpublishedDecisions()) {
                publishDecision(decision);
            }
            decisionsPending = false;
        }
    }

    /**
     * Keeps {@code event} in the inbox (once), hands it to the sequencer and runs every step that became ready. An
     * input the sequencer does not admit (forged, or dated too far ahead) is refused: its inbox row is rolled back.
     */
    private void sequenced(Event event) {
        locked(() -> {
            republishPending();
            long start = System.nanoTime();
            durably(tx -> {
                if (!tx.insertInbox(event, false)) {
                    return null; // a redelivery
                }
                sequencer.admit(event, engine); // throws before anything is held: the transaction rolls back
                if (sequencer.offer(event) == KernelSequencer.Offer.DROPPED) {
                    tx.markApplied(List.of(event.eventId()));
                }
                return null;
            });
            drain(start);
            return null;
        });
    }

    /** The sequencer's next step; when it fails, memory is dropped and reloaded from the database, as in {@link #durably}. */
    private Optional<KernelSequencer.Step> advance() {
        try {
            return sequencer.advance(engine, clock.instant());
        } catch (RuntimeException e) {
            engine = null;
            join = null;
            sequencer = null;
            ready = false;
            throw e;
        }
    }

    /** Runs the sequencer's ready (or timed-out) steps, each stored in one transaction and then published. */
    private void drain(long startNanos) {
        for (Optional<KernelSequencer.Step> next = advance(); next.isPresent(); next = advance()) {
            KernelSequencer.Step step = next.get();
            boolean fresh = durably(tx -> {
                tx.markApplied(step.consumed());
                tx.saveSnapshot(engine.snapshot());
                tx.saveSequencerState(sequencer.state());
                if (++stepsSincePrune >= config.featureCacheSize()) {
                    tx.pruneInbox(config.featureCacheSize());
                    stepsSincePrune = 0;
                }
                return step.decision() != null && tx.insertDecision(step.decision());
            });
            metrics.sequencerStep(step.outcome().name());
            switch (step.outcome()) {
                case STEPPED, ANSWERED -> LOG.debugf("step %s %s: %s", step.symbol(), step.candleOpenTime(), step.note());
                default -> LOG.warnf("step %s %s %s: %s", step.symbol(), step.candleOpenTime(), step.outcome(), step.note());
            }
            for (Event out : step.published()) {
                if (out instanceof TradingStateChanged change) {
                    publishStates(List.of(change));
                } else if (out instanceof RiskDecisionMade decision && fresh) {
                    publishDecision(decision);
                    metrics.decision(decision.approved(), Duration.ofNanos(System.nanoTime() - startNanos));
                }
            }
        }
        heldGauge = sequencer.held();
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
                    publishDecision(stored.get().decision());
                }
                return null;
            }
            engine.admit(prediction);
            FeatureJoin.Joined joined = join.onPrediction(prediction);
            boolean parked = joined.matched().stream().noneMatch(m -> m.prediction().eventId().equals(prediction.eventId()));
            decideStoreAndPublish(joined, tx -> {
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
            decideStoreAndPublish(joined, tx -> {
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
            publishStates(changes);
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

    public void onOrderBook(OrderBookSnapshotTaken book) {
        locked(() -> {
            engine.onOrderBook(book);
            return null;
        });
    }

    public void onControl(ControlEvent command) {
        if (command instanceof TradingStateChanged) {
            return; // our own announcement, read back
        }
        if (command.symbol() != null && !(command instanceof SettingsUpdateRequested)) {
            LOG.warnf("ignoring %s for symbol %s: risk-service keeps one trading state for every symbol",
                    command.getClass().getSimpleName(), command.symbol());
        }
        locked(() -> {
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
            publishStates(change.get().stream().toList());
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

    private void decideStoreAndPublish(FeatureJoin.Joined joined, TxStep before, long startNanos) {
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
        publishStates(changes);
        for (RiskDecisionMade decision : inserted) {
            publishDecision(decision);
            metrics.decision(decision.approved(), Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    /** Advances the engine's market time to the prediction's, collecting a lifted halt, then decides. */
    private RiskDecisionMade decide(PredictionMade prediction, MarketMark mark, List<TradingStateChanged> changes) {
        engine.onMarketTime(prediction.tsEvent()).ifPresent(changes::add);
        RiskDecisionMade decision = engine.decide(prediction, mark);
        changes.addAll(engine.takeStateChanges());
        return decision;
    }

    private void publishDecision(RiskDecisionMade decision) {
        try {
            publisher.publish(decision);
        } catch (RuntimeException e) {
            // stored, not published: the next input publishes every such decision first (see republishPending)
            decisionsPending = true;
            throw e;
        }
        store.markPublished(decision);
        if (decision.approved()) {
            LOG.infof("approved %s %s: buy %s at ~%s, stop %s, take-profit %s", decision.symbol(), decision.candleOpenTime(),
                    decision.intent().quantity(), decision.intent().referencePrice(), decision.intent().stopLoss(),
                    decision.intent().takeProfit());
        } else {
            LOG.debugf("denied %s %s: %s", decision.symbol(), decision.candleOpenTime(), decision.reason());
        }
    }

    /** Publishes committed state changes in order; what a failed send leaves is published before the next input. */
    private void publishStates(List<TradingStateChanged> changes) {
        unpublishedStates.addAll(changes); // stored already (the snapshot); if a send fails, the retried input publishes it first
        while (!unpublishedStates.isEmpty()) {
            TradingStateChanged change = unpublishedStates.peekFirst();
            publisher.publish(change);
            unpublishedStates.removeFirst();
            metrics.stateChanged(change.state().name());
            LOG.infof("trading state %s -> %s: %s", change.previous(), change.state(), change.reason());
        }
    }

    @FunctionalInterface
    private interface TxStep {
        void run(RiskStore.Tx tx) throws SQLException;
    }

    /**
     * Runs {@code work} (which changes the engine) in one transaction; when it fails the in-memory
     * state is dropped and reloaded from the database, so memory never runs ahead of what is stored
     * (except after a {@link RefusedInputException}, thrown before anything changed).
     */
    private <T> T durably(RiskStore.Work<T> work) {
        try {
            return store.inTransaction(work);
        } catch (RefusedInputException e) {
            throw e;
        } catch (RuntimeException e) {
            engine = null;
            join = null;
            sequencer = null;
            ready = false;
            throw e;
        }
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            ensureLoaded();
            publishStates(List.of());
            T result = action.get();
            equityGauge = engine.equity().doubleValue();
            waitingGauge = join.waiting().size();
            return result;
        } finally {
            lock.unlock();
        }
    }

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
        if (kernelMode) {
            KernelSequencer restoredSequencer = new KernelSequencer(
                    store.loadSequencerState().orElse(KernelSequencer.State.empty()), config.sequencerStepTimeout(), clock);
            List<Event> held = store.loadInbox();
            held.forEach(restoredSequencer::offer);
            sequencer = restoredSequencer;
            heldGauge = sequencer.held();
            LOG.infof("kernel sequencer restored: last step %s, %d input(s) held", sequencer.frontier(), held.size());
        }
        engine = restored;
        join = freshJoin;
        equityGauge = engine.equity().doubleValue();
        ready = true;
    }
}
