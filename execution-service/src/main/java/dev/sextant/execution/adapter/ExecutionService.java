package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.execution.config.ExecutionConfig;
import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.execution.domain.CommandLedger;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.InputBounds;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.RefusedInputException;
import dev.sextant.execution.domain.SettlementBook;
import dev.sextant.kit.consumer.FailureKind;
import dev.sextant.kit.consumer.RecordProcessor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the paper exchange for the consumers: each input is applied in memory as it is consumed, and the consumed
 * batch is stored and published together ({@link RecordProcessor}'s contract):
 * <ol>
 *   <li>{@code onCandle} / {@code onDecision} / {@code onCloseRequested} (the processors' {@code apply}): the domain
 *       applies the input to the in-memory state, and what it produced (orders, fills, positions, trades, equity,
 *       account, settlement counts, the events to publish) is copied into a buffer ({@link PendingWrites}); nothing
 *       touches the database or the broker;</li>
 *   <li>{@link #flush()}, once per consumed batch: the buffer is written in <b>one transaction</b>
 *       ({@link ExecutionStore#write}), then every stored-but-unpublished event (the outbox) is published with one
 *       wait for all the broker's acknowledgements and marked published in one statement; only then are the batch's
 *       offsets committed.</li>
 * </ol>
 * Memory is always the database plus the buffered inputs: an input that fails half-applied (invalid content the
 * domain finds late, or a bug) makes the service reload the state from the database and apply the buffered inputs
 * again, in order, before the failure goes to the consumer policy (dead letter or parking); nothing of the failed
 * input is buffered. A write that fails with the infrastructure keeps the buffer and is retried by the policy; a
 * retried write stores nothing twice (every row is keyed, and a write whose commit went through although its answer
 * was lost is found out by the write sequence stored with the account, and not repeated). The three consumers share
 * the buffer, so whichever flushes first stores and publishes the others' applied inputs too, before any of their
 * offsets are committed.
 *
 * <p>Every applied candle and approved decision also announces {@link dev.sextant.contracts.event.CandleSettled}s
 * through the same outbox, with counts kept in the same transaction ({@link SettlementBook}), so risk-service
 * can follow the kernel's order (docs/architecture.md).
 * A crash anywhere loses nothing: inputs whose batch did not commit are redelivered, an event that was stored but
 * not acknowledged is published at start-up (with its derived id, so a re-publish is a duplicate consumers drop),
 * and a redelivered input finds its order / candle / command already known and produces nothing new. Before
 * consuming, the state is rebuilt from the database.
 *
 * <p><b>Forged input</b> (docs/reliability.md). The exchange is guarded by {@link InputBounds}: a candle or decision
 * dated more than {@code sextant.execution.max-day-jump} days after today, or an absurd decision, is refused before
 * anything changes (a {@link RefusedInputException}: dead-lettered with the reason, no rebuild needed). Execution
 * books only its own fills: it consumes none. A close request is applied once per event id ({@link CommandLedger},
 * table {@code applied_commands}, written in the transaction of its effect); one older than the latest applied
 * command by more than {@code sextant.control.replay-window} is recorded and ignored.
 */
@ApplicationScoped
public class ExecutionService {
    private static final Logger LOG = Logger.getLogger(ExecutionService.class);

    private final ExecutionSettings settings;
    private final ExecutionModels models;
    private final ExecutionConfig config;
    private final Clock clock;
    private final ExecutionStore store;
    private final EventPublisher publisher;
    private final LatestStateWriter latest;
    private final ExecutionMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile PaperExchange exchange;
    private SettlementBook settlements;
    private volatile String notReadyReason = "state not rebuilt yet";
    private volatile Snapshot snapshot;
    private final Duration commandReplayWindow;
    private CommandLedger commands;

    // guarded by lock:
    /** The inputs applied to memory whose writes are not stored yet, and those writes. */
    private Buffer buffer = new Buffer();
    /** Inputs whose writes are committed but whose events are not published yet: reported once they are. */
    private final List<Report> written = new ArrayList<>();
    /** The events of the committed writes by id, as encoded, so publishing them needs no decoding. */
    private final Map<String, PendingWrites.OutboxRow> stored = new HashMap<>();
    /** Non-null while memory could not be rebuilt: these buffered inputs failed when applied again after a reload. */
    private List<Input> unreplayed;
    private boolean flushFailed;
    /** The batches written so far, as stored with the account ({@link ExecutionStore#write}). */
    private long writeSeq;

    public ExecutionService(ExecutionSettings settings, ExecutionModels models, ExecutionConfig config, Clock clock,
                            ExecutionStore store, EventPublisher publisher, LatestStateWriter latest, ExecutionMetrics metrics,
                            @ConfigProperty(name = "sextant.control.replay-window", defaultValue = "PT5M")
                            Duration commandReplayWindow) {
        if (config.maxDayJump() < 1) {
            throw new IllegalStateException("Invalid execution-service configuration: sextant.execution.max-day-jump must be"
                    + " at least 1 (days), got " + config.maxDayJump());
        }
        if (commandReplayWindow.isNegative()) {
            throw new IllegalStateException("Invalid execution-service configuration: sextant.control.replay-window must not"
                    + " be negative, got " + commandReplayWindow);
        }
        this.commandReplayWindow = commandReplayWindow;
        this.settings = settings;
        this.models = models;
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.publisher = publisher;
        this.latest = latest;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        lock.lock();
        try {
            // nothing can be buffered yet (inputs wait for readiness): the state is the database's
            reload();
            takeSnapshot();
            refreshOrderGauges();
        } finally {
            lock.unlock();
        }
        // Publishing waits for Kafka, whose channels start after this observer: finish on another thread.
        Thread.ofVirtual().name("execution-startup").start(() -> {
            retrying("publish the outbox at start-up", () -> {
                lock.lock();
                try {
                    return publishOutbox();
                } finally {
                    lock.unlock();
                }
            });
            AccountSummary account = account();
            latest.account(account);
            metrics.account(account);
            notReadyReason = null;
            ready.countDown();
            LOG.infof("execution state rebuilt: %d open position(s), %d working entr(ies), cash %s",
                    exchange.openPositions().size(), exchange.workingEntries().size(), account.cash().toPlainString());
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** True once the state is rebuilt from the database and the outbox flushed. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Why the service is not ready, or null. */
    public String notReadyReason() {
        return notReadyReason;
    }

    // ------------------------------------------------------------------ inputs (apply: memory and buffer only)

    public void onDecision(RiskDecisionMade decision) {
        Effects effects = accept(Topics.SIGNALS, decision);
        if (!decision.approved()) {
            metrics.decision("denied");
        } else {
            boolean duplicate = effects.outcome() == Effects.Outcome.DUPLICATE;
            metrics.decision(duplicate ? "duplicate" : "approved");
            if (!duplicate) {
                metrics.stage("decision_to_order", decision.tsInit());
            }
        }
    }

    public void onCandle(CandleClosed candle) {
        accept(Topics.CANDLES, candle);
    }

    /**
     * A close request, applied once per event id: a repeated id, or a request older than the latest applied command
     * by more than the replay window, changes nothing (see the class comment). Its id is stored with the next flush,
     * with its effect when it had one.
     */
    public void onCloseRequested(PositionCloseRequested request) {
        accept(Topics.CONTROL, request);
    }

    /** Control events other than close requests: counted, nothing else. */
    public void ignored(String topic) {
        metrics.consumed(topic, Effects.Outcome.IGNORED);
    }

    /** An input as consumed, kept until its writes are stored, to be applied again if memory is rebuilt before. */
    private record Input(String topic, Event event, long arrivedNanos) {}

    /** Fills of an applied input, timed from its arrival once they are published. */
    private record Report(List<FillExecuted> fills, long arrivedNanos, Event cause) {}

    private static final class Buffer {
        final List<Input> inputs = new ArrayList<>();
        final PendingWrites writes = new PendingWrites();
        final List<Report> reports = new ArrayList<>();
    }

    /**
     * Applies an input in memory and buffers its writes. A {@link RefusedInputException} escapes as it is (nothing
     * changed); any other failure first rebuilds memory (the database plus the inputs still buffered), so nothing of
     * the failed input remains, then goes to the consumer policy: an {@link IllegalArgumentException} is
     * dead-lettered, anything else parked.
     */
    private Effects accept(String topic, Event event) {
        long arrived = System.nanoTime();
        awaitReady();
        lock.lock();
        try {
            replayIfBroken();
            Effects effects;
            try {
                effects = step(new Input(topic, event, arrived), false);
            } catch (RefusedInputException e) {
                throw e; // refused before anything changed: dead-lettered with the reason, nothing to rebuild
            } catch (RuntimeException e) {
                // memory may be half-changed by this input: back to the database plus the buffered inputs
                try {
                    resync(buffer.inputs);
                } catch (RuntimeException replay) {
                    e.addSuppressed(replay);
                }
                if (e instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException("the paper exchange rejected the input: " + e.getMessage(), e);
                }
                throw e; // a bug: the consumer policy parks the input
            }
            metrics.consumed(topic, effects.outcome());
            if (LOG.isDebugEnabled() && (!effects.events().isEmpty() || effects.outcome() != Effects.Outcome.APPLIED)) {
                LOG.debugf("%s: %s (%s), %d event(s)", topic, effects.outcome(), effects.note(), effects.events().size());
            }
            return effects;
        } finally {
            lock.unlock();
        }
    }

    /** Applies {@code input} to memory and buffers what it writes, last, so a failure buffers nothing of it. */
    private Effects step(Input input, boolean replay) {
        Instant now = clock.instant();
        switch (input.event()) {
            case CandleClosed candle -> {
                Effects effects = exchange.onCandle(candle);
                if (effects.outcome() == Effects.Outcome.APPLIED) {
                    SettlementBook.Change settled = settlements.record(candle.symbol(), candle.interval(),
                            candle.openTime(), null, null, effects.events(), candle.eventId(), now);
                    buffer(input, PendingWrites.capture(effects, candle, exchange.portfolio(), settled, null, now));
                }
                return effects;
            }
            case RiskDecisionMade decision -> {
                Effects effects = exchange.onDecision(decision);
                if (effects.outcome() == Effects.Outcome.APPLIED) {
                    SettlementBook.Change settled = decision.approved()
                            ? settlements.record(decision.symbol(), decision.interval(), null, decision.eventId(),
                                    decision.candleOpenTime(), effects.events(), decision.eventId(), now)
                            : SettlementBook.Change.NONE;
                    buffer(input, PendingWrites.capture(effects, null, exchange.portfolio(), settled, null, now));
                }
                return effects;
            }
            case PositionCloseRequested request -> {
                return closeRequest(input, request, replay, now);
            }
            default -> throw new IllegalArgumentException("execution-service does not apply a "
                    + input.event().getClass().getSimpleName());
        }
    }

    private Effects closeRequest(Input input, PositionCloseRequested request, boolean replay, Instant now) {
        CommandLedger.Verdict verdict = commands.verdict(request);
        if (verdict != CommandLedger.Verdict.APPLY) {
            String why = commands.explain(request, verdict);
            if (!replay) {
                LOG.warnf("%s", why);
            }
            if (verdict == CommandLedger.Verdict.DUPLICATE) {
                return Effects.duplicate(why);
            }
            PendingWrites.Entry entry = PendingWrites.command(request, "stale");
            commands.record(request, false);
            buffer(input, entry);
            return Effects.ignored(why);
        }
        Effects effects = exchange.onCloseRequested(request);
        PendingWrites.Entry entry;
        if (effects.outcome() == Effects.Outcome.APPLIED) {
            SettlementBook.Change settled = settlements.record(request.symbol(), null, null, null, null, effects.events(),
                    request.eventId(), now);
            entry = PendingWrites.capture(effects, null, exchange.portfolio(), settled, request, now);
        } else {
            // changed nothing (nothing to close, a close already requested): a later replay must not apply either
            entry = PendingWrites.command(request, effects.outcome().name().toLowerCase(Locale.ROOT));
        }
        commands.record(request, true);
        buffer(input, entry);
        return effects;
    }

    private void buffer(Input input, PendingWrites.Entry entry) {
        buffer.inputs.add(input);
        buffer.writes.add(entry);
        if (!entry.fills().isEmpty()) {
            buffer.reports.add(new Report(entry.fills(), input.arrivedNanos(), input.event()));
        }
    }

    /**
     * Makes memory the database plus {@code inputs}: reloads the state as at start-up, then applies the inputs again,
     * in order, buffering their writes anew (the domain is deterministic: the same orders, fills and event ids). An
     * input the database already holds comes out as a duplicate and buffers nothing. If an input fails again, memory
     * stays unusable ({@link #replayIfBroken()}) and the failure is thrown.
     */
    private void resync(List<Input> inputs) {
        List<Input> again = List.copyOf(inputs);
        unreplayed = again;
        buffer = new Buffer();
        reload();
        for (Input input : again) {
            step(input, true);
        }
        unreplayed = null;
    }

    /** After a rebuild failed, tries it again; throws (a bug, nothing is stored) while it still fails. */
    private void replayIfBroken() {
        if (unreplayed == null) {
            return;
        }
        try {
            resync(unreplayed);
            LOG.info("execution state rebuilt with the buffered inputs");
        } catch (RuntimeException e) {
            throw new IllegalStateException("the execution state cannot be rebuilt: a buffered input fails when applied"
                    + " again after a reload (" + e + "); nothing is stored until it can", e);
        }
    }

    // ------------------------------------------------------------------ flush (once per consumed batch)

    /**
     * Stores the inputs applied since the last flush in one transaction, publishes the outbox (one wait for all the
     * broker's acknowledgements, one statement to mark it published), then refreshes the gauges, the snapshot and
     * the Redis latest state once. The consumers call it at the end of each batch, before the offsets are committed.
     * An infrastructure failure keeps the buffer and is thrown (the consumer policy calls this again: what is
     * committed is not written again, a retried write stores nothing twice).
     */
    public void flush() {
        lock.lock();
        try {
            replayIfBroken();
            if (buffer.inputs.isEmpty() && written.isEmpty()) {
                return;
            }
            List<Event> published;
            try {
                if (!buffer.inputs.isEmpty()) {
                    write();
                }
                published = publishOutbox();
            } catch (RuntimeException e) {
                if (FailureKind.of(e) == FailureKind.INFRASTRUCTURE) {
                    flushFailed = true;
                    notReadyReason = "cannot store or publish execution events: " + e.getMessage();
                }
                throw e;
            }
            if (flushFailed) {
                flushFailed = false;
                if (isReady()) {
                    notReadyReason = null;
                }
            }
            refreshOrderGauges();
            takeSnapshot();
            AccountSummary account = snapshot.account();
            metrics.account(account);
            for (Report report : written) {
                metrics.filled(report.fills(), report.arrivedNanos(), report.cause());
            }
            written.clear();
            // the latest state: the newest position change per symbol, then the account
            Map<Symbol, PositionChanged> positions = new LinkedHashMap<>();
            for (Event e : published) {
                if (e instanceof PositionChanged change) {
                    positions.put(change.symbol(), change);
                }
            }
            positions.values().forEach(latest::position);
            latest.account(account);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the buffer in one transaction; afterwards memory and the database agree and the buffer is empty. */
    private void write() {
        try {
            if (store.write(buffer.writes, writeSeq, settings.candleWindow()) == ExecutionStore.Written.BEFORE) {
                LOG.info("the batch was stored by the previous attempt (its commit went through, its answer was lost)");
            }
            writeSeq++;
        } catch (DuplicateInputException e) {
            // The database holds what memory does not (new orders or commands, or a write of another writer). Back to
            // the database plus the buffered inputs: those it holds come out as duplicates and write nothing; a
            // conflict again is a bug (the flush stalls, nothing is committed).
            LOG.warnf("the batch conflicts with the stored books (%s): rebuilding the state and applying its inputs again",
                    e.getMessage());
            resync(buffer.inputs);
            if (!buffer.inputs.isEmpty()) {
                store.write(buffer.writes, writeSeq, settings.candleWindow());
                writeSeq++;
            }
        }
        written.addAll(buffer.reports);
        for (PendingWrites.OutboxRow row : buffer.writes.outbox) {
            stored.putIfAbsent(row.eventId().value(), row);
        }
        buffer = new Buffer();
    }

    /** Publishes every stored-but-unpublished event, oldest first, and marks them published; returns them. */
    private List<Event> publishOutbox() {
        List<Event> published = new ArrayList<>();
        while (true) {
            List<ExecutionStore.OutboxEntry> pending = store.unpublished();
            if (pending.isEmpty()) {
                break;
            }
            List<Event> events = new ArrayList<>(pending.size());
            List<CompletableFuture<Void>> acks = new ArrayList<>(pending.size());
            for (ExecutionStore.OutboxEntry entry : pending) {
                Event event = event(entry);
                events.add(event);
                acks.add(publisher.publish(event));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(config.publishTimeoutSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " execution event(s): "
                        + e.getMessage(), e);
            }
            store.markPublished(pending.get(pending.size() - 1).seq(), clock.instant());
            published.addAll(events);
            if (pending.size() < ExecutionStore.OUTBOX_PAGE) {
                break; // a short page is the whole outbox: only holders of the lock write to it
            }
        }
        stored.clear();
        return published;
    }

    /** The stored event: the one the last write encoded when it is that one, else decoded. */
    private Event event(ExecutionStore.OutboxEntry entry) {
        PendingWrites.OutboxRow row = stored.get(entry.eventId());
        return row != null && row.payload().equals(entry.payload()) ? row.event()
                : EventCodec.decode(entry.payload(), Event.class);
    }

    /** Reads the state from the database into memory (the caller applies the buffered inputs again, if any). */
    private void reload() {
        StoredState state = retrying("read the execution state", () -> store.load(settings));
        exchange = PaperExchange.restore(settings, models, clock, state.portfolio(), state.workingEntries(),
                state.openPositions(), state.recentCandles(), state.orderIds())
                .guard(InputBounds.of(config.maxDayJump()));
        CommandLedger ledger = new CommandLedger(commandReplayWindow);
        retrying("read the handled control commands", store::handledCommands)
                .forEach(c -> ledger.restore(c.eventId(), c.tsEvent(), !"stale".equals(c.outcome())));
        commands = ledger;
        settlements = state.settlements();
        writeSeq = state.writeSeq();
    }

    private void awaitReady() {
        try {
            while (!ready.await(5, TimeUnit.SECONDS)) {
                if (!running) {
                    holdUntilExit("the execution state is not rebuilt yet");
                }
                LOG.info("waiting for the execution state to be rebuilt before consuming");
            }
        } catch (InterruptedException e) {
            holdUntilExit("interrupted while waiting for the execution state");
        }
    }

    /**
     * Runs {@code action}, retrying infrastructure failures (database, Kafka) with back-off for as
     * long as the service runs: reading the state (at start-up, and when memory is rebuilt) and the
     * start-up publish. Anything else ({@link FailureKind}: invalid input, a bug) is not retried.
     */
    private <T> T retrying(String what, Supplier<T> action) {
        long backoffMillis = 200;
        boolean failed = false;
        while (true) {
            try {
                T result = action.get();
                if (failed && isReady()) {
                    notReadyReason = null;
                }
                return result;
            } catch (RuntimeException e) {
                if (FailureKind.of(e) != FailureKind.INFRASTRUCTURE) {
                    throw e;
                }
                if (!running) {
                    holdUntilExit("cannot " + what + " while shutting down: " + e.getMessage());
                }
                failed = true;
                notReadyReason = "cannot " + what + ": " + e.getMessage();
                LOG.warnf("cannot %s (%s); retrying in %d ms", what, e.getMessage(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    holdUntilExit("interrupted while retrying to " + what + ": " + e.getMessage());
                }
                backoffMillis = Math.min(backoffMillis * 2, 5000);
            }
        }
    }

    /**
     * During shutdown a valid input whose effects cannot be made durable must be neither
     * acknowledged (returning would commit its offset) nor dead-lettered (throwing would): the
     * consumer thread holds it until the process exits, and the input is redelivered after the
     * restart. Interrupts are ignored for that reason.
     */
    private static void holdUntilExit(String why) {
        LOG.warnf("holding the current input until the process exits, to be redelivered after the restart: %s", why);
        while (true) {
            try {
                Thread.sleep(60_000L);
            } catch (InterruptedException ignored) {
                // keep holding
            }
        }
    }

    // ------------------------------------------------------------------ queries (snapshots, never block)

    /** The account after the last input. */
    public AccountSummary account() {
        return snapshot.account();
    }

    /** Open positions after the last input. */
    public List<Position> openPositions() {
        return snapshot.positions();
    }

    /** Entries waiting for their fill candle, after the last input. */
    public List<Order> workingEntries() {
        return snapshot.workingEntries();
    }

    private void takeSnapshot() {
        snapshot = new Snapshot(exchange.account(), exchange.openPositions(), exchange.workingEntries());
    }

    private void refreshOrderGauges() {
        try {
            metrics.orders(store.orderCountsByStatus());
        } catch (RuntimeException e) {
            LOG.warnf("cannot refresh the order gauges: %s", e.getMessage());
        }
    }

    private record Snapshot(AccountSummary account, List<Position> positions, List<Order> workingEntries) {}
}
