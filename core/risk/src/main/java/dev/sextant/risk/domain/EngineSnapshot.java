package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import java.time.Instant;
import java.util.Map;

/**
 * The durable state of a {@link RiskEngine}: the trading state with why and since when it holds,
 * the runtime setting overrides (on top of the configured limits) and the account.
 *
 * <p>Snapshots written before a field existed still restore (risk-service stores this as JSON and
 * reads a missing field as null): without {@code tradingStateReason}/{@code tradingStateSince} the
 * restarted engine just names its state; without {@code dailyLossHalt} a HALTED snapshot is a halt
 * that waits for an operator start, which is what those snapshots' own halt reason said
 * ("an operator start lifts the halt") and the safe reading: the clock never resumes trading that a
 * human may have been told is halted.
 *
 * @param tradingState       the state risk-service enforces
 * @param tradingStateReason the reason of the change that led to {@code tradingState} (e.g. the daily-loss halt),
 *                           null when it never changed (the configured initial state) or the snapshot predates it
 * @param tradingStateSince  the {@code tsEvent} of that change, null likewise
 * @param settingOverrides   runtime setting overrides by name
 * @param account            equity, day, open positions, pending entries
 * @param dailyLossHalt      when {@code tradingState} is HALTED by the daily loss limit: its day, the state it returns
 *                           to and the halting event's id; null otherwise (not HALTED, HALTED for another reason, or a
 *                           snapshot that predates it: see above)
 * @param lastCommandTime    the tsEvent of the latest control command applied (older ones beyond the replay window
 *                           are ignored), null before the first or in a snapshot that predates it
 * @param latestAdmitted     the latest market time of an input the engine admitted ({@link RiskEngine#admit}): the
 *                           day-jump bound counts from it, so inputs that run ahead of the decisions are not refused;
 *                           null before the first or in a snapshot that predates it
 */
public record EngineSnapshot(TradingState tradingState, String tradingStateReason, Instant tradingStateSince,
                             Map<String, String> settingOverrides, AccountSnapshot account, DailyLossHalt dailyLossHalt,
                             Instant lastCommandTime, Instant latestAdmitted) {
    public EngineSnapshot {
        settingOverrides = Map.copyOf(settingOverrides);
    }

    /** A snapshot without the latest admitted time (as written before it existed). */
    public EngineSnapshot(TradingState tradingState, String tradingStateReason, Instant tradingStateSince,
                          Map<String, String> settingOverrides, AccountSnapshot account, DailyLossHalt dailyLossHalt,
                          Instant lastCommandTime) {
        this(tradingState, tradingStateReason, tradingStateSince, settingOverrides, account, dailyLossHalt, lastCommandTime,
                null);
    }

    /** A snapshot without a last command time (as written before it existed). */
    public EngineSnapshot(TradingState tradingState, String tradingStateReason, Instant tradingStateSince,
                          Map<String, String> settingOverrides, AccountSnapshot account, DailyLossHalt dailyLossHalt) {
        this(tradingState, tradingStateReason, tradingStateSince, settingOverrides, account, dailyLossHalt, null);
    }

    /** A snapshot without a daily-loss halt (as written before {@code dailyLossHalt} existed). */
    public EngineSnapshot(TradingState tradingState, String tradingStateReason, Instant tradingStateSince,
                          Map<String, String> settingOverrides, AccountSnapshot account) {
        this(tradingState, tradingStateReason, tradingStateSince, settingOverrides, account, null);
    }
}
