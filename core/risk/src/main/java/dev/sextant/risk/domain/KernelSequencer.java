package dev.sextant.risk.domain;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies risk-service's inputs to a {@link RiskEngine} in the order {@code TradingKernel} (core/kernel)
 * gives them, whatever order they arrive in over Kafka. Steps are candles in canonical order: open time,
 * then symbol name. Step (s, t) is <b>ready</b> when
 * <ol type="a">
 *   <li>a {@link CandleSettled} of (s, T), T &ge; t, is held whose {@code lastDecisionId} is the last decision
 *       of s risk approved, and every fill, position change and order outcome of s it counts (those of candles
 *       up to T) has arrived (applied ones included). A settlement covers every candle up to its own: execution
 *       announces its latest candle after a late decision instead of every candle since the decision's, and
 *       risk looks at the earliest such settlement at or after t;</li>
 *   <li>no step before (s, t) can still appear: every other known, not silenced symbol s' has settled
 *       candle t (when s' sorts before s) or a candle whose successor is at or after t (when it sorts
 *       after s);</li>
 *   <li>the features of (s, t) have arrived and, when they are warm, the prediction too.</li>
 * </ol>
 * Then the step applies, in order, the held execution events of s that belong to candles up to t
 * (fills → {@link RiskEngine#onFill}, positions → {@link RiskEngine#onPosition}, outcomes →
 * {@link RiskEngine#onOrder}; ordered by event time, fill before position before outcome), and decides
 * on the prediction with the features' mark, publishing the state changes the engine made on its own
 * first (a daily-loss halt lift), as the kernel does. After an approved decision the step waits for
 * execution's answer: a settlement of (s, T &ge; t) naming the new decision, and the events it counts (e.g. an
 * OrderRejected, applied at once).
 *
 * <p>A head step that is not ready within {@code stepTimeout} of processing time is decided without
 * guessing: other symbols that keep it waiting are silenced (no longer waited for, until they settle
 * at or after the frontier again); a step whose settlement or events are missing denies its prediction
 * with the reason "account state of S as of t not confirmed by execution within 30s"; a step without
 * features or prediction is skipped; an unanswered decision stops being waited for (its settlements still
 * have to name it). Inputs of steps
 * already passed are late: features and settlements are dropped, execution events applied at once,
 * predictions denied.
 *
 * <p>Every event id the caller offers must be new (the caller's inbox drops duplicates); this class
 * drops repeated ids too. Not thread-safe. Its durable state is {@link #state()}; held inputs are the
 * caller's to store and to offer again after a restart.
 *
 * <p><b>Admission.</b> The caller passes every input to {@link #admit} before it stores or offers it: a forged
 * execution report (one that does not belong to an entry risk approved) or an input dated too far ahead (a
 * far-future candle would otherwise become the head step, time out and move the frontier past every real step) is
 * refused there, before it is held or counted toward a settlement, so it can never stall or skew the steps.
 * Execution reports are bounded by their origin only, not by time: they never make a step and are applied
 * only at their candle's step, so a report dated ahead moves neither the frontier nor "today" early, and
 * it does not move the latest time admitted either. (Execution runs ahead of risk at full replay speed: the
 * exit of a late entry can be weeks of market time after the inputs risk has read, and refusing that genuine
 * fill would leave every later settlement of its symbol unsatisfiable.)
 */
public final class KernelSequencer {
    /** The name of the check a denied decision of this class carries. */
    public static final String CHECK = "execution-settled";

    /** What {@link #offer} did with an input. */
    public enum Offer { HELD, DROPPED, DUPLICATE }

    /** What a step did. */
    public enum Outcome {
        /** the step was complete: execution events applied and, with a prediction, decided */
        STEPPED,
        /** execution answered an approved decision */
        ANSWERED,
        /** the step timed out waiting for execution; its prediction was denied */
        DENIED_UNCONFIRMED,
        /** the step timed out waiting for features or a prediction and was skipped */
        SKIPPED,
        /** execution's answer to a decision did not come in time; no longer waited for */
        ANSWER_TIMED_OUT,
        /** other symbols that kept the head step waiting were silenced */
        SILENCED,
        /** an input of a step already passed was handled (event applied, prediction denied) */
        LATE
    }

    /**
     * One step: the events to publish in order (trading-state changes, decisions), the decision made (or
     * null), the input ids it consumed (applied or dropped), and a sentence for the log.
     */
    public record Step(Outcome outcome, Symbol symbol, Instant candleOpenTime, List<Event> published,
                       RiskDecisionMade decision, Set<EventId> consumed, String note) {}

    /** A symbol's durable sequencing state. */
    public record SymbolState(String interval, Instant lastSettled, String lastApproved, long fills, long positions,
                              long outcomes, boolean silent) {}

    /**
     * The durable state: the last finished step, the step awaiting execution's answer, per-symbol state, and the
     * latest event time admitted ({@code latestTime}, null in a state written before it was kept).
     */
    public record State(Instant frontierTime, String frontierSymbol, Instant awaitingTime, String awaitingSymbol,
                        Map<String, SymbolState> symbols, Instant latestTime) {
        public State {
            symbols = symbols == null ? Map.of() : Map.copyOf(symbols);
        }

        /** A state without a latest time (as written before it was kept). */
        public State(Instant frontierTime, String frontierSymbol, Instant awaitingTime, String awaitingSymbol,
                     Map<String, SymbolState> symbols) {
            this(frontierTime, frontierSymbol, awaitingTime, awaitingSymbol, symbols, null);
        }

        public static State empty() {
            return new State(null, null, null, null, Map.of(), null);
        }
    }

    /** A step position: candle open time, then symbol name. */
    record Pos(Instant time, Symbol symbol) implements Comparable<Pos> {
        @Override
        public int compareTo(Pos o) {
            int c = time.compareTo(o.time);
            return c != 0 ? c : symbol.value().compareTo(o.symbol.value());
        }

        @Override
        public String toString() {
            return symbol.value() + " " + time;
        }
    }

    private static final class Sym {
        Interval interval;
        Instant lastSettled;
        EventId lastApproved;
        final long[] applied = new long[3];
        boolean silent;
        /** held execution events of this symbol, by id */
        final Map<EventId, Event> held = new HashMap<>();
        /** held settlements of this symbol, by candle */
        final TreeMap<Instant, List<CandleSettled>> settled = new TreeMap<>();
        /** the same, by the decision they name (the null key: none) */
        final Map<EventId, TreeMap<Instant, List<CandleSettled>>> byDecision = new HashMap<>();

        void hold(CandleSettled s) {
            settled.computeIfAbsent(s.candleOpenTime(), k -> new ArrayList<>()).add(s);
            byDecision.computeIfAbsent(s.lastDecisionId(), k -> new TreeMap<>())
                    .computeIfAbsent(s.candleOpenTime(), k -> new ArrayList<>()).add(s);
        }

        void drop(Instant candle) {
            List<CandleSettled> dropped = settled.remove(candle);
            if (dropped == null) {
                return;
            }
            for (CandleSettled s : dropped) {
                TreeMap<Instant, List<CandleSettled>> named = byDecision.get(s.lastDecisionId());
                if (named != null && named.remove(candle) != null && named.isEmpty()) {
                    byDecision.remove(s.lastDecisionId());
                }
            }
        }
    }

    private static final Comparator<Event> EXECUTION_ORDER = Comparator.comparing(Event::tsEvent)
            .thenComparingInt(KernelSequencer::rank).thenComparing(e -> e.eventId().value());

    private final Duration stepTimeout;
    private final Clock clock;
    private Pos frontier;
    private Pos awaiting;
    private final Map<Symbol, Sym> symbols = new HashMap<>();
    private final TreeMap<Pos, FeaturesComputed> features = new TreeMap<>();
    private final TreeMap<Pos, PredictionMade> predictions = new TreeMap<>();
    private final TreeMap<Pos, List<CandleSettled>> settlements = new TreeMap<>();
    private final Deque<Event> late = new ArrayDeque<>();
    private final Set<EventId> seen = new HashSet<>();
    private Pos blockedHead;
    private Instant blockedSince;
    /** The latest tsEvent of an offered input, execution reports aside: the market time inputs have reached. */
    private Instant latestTime;

    public KernelSequencer(Duration stepTimeout, Clock clock) {
        this(State.empty(), stepTimeout, clock);
    }

    /** A sequencer restored from {@code state}; offer it the held inputs again. */
    public KernelSequencer(State state, Duration stepTimeout, Clock clock) {
        if (stepTimeout == null || stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("sequencer step timeout must be > 0, got " + stepTimeout);
        }
        this.stepTimeout = stepTimeout;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (state.frontierTime() != null) {
            frontier = new Pos(state.frontierTime(), Symbol.of(state.frontierSymbol()));
        }
        if (state.awaitingTime() != null) {
            awaiting = new Pos(state.awaitingTime(), Symbol.of(state.awaitingSymbol()));
        }
        latestTime = state.latestTime();
        state.symbols().forEach((name, s) -> {
            Sym sym = sym(Symbol.of(name));
            sym.interval = s.interval() == null ? null : Interval.fromCode(s.interval());
            sym.lastSettled = s.lastSettled();
            sym.lastApproved = s.lastApproved() == null ? null : EventId.of(s.lastApproved());
            sym.applied[0] = s.fills();
            sym.applied[1] = s.positions();
            sym.applied[2] = s.outcomes();
            sym.silent = s.silent();
        });
    }

    /** The durable state to store with the engine snapshot after each step. */
    public State state() {
        Map<String, SymbolState> out = new TreeMap<>();
        symbols.forEach((symbol, s) -> out.put(symbol.value(), new SymbolState(s.interval == null ? null : s.interval.code(),
                s.lastSettled, s.lastApproved == null ? null : s.lastApproved.value(), s.applied[0], s.applied[1],
                s.applied[2], s.silent)));
        return new State(frontier == null ? null : frontier.time(), frontier == null ? null : frontier.symbol().value(),
                awaiting == null ? null : awaiting.time(), awaiting == null ? null : awaiting.symbol().value(), out,
                latestTime);
    }

    /** True for the inputs this class sequences: features, predictions, fills, positions, order outcomes, settlements. */
    public static boolean sequences(Event event) {
        return event instanceof FeaturesComputed || event instanceof PredictionMade || event instanceof CandleSettled
                || rank(event) >= 0;
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Refuses ({@link RefusedInputException}, nothing changed) an input that must not be held: one (not an execution
     * report) whose times fall more than {@code engine}'s day-jump bound after the later of the engine's day and the
     * latest time admitted ({@link RiskEngine#checkTimes}; inputs run ahead of the steps, so the engine's own day alone
     * would refuse a backlog), or an execution report that does not belong to an entry {@code engine} approved
     * ({@link RiskEngine#checkOrigin}; risk's decision is always stored before execution can answer it).
     */
    public void admit(Event event, RiskEngine engine) {
        if (rank(event) >= 0) {
            engine.checkOrigin(event); // an execution report: its time moves nothing before its step (see above)
            return;
        }
        engine.checkTimes(event, MarketDay.later(engine.day(), MarketDay.of(latestTime)));
    }

    /** The latest tsEvent of an input offered so far, execution reports aside (null before the first). */
    public Instant latestTime() {
        return latestTime;
    }

    /** Takes an input. DROPPED: consumed at once (a late feature vector or settlement); DUPLICATE: already taken. */
    public Offer offer(Event event) {
        if (!seen.add(event.eventId())) {
            return Offer.DUPLICATE;
        }
        if (rank(event) < 0 && (latestTime == null || event.tsEvent().isAfter(latestTime))) {
            latestTime = event.tsEvent();
        }
        switch (event) {
            case CandleSettled s -> {
                Sym sym = sym(s.symbol());
                if (sym.interval == null) {
                    sym.interval = s.interval();
                }
                if (sym.lastSettled == null || s.candleOpenTime().isAfter(sym.lastSettled)) {
                    sym.lastSettled = s.candleOpenTime();
                }
                if (sym.silent && (frontier == null || !s.candleOpenTime().isBefore(frontier.time()))) {
                    sym.silent = false;
                }
                Pos pos = new Pos(s.candleOpenTime(), s.symbol());
                if (passed(pos)) {
                    return Offer.DROPPED;
                }
                settlements.computeIfAbsent(pos, k -> new ArrayList<>()).add(s);
                sym.hold(s);
                return Offer.HELD;
            }
            case FeaturesComputed f -> {
                sym(f.symbol());
                Pos pos = new Pos(f.candleOpenTime(), f.symbol());
                if (passed(pos)) {
                    return Offer.DROPPED;
                }
                features.putIfAbsent(pos, f);
                return Offer.HELD;
            }
            case PredictionMade p -> {
                sym(p.symbol());
                Pos pos = new Pos(p.candleOpenTime(), p.symbol());
                if (passed(pos)) {
                    late.add(p);
                } else {
                    predictions.putIfAbsent(pos, p);
                }
                return Offer.HELD;
            }
            default -> {
                if (rank(event) < 0) {
                    throw new IllegalArgumentException("the sequencer does not take " + event.getClass().getSimpleName());
                }
                Symbol symbol = symbolOf(event);
                Sym sym = sym(symbol);
                if (sym.interval != null && passed(new Pos(CandleSettled.candleOf(event, sym.interval), symbol))) {
                    late.add(event);
                } else {
                    sym.held.put(event.eventId(), event);
                }
                return Offer.HELD;
            }
        }
    }

    // ------------------------------------------------------------------ steps

    /**
     * Runs the next step if one can run (ready, late, or timed out at {@code now}, processing time), or
     * returns empty. Call it until empty after every input and whenever {@link #nextDeadline()} passes;
     * store each step's effects before the next.
     */
    public Optional<Step> advance(RiskEngine engine, Instant now) {
        if (!late.isEmpty()) {
            return Optional.of(lateStep(engine, late.poll()));
        }
        Optional<Pos> head = head();
        if (head.isEmpty()) {
            blockedHead = null;
            return Optional.empty();
        }
        Pos pos = head.get();
        Sym sym = symbols.get(pos.symbol());
        Blocker blocker = blocker(pos, sym);
        if (blocker == Blocker.NONE) {
            blockedHead = null;
            return Optional.of(pos.equals(awaiting) ? answer(engine, pos, sym, Outcome.ANSWERED, "execution answered")
                    : step(engine, pos, sym));
        }
        if (!pos.equals(blockedHead)) {
            blockedHead = pos;
            blockedSince = now;
            return Optional.empty();
        }
        if (Duration.between(blockedSince, now).compareTo(stepTimeout) < 0) {
            return Optional.empty();
        }
        blockedHead = null;
        return Optional.of(timedOut(engine, pos, sym, blocker));
    }

    /** When the head step's timeout passes (processing time), or empty when nothing waits. */
    public Optional<Instant> nextDeadline() {
        return blockedHead == null ? Optional.empty() : Optional.of(blockedSince.plus(stepTimeout));
    }

    /** The last finished step, as "SYMBOL open-time", or null. */
    public String frontier() {
        return frontier == null ? null : frontier.toString();
    }

    /** Inputs held for a later step. */
    public int held() {
        int n = features.size() + predictions.size() + late.size();
        for (List<CandleSettled> list : settlements.values()) {
            n += list.size();
        }
        for (Sym s : symbols.values()) {
            n += s.held.size();
        }
        return n;
    }

    /** What the head step waits for, as a sentence (for logs and diagnostics), or null when nothing waits. */
    public String waitingFor() {
        Optional<Pos> head = head();
        if (head.isEmpty()) {
            return null;
        }
        Pos pos = head.get();
        Sym sym = symbols.get(pos.symbol());
        Blocker blocker = blocker(pos, sym);
        return switch (blocker) {
            case NONE -> null;
            case OTHER_SYMBOLS -> pos + " waits for settlements of " + otherSymbolsBlocking(pos);
            case SETTLEMENT -> {
                Map.Entry<Instant, List<CandleSettled>> next = sym.settled.ceilingEntry(pos.time());
                yield pos + (pos.equals(awaiting) ? " waits for execution's answer to " + sym.lastApproved
                        : " waits for its settlement") + " (next held: " + (next == null ? "none" : next.getValue())
                        + ", last approved " + sym.lastApproved + ", received " + (sym.interval == null || next == null
                        ? "-" : java.util.Arrays.toString(received(next.getKey(), sym))) + ")";
            }
            case FEATURES -> pos + " waits for its features";
            case PREDICTION -> pos + " waits for its prediction";
        };
    }

    private enum Blocker { NONE, OTHER_SYMBOLS, SETTLEMENT, FEATURES, PREDICTION }

    private Optional<Pos> head() {
        if (awaiting != null) {
            return Optional.of(awaiting);
        }
        Pos min = null;
        for (TreeMap<Pos, ?> map : List.<TreeMap<Pos, ?>>of(settlements, features, predictions)) {
            if (!map.isEmpty() && (min == null || map.firstKey().compareTo(min) < 0)) {
                min = map.firstKey();
            }
        }
        return Optional.ofNullable(min);
    }

    private Blocker blocker(Pos pos, Sym sym) {
        if (pos.equals(awaiting)) {
            return settled(pos, sym) ? Blocker.NONE : Blocker.SETTLEMENT;
        }
        if (!otherSymbolsBlocking(pos).isEmpty()) {
            return Blocker.OTHER_SYMBOLS;
        }
        if (!settled(pos, sym)) {
            return Blocker.SETTLEMENT;
        }
        FeaturesComputed f = features.get(pos);
        if (f == null) {
            return Blocker.FEATURES;
        }
        return f.warm() && !predictions.containsKey(pos) ? Blocker.PREDICTION : Blocker.NONE;
    }

    /** Symbols (not silenced) that could still produce a step before {@code pos}. */
    private List<Symbol> otherSymbolsBlocking(Pos pos) {
        List<Symbol> blocking = new ArrayList<>();
        symbols.forEach((symbol, s) -> {
            if (symbol.equals(pos.symbol()) || s.silent) {
                return;
            }
            boolean before = symbol.value().compareTo(pos.symbol().value()) < 0;
            boolean clear = s.lastSettled != null && (before ? !s.lastSettled.isBefore(pos.time())
                    : s.interval != null && !s.lastSettled.plus(s.interval.duration()).isBefore(pos.time()));
            if (!clear) {
                blocking.add(symbol);
            }
        });
        blocking.sort(Comparator.comparing(Symbol::value));
        return blocking;
    }

    /**
     * Condition (a): the earliest settlement at or after pos naming the last approved decision, and every event it
     * counts. Only the earliest is looked at: when a later one (T2) is complete, so is every earlier one (T1)
     * execution announced before it, as the events of candles up to T1 are among those up to T2; so the earliest
     * being incomplete means the events are still on their way.
     */
    private boolean settled(Pos pos, Sym sym) {
        TreeMap<Instant, List<CandleSettled>> named = sym.byDecision.get(sym.lastApproved);
        Map.Entry<Instant, List<CandleSettled>> next = named == null ? null : named.ceilingEntry(pos.time());
        if (sym.interval == null || next == null) {
            return false;
        }
        long[] received = received(next.getKey(), sym);
        for (CandleSettled s : next.getValue()) {
            if (received[0] >= s.fills() && received[1] >= s.positions() && received[2] >= s.orderOutcomes()) {
                return true;
            }
        }
        return false;
    }

    /** The execution events of sym received (applied or held) that belong to candles up to {@code candle}. */
    private long[] received(Instant candle, Sym sym) {
        long[] received = sym.applied.clone();
        for (Event e : sym.held.values()) {
            if (!CandleSettled.candleOf(e, sym.interval).isAfter(candle)) {
                received[rank(e)]++;
            }
        }
        return received;
    }

    private Step step(RiskEngine engine, Pos pos, Sym sym) {
        List<Event> out = new ArrayList<>();
        Set<EventId> consumed = new LinkedHashSet<>();
        int applied = applyHeld(engine, pos, sym, out, consumed);
        FeaturesComputed f = features.remove(pos);
        PredictionMade p = predictions.remove(pos);
        if (f != null) {
            consumed.add(f.eventId());
        }
        RiskDecisionMade decision = null;
        if (p != null) {
            consumed.add(p.eventId());
            decision = engine.decide(p, f == null ? null : MarketMark.of(f));
            out.addAll(engine.takeStateChanges());
            out.add(decision);
        }
        String note = applied + " execution event(s) applied" + (decision == null ? ", no prediction"
                : decision.approved() ? ", approved" : ", denied");
        if (decision != null && decision.approved()) {
            sym.lastApproved = decision.eventId();
            awaiting = pos;
            return new Step(Outcome.STEPPED, pos.symbol(), pos.time(), List.copyOf(out), decision, consumed, note);
        }
        finish(pos, consumed);
        return new Step(Outcome.STEPPED, pos.symbol(), pos.time(), List.copyOf(out), decision, consumed, note);
    }

    private Step answer(RiskEngine engine, Pos pos, Sym sym, Outcome outcome, String why) {
        List<Event> out = new ArrayList<>();
        Set<EventId> consumed = new LinkedHashSet<>();
        int applied = applyHeld(engine, pos, sym, out, consumed);
        awaiting = null;
        finish(pos, consumed);
        return new Step(outcome, pos.symbol(), pos.time(), List.copyOf(out), null, consumed,
                why + ", " + applied + " execution event(s) applied");
    }

    private Step timedOut(RiskEngine engine, Pos pos, Sym sym, Blocker blocker) {
        String within = " within " + format(stepTimeout);
        if (blocker == Blocker.OTHER_SYMBOLS) {
            List<Symbol> silent = otherSymbolsBlocking(pos);
            silent.forEach(s -> symbols.get(s).silent = true);
            return new Step(Outcome.SILENCED, pos.symbol(), pos.time(), List.of(), null, Set.of(),
                    "no settlement of " + silent + " at or after " + pos.time() + within + ": no longer waited for");
        }
        if (pos.equals(awaiting)) {
            // the decision is on Kafka and execution will take it: keep waiting for settlements that name it
            return answer(engine, pos, sym, Outcome.ANSWER_TIMED_OUT, "execution did not settle " + pos + " with decision "
                    + sym.lastApproved + within);
        }
        if (blocker != Blocker.SETTLEMENT) {
            // settled, but the features or the warm vector's prediction never came: decide with what is there
            boolean predicted = predictions.containsKey(pos);
            Step step = step(engine, pos, sym);
            return predicted ? step : new Step(Outcome.SKIPPED, pos.symbol(), pos.time(), step.published(), null,
                    step.consumed(), "no " + (blocker == Blocker.FEATURES ? "features" : "prediction") + " of " + pos
                    + within + ": step skipped");
        }
        List<Event> out = new ArrayList<>();
        Set<EventId> consumed = new LinkedHashSet<>();
        if (sym.interval != null) {
            applyHeld(engine, pos, sym, out, consumed);
        }
        if (sym.settled.ceilingKey(pos.time()) == null) {
            sym.silent = true; // execution has not settled this symbol's candle at all: stop waiting for it
        }
        adoptExecutionsLastDecision(pos, sym);
        FeaturesComputed f = features.remove(pos);
        PredictionMade p = predictions.remove(pos);
        if (f != null) {
            consumed.add(f.eventId());
        }
        if (p != null) {
            consumed.add(p.eventId());
            RiskDecisionMade denied = deny(p, "account state of " + pos.symbol().value() + " as of " + pos.time()
                    + " not confirmed by execution" + within);
            out.add(denied);
            finish(pos, consumed);
            return new Step(Outcome.DENIED_UNCONFIRMED, pos.symbol(), pos.time(), List.copyOf(out), denied, consumed,
                    denied.reason());
        }
        finish(pos, consumed);
        return new Step(Outcome.SKIPPED, pos.symbol(), pos.time(), List.copyOf(out), null, consumed,
                "no settlement of " + pos + " confirming the account" + within + ": step skipped");
    }

    /**
     * After a step timed out although execution settled it, naming another last decision than risk's
     * (execution's books and risk's state disagree, e.g. one of them was reset): execution's books are the
     * truth from now on, so the next steps do not all time out. (If execution was only slow to take risk's
     * decision, this costs one more timeout, after which its settlements name the decision again.)
     */
    private void adoptExecutionsLastDecision(Pos pos, Sym sym) {
        Map.Entry<Instant, List<CandleSettled>> latest = sym.settled.lastEntry();
        if (latest != null && !latest.getKey().isBefore(pos.time())) {
            sym.lastApproved = latest.getValue().getLast().lastDecisionId(); // execution's latest word
        }
    }

    private Step lateStep(RiskEngine engine, Event event) {
        List<Event> out = new ArrayList<>();
        RiskDecisionMade decision = null;
        Symbol symbol;
        Instant candle;
        if (event instanceof PredictionMade p) {
            symbol = p.symbol();
            candle = p.candleOpenTime();
            decision = deny(p, "prediction of " + symbol.value() + " " + candle
                    + " arrived after risk had passed its candle (last step " + frontier + ")");
            out.add(decision);
        } else {
            symbol = symbolOf(event);
            Sym sym = symbols.get(symbol);
            candle = CandleSettled.candleOf(event, sym.interval);
            apply(engine, event, sym, out);
        }
        return new Step(Outcome.LATE, symbol, candle, List.copyOf(out), decision, Set.of(event.eventId()),
                event.getClass().getSimpleName() + " " + event.eventId() + " after its step");
    }

    private int applyHeld(RiskEngine engine, Pos pos, Sym sym, List<Event> out, Set<EventId> consumed) {
        List<Event> due = new ArrayList<>();
        for (Iterator<Event> it = sym.held.values().iterator(); it.hasNext(); ) {
            Event e = it.next();
            if (!CandleSettled.candleOf(e, sym.interval).isAfter(pos.time())) {
                due.add(e);
                it.remove();
            }
        }
        due.sort(EXECUTION_ORDER);
        for (Event e : due) {
            apply(engine, e, sym, out);
            consumed.add(e.eventId());
        }
        return due.size();
    }

    private void apply(RiskEngine engine, Event event, Sym sym, List<Event> out) {
        switch (event) {
            case FillExecuted fill -> {
                Optional<TradingStateChanged> halt = engine.onFill(fill);
                out.addAll(engine.takeStateChanges());
                halt.ifPresent(out::add);
            }
            case PositionChanged position -> engine.onPosition(position);
            case OrderEvent order -> engine.onOrder(order);
            default -> throw new IllegalStateException("not an execution event: " + event);
        }
        sym.applied[rank(event)]++;
    }

    /** Marks pos finished and drops the settlements it no longer needs. */
    private void finish(Pos pos, Set<EventId> consumed) {
        if (frontier == null || pos.compareTo(frontier) > 0) {
            frontier = pos;
        }
        while (!settlements.isEmpty() && settlements.firstKey().compareTo(frontier) <= 0) {
            Map.Entry<Pos, List<CandleSettled>> done = settlements.pollFirstEntry();
            done.getValue().forEach(s -> consumed.add(s.eventId()));
            symbols.get(done.getKey().symbol()).drop(done.getKey().time());
        }
        while (!features.isEmpty() && features.firstKey().compareTo(frontier) <= 0) {
            consumed.add(features.pollFirstEntry().getValue().eventId());
        }
        while (!predictions.isEmpty() && predictions.firstKey().compareTo(frontier) <= 0) {
            late.add(predictions.pollFirstEntry().getValue());
        }
    }

    private RiskDecisionMade deny(PredictionMade p, String reason) {
        RiskCheck check = new RiskCheck(CHECK, false, null, "==", null, null, reason);
        return new RiskDecisionMade(Ids.derivedFrom("decision", p.eventId()), p.tsEvent(), clock.instant(), p.eventId(),
                RiskDecisionMade.SCHEMA_VERSION, p.symbol(), p.interval(), p.candleOpenTime(), false, null, List.of(check),
                reason);
    }

    private boolean passed(Pos pos) {
        return frontier != null && pos.compareTo(frontier) <= 0;
    }

    private Sym sym(Symbol symbol) {
        return symbols.computeIfAbsent(symbol, k -> new Sym());
    }

    /** fill 0, position 1, order outcome 2, anything else -1. */
    private static int rank(Event e) {
        return switch (e) {
            case FillExecuted f -> 0;
            case PositionChanged p -> 1;
            case OrderRejected r -> 2;
            case OrderCanceled c -> 2;
            case OrderExpired x -> 2;
            default -> -1;
        };
    }

    private static Symbol symbolOf(Event e) {
        return switch (e) {
            case FillExecuted f -> f.symbol();
            case PositionChanged p -> p.symbol();
            case OrderRejected r -> r.symbol();
            case OrderCanceled c -> c.symbol();
            case OrderExpired x -> x.symbol();
            default -> throw new IllegalArgumentException("no symbol: " + e);
        };
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
