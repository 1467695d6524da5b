package dev.sextant.execution.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskDecisionMade;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the paper exchange for the consumers, one input at a time, published per batch:
 * <ol>
 *   <li>the domain applies the input to the in-memory state;</li>
 *   <li>everything it produced (orders, fills, positions, trades, equity, account, and the events)
 *       is written in one transaction; if that fails the state is rebuilt from the database and the
 *       input retried, so memory never runs ahead of the books;</li>
 *   <li>at the end of the consumed batch ({@link #flush()}), every stored-but-unpublished event is published and,
 *       once Kafka acknowledged it, marked published; only then does the batch's offset get committed.</li>
 * </ol>
 * Every applied candle and approved decision also announces {@link dev.sextant.contracts.event.CandleSettled}s
 * through the same outbox, with counts kept in the same transaction ({@link SettlementBook}), so risk-service
 * can follow the kernel's order (docs/architecture.md).
 * A crash anywhere loses nothing: an input whose transaction did not commit is redelivered, an
 * event that was stored but not acknowledged is published at start-up (with its derived id, so a
 * re-publish is a duplicate consumers drop), and a redelivered input finds its order / candle
 * already stored and produces nothing new. Before consuming, the state is rebuilt from the database.
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
        rebuild();
        // Publishing waits for Kafka, whose channels start after this observer: finish on another thread.
        Thread.ofVirtual().name("execution-startup").start(() -> {
            retrying("publish the outbox at start-up", () -> {
                publishOutbox();
                return null;
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

    // ------------------------------------------------------------------ inputs

    public void onDecision(RiskDecisionMade decision) {
        Effects effects = handle(Topics.SIGNALS, () -> exchange.onDecision(decision), null,
                e -> decision.approved() ? settlements.record(decision.symbol(), decision.interval(), null, decision.eventId(),
                        decision.candleOpenTime(), e.events(), decision.eventId(), clock.instant()) : SettlementBook.Change.NONE,
                null);
        if (!decision.approved()) {
            metrics.decision("denied");
        } else {
            metrics.decision(effects.outcome() == Effects.Outcome.DUPLICATE ? "duplicate" : "approved");
        }
    }

    public void onCandle(CandleClosed candle) {
        handle(Topics.CANDLES, () -> exchange.onCandle(candle), candle,
                e -> settlements.record(candle.symbol(), candle.interval(), candle.openTime(), null, null, e.events(),
                        candle.eventId(), clock.instant()), null);
    }

    /**
     * A close request, applied once per event id: a repeated id, or a request older than the latest applied command
     * by more than the replay window, changes nothing (see the class comment).
     */
    public void onCloseRequested(PositionCloseRequested request) {
        awaitReady();
        lock.lock();
        try {
            CommandLedger.Verdict verdict = commands.verdict(request);
            if (verdict != CommandLedger.Verdict.APPLY) {
                String why = commands.explain(request, verdict);
                if (verdict == CommandLedger.Verdict.STALE) {
                    retrying("record a stale control command", () -> store.recordCommand(request, "stale"));
                    commands.record(request, false);
                }
                metrics.consumed(Topics.CONTROL, verdict == CommandLedger.Verdict.DUPLICATE
                        ? Effects.Outcome.DUPLICATE : Effects.Outcome.IGNORED);
                LOG.warnf("%s", why);
                return;
            }
            Effects effects = handle(Topics.CONTROL, () -> exchange.onCloseRequested(request), null,
                    e -> settlements.record(request.symbol(), null, null, null, null, e.events(), request.eventId(),
                            clock.instant()), request);
            if (effects.outcome() != Effects.Outcome.APPLIED) {
                // changed nothing (nothing to close, a close already requested): a later replay must not apply either
                retrying("record a control command", () -> store.recordCommand(request,
                        effects.outcome().name().toLowerCase(java.util.Locale.ROOT)));
            }
            commands.record(request, true);
        } finally {
            lock.unlock();
        }
    }

    /** Control events other than close requests: counted, nothing else. */
    public void ignored(String topic) {
        metrics.consumed(topic, Effects.Outcome.IGNORED);
    }

    /**
     * @param settle what the applied input settles (see {@link SettlementBook#record}); run after the step, before
     *               the books are written, whose transaction stores its counts and outboxes its settlements
     */
    private Effects handle(String topic, Supplier<Effects> step, CandleClosed candle,
                           java.util.function.Function<Effects, SettlementBook.Change> settle, ControlEvent command) {
        long arrived = System.nanoTime();
        awaitReady();
        lock.lock();
        try {
            // a RefusedInputException escapes: the consumer policy dead-letters it with its reason (and counts it)
            Effects effects = retrying("apply and store " + topic + " input", () -> applyAndStore(step, candle, settle, command));
            metrics.consumed(topic, effects.outcome());
            if (effects.outcome() == Effects.Outcome.APPLIED) {
                unpublished.add(new Applied(effects, arrived));
            }
            if (!effects.events().isEmpty() || effects.outcome() != Effects.Outcome.APPLIED) {
                LOG.debugf("%s: %s (%s), %d event(s)", topic, effects.outcome(), effects.note(), effects.events().size());
            }
            return effects;
        } finally {
            lock.unlock();
        }
    }

    /** An input whose effects are stored; its events are published by the next {@link #flush()}. */
    private record Applied(Effects effects, long arrivedNanos) {}

    private final List<Applied> unpublished = new ArrayList<>();

    /**
     * Publishes the events of the inputs applied since the last flush (the outbox, one wait for all the broker's
     * acknowledgements), then refreshes the gauges, the snapshot and the Redis latest state once. The consumers call it
     * at the end of each batch, before the offsets are committed.
     */
    public void flush() {
        lock.lock();
        try {
            if (unpublished.isEmpty()) {
                return;
            }
            retrying("publish execution events", () -> {
                publishOutbox();
                return null;
            });
            refreshOrderGauges();
            takeSnapshot();
            AccountSummary account = snapshot.account();
            metrics.account(account);
            for (Applied applied : unpublished) {
                metrics.filled(applied.effects().fills(), applied.arrivedNanos());
                for (Event e : applied.effects().events()) {
                    if (e instanceof PositionChanged change) {
                        latest.position(change);
                    }
                }
            }
            latest.account(account);
            unpublished.clear();
        } finally {
            lock.unlock();
        }
    }

    private Effects applyAndStore(Supplier<Effects> step, CandleClosed candle,
                                  java.util.function.Function<Effects, SettlementBook.Change> settle, ControlEvent command) {
        Effects effects;
        SettlementBook.Change settled;
        try {
            effects = step.get();
            settled = effects.outcome() == Effects.Outcome.APPLIED ? settle.apply(effects) : SettlementBook.Change.NONE;
        } catch (RefusedInputException e) {
            throw e; // refused before anything changed: dead-lettered with the reason, nothing to rebuild
        } catch (IllegalArgumentException e) {
            // The domain refused the input (invalid content): undo any partial change, then reject it.
            rebuild();
            throw new IllegalArgumentException("the paper exchange rejected the input: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A bug of the domain: undo any partial change; the consumer policy parks the input.
            rebuild();
            throw e;
        }
        if (effects.outcome() != Effects.Outcome.APPLIED) {
            return effects;
        }
        try {
            store.persist(effects, candle, exchange.portfolio(), settings.candleWindow(), settled, command, clock.instant());
            return effects;
        } catch (DuplicateInputException e) {
            LOG.infof("duplicate input, nothing new: %s", e.getMessage());
            rebuild();
            return Effects.duplicate(e.getMessage());
        } catch (RuntimeException e) {
            rebuild();
            throw e;
        }
    }

    private void publishOutbox() {
        List<ExecutionStore.OutboxEntry> pending = store.unpublished();
        while (!pending.isEmpty()) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (ExecutionStore.OutboxEntry entry : pending) {
                acks.add(publisher.publish(entry.event()));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(config.publishTimeoutSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " execution event(s): "
                        + e.getMessage(), e);
            }
            store.markPublished(pending.get(pending.size() - 1).seq(), clock.instant());
            pending = store.unpublished();
        }
    }

    private void rebuild() {
        lock.lock();
        try {
            StoredState state = retrying("read the execution state", () -> store.load(settings));
            exchange = PaperExchange.restore(settings, models, clock, state.portfolio(), state.workingEntries(),
                    state.openPositions(), state.recentCandles(), state.orderIds())
                    .guard(InputBounds.of(config.maxDayJump()));
            CommandLedger ledger = new CommandLedger(commandReplayWindow);
            retrying("read the handled control commands", store::handledCommands)
                    .forEach(c -> ledger.restore(c.eventId(), c.tsEvent(), !"stale".equals(c.outcome())));
            commands = ledger;
            settlements = state.settlements();
            takeSnapshot();
            refreshOrderGauges();
        } finally {
            lock.unlock();
        }
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
     * long as the service runs, so an input is never dropped because a dependency blinked. Anything else
     * ({@link FailureKind}: invalid input, a bug) is not retried: the consumer policy dead-letters or parks it.
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
                    throw e; // invalid input (dead-lettered) or a bug (parked) by the consumer policy
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
