package dev.sextant.risk.domain;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.SettingsUpdateRequested;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The risk gate: decides on every prediction with the pre-trade checks and the sizing, keeps the
 * account (fills, positions, pending entries), the trading state and the latest order books. Not
 * thread-safe: one caller at a time. Time comes from the events; {@code clock} only stamps
 * {@code tsInit} (and the start-up announcement).
 *
 * <p>Checks, in this order: {@value TradingStateCheck#NAME}, {@value DirectionCheck#NAME},
 * {@value ConfidenceCheck#NAME}, {@value OpenPositionCheck#NAME}, {@value DailyLossCheck#NAME},
 * {@value VolatilityCheck#NAME}, {@value SpreadCheck#NAME}, then, when the direction is up,
 * {@value PositionSizer#NAME} from the sizing and, when an entry could be sized,
 * {@value MinNotionalCheck#NAME} on its final notional, {@value SlippageCheck#NAME} and
 * {@value LiquidityCheck#NAME} on the latest order book. The book checks pass as "unknown" for a symbol
 * whose book never came (a candle replay, a backtest) and deny when its book is stale at the decision's
 * market time (or taken well after it), one-sided or crossed. A decision is approved when every check
 * passed; a denied one names the failed checks' details in its reason and still carries the
 * intent it would have sized, if any.
 *
 * <p>The trading state is kept with the reason and event time of the change that led to it, so
 * that a restored engine can say why it is, e.g., HALTED ({@link #startupAnnouncement()}).
 *
 * <p><b>Market time.</b> The account's UTC day and the end of a daily-loss halt follow the inputs'
 * event time, never the wall clock. A fill that takes today's loss to {@code max-daily-loss} halts;
 * with {@code daily-loss-halt = until-next-day} (the default) that halt lifts on the first input whose
 * event time falls on a later UTC day than the halt's, back to the state before it
 * ({@link DailyLossHalt#resumeState()}); with {@code until-operator}, and for every other halt, only an
 * operator start lifts it. The caller passes each market input's event time to
 * {@link #onMarketTime(Instant)} before handing the input over, and publishes what it returns;
 * {@link #decide} and {@link #onFill} also advance the market time themselves, so a caller that forgot
 * still gets the right decision, and the change they made is kept for {@link #takeStateChanges()}.
 *
 * <p><b>Forged input</b> (docs/reliability.md). The engine remembers every entry it approved
 * ({@link ApprovedEntry}); {@link #admit} refuses, before anything changes, an execution report that does not belong
 * to one ({@link Account#check}) and an event whose time would move today more than {@link #maxDayJump()} days
 * ahead ({@link MarketDay}). The caller admits every input before it books or holds it. Control commands older than
 * the latest applied one by more than {@link #commandReplayWindow()} are ignored ({@link #staleness}); the caller
 * drops repeated command ids.
 */
public final class RiskEngine {
    /** The name under which settings updates address this service. */
    public static final String SERVICE = "risk-service";
    public static final String APPROVED_REASON = "all checks passed";

    private final RiskLimits baseLimits;
    private final Map<String, String> overrides = new TreeMap<>();
    private RiskLimits limits;
    private final Account account;
    private final TradingStateMachine state;
    /** The latest order book of each symbol, in arrival order. */
    private final Map<Symbol, OrderBookView> books = new HashMap<>();
    // The checks, in the order they run (see the class comment). This engine's own instances: some keep
    // the text of their last threshold or value, valid for as long as that instance comes back.
    private final DoubleDecimals predictionDecimals = new DoubleDecimals();
    private final TradingStateCheck tradingStateCheck = new TradingStateCheck();
    private final DirectionCheck directionCheck = new DirectionCheck(predictionDecimals);
    private final ConfidenceCheck confidenceCheck = new ConfidenceCheck(predictionDecimals);
    private final OpenPositionCheck openPositionCheck = new OpenPositionCheck();
    private final DailyLossCheck dailyLossCheck = new DailyLossCheck();
    private final VolatilityCheck volatilityCheck = new VolatilityCheck();
    private final SpreadCheck spreadCheck = new SpreadCheck();
    private final PositionSizer sizer = new PositionSizer();
    private final MinNotionalCheck minNotional = new MinNotionalCheck();
    private final SlippageCheck slippageCheck = new SlippageCheck();
    private final LiquidityCheck liquidityCheck = new LiquidityCheck();
    private final boolean restored;
    private String stateReason;
    private Instant stateSince;
    /** State changes made inside decide/onFill because the caller had not called onMarketTime first. */
    private final List<TradingStateChanged> untaken = new ArrayList<>();
    private final Clock clock;
    private int maxDayJump = MarketDay.UNBOUNDED;
    private Duration commandReplayWindow = DEFAULT_COMMAND_REPLAY_WINDOW;
    /** The latest tsEvent of an applied control command, null before the first. */
    private Instant lastCommandTime;
    /** The latest market time of an admitted input (see {@link #admit}), null before the first. */
    private Instant latestAdmitted;

    /** How much older than the latest applied command a command may be and still apply, unless configured otherwise. */
    public static final Duration DEFAULT_COMMAND_REPLAY_WINDOW = Duration.ofMinutes(5);

    /** A fresh engine: {@code initialCapital} of equity, trading state {@code initialState}. */
    public RiskEngine(RiskLimits limits, BigDecimal initialCapital, TradingState initialState, Clock clock) {
        this(limits, new EngineSnapshot(initialState, null, null, Map.of(), new Account(requireCapital(initialCapital)).snapshot()),
                clock, false);
    }

    private static BigDecimal requireCapital(BigDecimal capital) {
        if (capital == null || capital.signum() <= 0) {
            throw new IllegalArgumentException("risk setting 'initial-capital' (sextant.risk.initial-capital) must be greater"
                    + " than 0, got " + (capital == null ? "nothing" : capital.toPlainString()));
        }
        return capital;
    }

    /**
     * An engine restored from {@code snapshot}; its setting overrides are applied on top of
     * {@code limits} (IllegalArgumentException if they no longer validate).
     */
    public RiskEngine(RiskLimits limits, EngineSnapshot snapshot, Clock clock) {
        this(limits, snapshot, clock, true);
    }

    private RiskEngine(RiskLimits limits, EngineSnapshot snapshot, Clock clock, boolean restored) {
        this.baseLimits = limits;
        this.overrides.putAll(snapshot.settingOverrides());
        this.limits = limits.withOverrides(overrides);
        this.account = new Account(snapshot.account());
        this.state = new TradingStateMachine(snapshot.tradingState(), snapshot.dailyLossHalt());
        this.stateReason = snapshot.tradingStateReason();
        this.stateSince = snapshot.tradingStateSince();
        this.lastCommandTime = snapshot.lastCommandTime();
        this.latestAdmitted = snapshot.latestAdmitted();
        this.clock = clock;
        this.restored = restored;
    }

    /**
     * Bounds how far one event may move today: at most {@code days} UTC days at once (see {@link MarketDay}); a new
     * engine is unbounded. Returns this engine.
     */
    public RiskEngine limitDayJump(int days) {
        this.maxDayJump = MarketDay.bound(days);
        return this;
    }

    /** The day-jump bound ({@link MarketDay#UNBOUNDED} when none). */
    public int maxDayJump() {
        return maxDayJump;
    }

    /** Sets how much older than the latest applied control command a command may be (see {@link #staleness}). */
    public RiskEngine commandReplayWindow(Duration window) {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("the command replay window must be >= 0, got " + window);
        }
        this.commandReplayWindow = window;
        return this;
    }

    public Duration commandReplayWindow() {
        return commandReplayWindow;
    }

    // ------------------------------------------------------------------ admission (forged input)

    /**
     * Admits an input applied as it arrives: refuses ({@link RefusedInputException}, nothing changed) one whose times
     * fall more than {@link #maxDayJump()} days after the later of today and the latest input admitted so far
     * ({@link #checkTimes}), and an execution report that does not belong to an entry this engine approved
     * ({@link #checkOrigin}). An admitted input's market time becomes the latest admitted: inputs may run ahead of the
     * decisions that move today (features arrive long before their predictions in a fast replay), so counting the
     * bound from today alone would refuse a genuine stream for good, while a forged time still cannot move anything
     * further than the bound at once.
     */
    public void admit(Event event) {
        checkTimes(event, MarketDay.later(account.day(), MarketDay.of(latestAdmitted)));
        checkOrigin(event);
        if (!(event instanceof ControlEvent)) {
            noteAdmitted(event.tsEvent());
            noteAdmitted(candleOpenTime(event));
        }
    }

    /** Raises the latest admitted market time to {@code time} (null or earlier: no change), e.g. from stored marks. */
    public void noteAdmitted(Instant time) {
        if (time != null && (latestAdmitted == null || time.isAfter(latestAdmitted))) {
            latestAdmitted = time;
        }
    }

    /** The latest market time of an admitted input, null before the first. */
    public Instant latestAdmitted() {
        return latestAdmitted;
    }

    private static Instant candleOpenTime(Event event) {
        return switch (event) {
            case FeaturesComputed f -> f.candleOpenTime();
            case PredictionMade p -> p.candleOpenTime();
            case CandleSettled c -> c.candleOpenTime();
            default -> null;
        };
    }

    /**
     * Refuses a fill, position or order outcome that does not belong to an entry this engine approved (see
     * {@link Account#check}); other events pass.
     */
    public void checkOrigin(Event event) {
        account.check(event);
    }

    /**
     * Refuses an input whose event time (and, for features, predictions and settlements, candle open time) falls more
     * than {@link #maxDayJump()} UTC days after {@code today} (null: no bound yet). Control commands carry wall-clock
     * time, not market time, and are not checked.
     */
    public void checkTimes(Event event, LocalDate today) {
        if (event instanceof ControlEvent || maxDayJump == MarketDay.UNBOUNDED || today == null) {
            return;
        }
        String what = event.getClass().getSimpleName() + " " + event.eventId();
        MarketDay.check(today, event.tsEvent(), maxDayJump, what + " tsEvent");
        MarketDay.check(today, candleOpenTime(event), maxDayJump, what + " candleOpenTime");
    }

    /**
     * Remembers an approved decision made before this engine kept them (restoring from an older snapshot, see
     * {@link #approvalsKnown()}); a denied one is ignored.
     */
    public void rememberApproved(RiskDecisionMade decision) {
        if (decision.approved()) {
            account.approve(Ids.clientOrderId(decision.eventId()), decision.symbol(), decision.intent());
        }
    }

    /**
     * False when restored from a snapshot written before approved entries were kept: pass the stored approved decisions
     * to {@link #rememberApproved} (oldest first), then call {@link #approvalsRestored()}.
     */
    public boolean approvalsKnown() {
        return account.approvalsKnown();
    }

    public void approvalsRestored() {
        account.approvalsRestored();
    }

    /** The entries this engine approved, oldest first. */
    public Collection<ApprovedEntry> approvedEntries() {
        return List.copyOf(account.approvedEntries());
    }

    /**
     * Advances the market time to {@code eventTime} (an input's event time, never the wall clock):
     * starts a new UTC day for the daily loss when {@code eventTime} is on a later day, and, when
     * {@code daily-loss-halt} is {@code until-next-day}, lifts a daily-loss halt of an earlier day. Returns
     * the TradingStateChanged of the lift (id {@code Ids.derivedFrom("trading-state-halt-lifted", halt's
     * event id)}, tsEvent = 00:00 UTC of {@code eventTime}'s day, causationId = the halt's event id), or
     * empty. Call it before handing an input to the engine; an earlier time than already seen changes nothing.
     */
    public Optional<TradingStateChanged> onMarketTime(Instant eventTime) {
        account.rollDay(eventTime);
        return liftDailyLossHaltIfDue(eventTime);
    }

    /**
     * The state changes {@link #decide} and {@link #onFill} made on their own (a daily-loss halt lifted
     * because the caller had not called {@link #onMarketTime} with the input's time first), oldest
     * first; each is returned once. Publish them before what the same input returned. Empty when the
     * caller always calls onMarketTime first.
     */
    public List<TradingStateChanged> takeStateChanges() {
        if (untaken.isEmpty()) {
            return List.of();
        }
        List<TradingStateChanged> taken = List.copyOf(untaken);
        untaken.clear();
        return taken;
    }

    /** Decides on {@code prediction} given its candle's {@code mark} (null when the features never came). */
    public RiskDecisionMade decide(PredictionMade prediction, MarketMark mark) {
        Symbol symbol = prediction.symbol();
        Optional<TradingStateChanged> lifted = onMarketTime(prediction.tsEvent());
        if (lifted.isPresent()) {
            untaken.add(lifted.get());
        }
        account.expirePending(symbol, prediction.candleOpenTime(), limits.pendingTimeoutCandles());
        OrderBookView book = books.get(symbol);
        CheckInput input = new CheckInput(prediction, mark, book == null || !book.twoSided() ? null : book.spreadRatio(),
                state.state(), account.openPositionOrNull(symbol), account.pendingIntentOrNull(symbol),
                account.dailyLossRatio(), limits, book);
        RiskCheck tradingState = tradingStateCheck.evaluate(input);
        RiskCheck direction = directionCheck.evaluate(input);
        RiskCheck confidence = confidenceCheck.evaluate(input);
        RiskCheck position = openPositionCheck.evaluate(input);
        RiskCheck dailyLoss = dailyLossCheck.evaluate(input);
        RiskCheck volatility = volatilityCheck.evaluate(input);
        RiskCheck spread = spreadCheck.evaluate(input);
        List<RiskCheck> checks;
        OrderIntent intent = null;
        if (!direction.passed()) {
            checks = List.of(tradingState, direction, confidence, position, dailyLoss, volatility, spread);
        } else {
            PositionSizer.Sizing sizing = sizer.size(account.equity(), account.availableEquity(), mark,
                    limits.quantityStep(symbol), limits);
            intent = sizing.intent();
            checks = intent == null
                    ? List.of(tradingState, direction, confidence, position, dailyLoss, volatility, spread, sizing.check())
                    : List.of(tradingState, direction, confidence, position, dailyLoss, volatility, spread, sizing.check(),
                            minNotional.evaluate(symbol, intent, limits.minNotional()), slippageCheck.evaluate(input, intent),
                            liquidityCheck.evaluate(input, intent));
        }
        boolean approved = intent != null && allPassed(checks);
        EventId decisionId = Ids.derivedFrom("decision", prediction.eventId());
        if (approved) {
            ClientOrderId orderId = Ids.clientOrderId(decisionId);
            account.addPending(new PendingIntent(symbol, decisionId, orderId, prediction.interval(),
                    prediction.candleOpenTime(), intent.notional()));
            account.approve(orderId, symbol, intent);
        }
        String reason = approved ? APPROVED_REASON : failedDetails(checks);
        return new RiskDecisionMade(decisionId, prediction.tsEvent(), clock.instant(), prediction.eventId(),
                RiskDecisionMade.SCHEMA_VERSION, symbol, prediction.interval(), prediction.candleOpenTime(), approved,
                intent, checks, reason);
    }

    private static boolean allPassed(List<RiskCheck> checks) {
        for (int i = 0; i < checks.size(); i++) {
            if (!checks.get(i).passed()) {
                return false;
            }
        }
        return true;
    }

    /** The details of the failed checks, in check order, joined with "; " (a denial's reason), sized once. */
    private static String failedDetails(List<RiskCheck> checks) {
        int firstFailed = -1;
        int failed = 0;
        int length = 0;
        for (int i = 0; i < checks.size(); i++) {
            RiskCheck check = checks.get(i);
            if (!check.passed()) {
                firstFailed = failed == 0 ? i : firstFailed;
                failed++;
                length += String.valueOf(check.detail()).length();
            }
        }
        if (failed <= 1) {
            return failed == 0 ? "" : String.valueOf(checks.get(firstFailed).detail());
        }
        StringBuilder joined = new StringBuilder(length + 2 * (failed - 1)).append(checks.get(firstFailed).detail());
        for (int i = firstFailed + 1; i < checks.size(); i++) {
            RiskCheck check = checks.get(i);
            if (!check.passed()) {
                joined.append("; ").append(check.detail());
            }
        }
        return joined.toString();
    }

    /**
     * Books a fill (advancing the market time to its event time first); halts trading when it takes
     * today's loss to the limit. The halt's reason says how it ends under the {@code daily-loss-halt}
     * setting in force. A fill that would take its approved entry beyond the approved quantity is not booked
     * ({@link Account#apply(FillExecuted)}).
     */
    public Optional<TradingStateChanged> onFill(FillExecuted fill) {
        Optional<TradingStateChanged> lifted = onMarketTime(fill.tsEvent());
        if (lifted.isPresent()) {
            untaken.add(lifted.get());
        }
        if (!account.apply(fill)) {
            return Optional.empty();
        }
        BigDecimal loss = account.dailyLossRatio();
        if (loss.compareTo(limits.maxDailyLoss()) >= 0) {
            LocalDate day = account.day();
            String ends = limits.dailyLossHalt() == DailyLossHaltPolicy.UNTIL_NEXT_DAY
                    ? "; the halt lifts at the next UTC day boundary (the first event of " + day.plusDays(1)
                            + " or later) or with an operator start"
                    : "; an operator start lifts the halt";
            EventId haltId = Ids.derivedFrom("trading-state", fill.eventId());
            return state.haltForDailyLoss("daily loss " + loss.toPlainString() + " reached limit "
                            + limits.maxDailyLoss().toPlainString() + " of the day's starting equity "
                            + account.dayStartEquity().toPlainString() + ends, day, haltId)
                    .map(t -> announce(t, fill.eventId(), fill.tsEvent()));
        }
        return Optional.empty();
    }

    private Optional<TradingStateChanged> liftDailyLossHaltIfDue(Instant eventTime) {
        if (limits.dailyLossHalt() != DailyLossHaltPolicy.UNTIL_NEXT_DAY) {
            return Optional.empty();
        }
        Optional<DailyLossHalt> halt = state.dailyLossHalt();
        if (halt.isEmpty()) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
        if (!today.isAfter(halt.get().day())) {
            return Optional.empty();
        }
        DailyLossHalt h = halt.get();
        String reason = "daily loss halt of " + h.day() + " lifted at the UTC day boundary " + today + switch (h.resumeState()) {
            case PAUSED -> "; back to PAUSED: an operator resume allows new entries";
            case STOPPED -> "; back to STOPPED: an operator start allows new entries";
            default -> "";
        };
        Instant boundary = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        return state.liftDailyLossHalt(reason).map(t -> announce(t, Ids.derivedFrom("trading-state-halt-lifted", h.haltEventId()),
                h.haltEventId(), boundary));
    }

    /** Applies execution-service's authoritative position of a symbol. */
    public void onPosition(PositionChanged position) {
        account.apply(position);
    }

    /** A rejected, canceled or expired order clears the pending entry it executed. */
    public void onOrder(OrderEvent order) {
        switch (order) {
            case OrderRejected r -> account.clearPending(r.symbol(), r.clientOrderId());
            case OrderCanceled c -> account.clearPending(c.symbol(), c.clientOrderId());
            case OrderExpired x -> account.clearPending(x.symbol(), x.clientOrderId());
            default -> { }
        }
    }

    /**
     * Remembers the symbol's latest order book, in arrival order (a symbol's snapshots share one partition). The book
     * checks judge its time against the decision's both ways ({@link CheckInput#bookProblem}), so a replayed old
     * snapshot or a forged future one denies only until the next genuine snapshot replaces it; keeping the newest by
     * time instead would let one forged far-future snapshot hide every genuine one for good.
     */
    public void onOrderBook(OrderBookSnapshotTaken book) {
        books.put(book.symbol(), OrderBookView.of(book));
    }

    /**
     * Why {@code command} is too old to apply: its tsEvent is more than {@link #commandReplayWindow()} before the
     * latest applied command's (a replay of an old command); empty when it may apply. Announcements
     * ({@link TradingStateChanged}) are never stale.
     */
    public Optional<String> staleness(ControlEvent command) {
        if (command instanceof TradingStateChanged || lastCommandTime == null
                || !command.tsEvent().isBefore(lastCommandTime.minus(commandReplayWindow))) {
            return Optional.empty();
        }
        return Optional.of(command.getClass().getSimpleName() + " " + command.eventId() + " of " + command.tsEvent()
                + " is older than the latest applied command (" + lastCommandTime + ") by more than "
                + commandReplayWindow + ": ignored as a replay");
    }

    /** The tsEvent of the latest applied control command, or null. */
    public Instant lastCommandTime() {
        return lastCommandTime;
    }

    /**
     * Applies a control command addressed to every symbol: start, stop, pause, resume, or a
     * settings update for {@value #SERVICE} (IllegalArgumentException naming the setting when invalid).
     * Commands for one symbol, other services' settings and other commands change nothing, and so does a stale
     * command ({@link #staleness}). The caller applies each command id once.
     */
    public Optional<TradingStateChanged> onControl(ControlEvent command) {
        if (command instanceof TradingStateChanged || staleness(command).isPresent()) {
            return Optional.empty();
        }
        Optional<TradingStateChanged> result = applyControl(command);
        if (lastCommandTime == null || command.tsEvent().isAfter(lastCommandTime)) {
            lastCommandTime = command.tsEvent();
        }
        return result;
    }

    private Optional<TradingStateChanged> applyControl(ControlEvent command) {
        if (command.symbol() != null) {
            return Optional.empty();
        }
        Optional<StateTransition> transition = switch (command) {
            case StartRequested s -> state.start("start requested by " + s.requestedBy());
            case StopRequested s -> state.stop("stop requested by " + s.requestedBy());
            case PauseRequested p -> state.pause("pause requested by " + p.requestedBy());
            case ResumeRequested r -> state.resume("resume requested by " + r.requestedBy());
            case SettingsUpdateRequested s -> {
                if (SERVICE.equals(s.service())) {
                    updateSettings(s.settings());
                }
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
        return transition.map(t -> announce(t, command.eventId(), command.tsEvent()));
    }

    /** Applies runtime setting overrides; nothing changes when any of them is invalid. */
    public void updateSettings(Map<String, String> settings) {
        Map<String, String> next = new TreeMap<>(overrides);
        next.putAll(settings);
        RiskLimits updated = baseLimits.withOverrides(next);
        overrides.clear();
        overrides.putAll(next);
        limits = updated;
    }

    /**
     * The TradingStateChanged announcing the current state at start-up ({@code previous} = current).
     * A fresh engine says {@code risk-service started in state RUNNING}; a restored one repeats why
     * the state holds: {@code risk-service restarted in state HALTED (since <tsEvent>: <reason of the change>)}
     * (without the parenthesis when the state never changed).
     */
    public TradingStateChanged startupAnnouncement() {
        StringBuilder reason = new StringBuilder("risk-service ").append(restored ? "restarted" : "started")
                .append(" in state ").append(state.state());
        if (stateReason != null) {
            reason.append(" (");
            if (stateSince != null) {
                reason.append("since ").append(stateSince).append(": ");
            }
            reason.append(stateReason).append(')');
        }
        return startupAnnouncement(reason.toString());
    }

    /** The TradingStateChanged announcing the current state at start-up ({@code previous} = current), for {@code reason}. */
    public TradingStateChanged startupAnnouncement(String reason) {
        Instant now = clock.instant();
        return new TradingStateChanged(Ids.derive("trading-state-startup", now), now, now, null,
                TradingStateChanged.SCHEMA_VERSION, null, state.state(), state.state(), reason);
    }

    private TradingStateChanged announce(StateTransition t, EventId cause, Instant tsEvent) {
        return announce(t, Ids.derivedFrom("trading-state", cause), cause, tsEvent);
    }

    private TradingStateChanged announce(StateTransition t, EventId id, EventId cause, Instant tsEvent) {
        stateReason = t.reason();
        stateSince = tsEvent;
        return new TradingStateChanged(id, tsEvent, clock.instant(), cause,
                TradingStateChanged.SCHEMA_VERSION, null, t.state(), t.previous(), t.reason());
    }

    public EngineSnapshot snapshot() {
        return new EngineSnapshot(state.state(), stateReason, stateSince, overrides, account.snapshot(),
                state.dailyLossHalt().orElse(null), lastCommandTime, latestAdmitted);
    }

    public RiskLimits limits() {
        return limits;
    }

    public TradingState tradingState() {
        return state.state();
    }

    /**
     * When the trading state is HALTED by the daily loss limit: its day, the state it returns to and the
     * halting event's id; empty otherwise (also when HALTED for another reason, which only a start lifts).
     */
    public Optional<DailyLossHalt> dailyLossHalt() {
        return state.dailyLossHalt();
    }

    /** Why the trading state holds: the reason of the change that led to it, or null when it never changed. */
    public String tradingStateReason() {
        return stateReason;
    }

    /** The event time of the change that led to the trading state, or null when it never changed. */
    public Instant tradingStateSince() {
        return stateSince;
    }

    public BigDecimal equity() {
        return account.equity();
    }

    public BigDecimal availableEquity() {
        return account.availableEquity();
    }

    public BigDecimal dayStartEquity() {
        return account.dayStartEquity();
    }

    public BigDecimal dailyLossRatio() {
        return account.dailyLossRatio();
    }

    public LocalDate day() {
        return account.day();
    }

    public Collection<OpenPosition> openPositions() {
        return List.copyOf(account.openPositions());
    }

    public Collection<PendingIntent> pendingIntents() {
        return List.copyOf(account.pendingIntents());
    }

    /** The latest spread/mid of {@code symbol}, or null when unknown (no book, or one with a side empty or crossed). */
    public BigDecimal spreadRatio(Symbol symbol) {
        OrderBookView book = books.get(symbol);
        return book == null || !book.twoSided() ? null : book.spreadRatio();
    }
}
