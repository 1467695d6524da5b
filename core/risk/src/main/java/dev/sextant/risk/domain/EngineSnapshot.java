package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import java.time.Instant;
import java.util.Map;

/**
 * The durable state of a {@link RiskEngine}: the trading state with why and since when it holds,
 * the runtime setting overrides (on top of the configured limits) and the account.
 *
 * @param tradingState       the state risk-service enforces
 * @param tradingStateReason the reason of the change that led to {@code tradingState} (e.g. the daily-loss halt),
 *                           null when it never changed (the configured initial state) or the snapshot predates it
 * @param tradingStateSince  the {@code tsEvent} of that change, null likewise
 * @param settingOverrides   runtime setting overrides by name
 * @param account            equity, day, open positions, pending entries
 */
public record EngineSnapshot(TradingState tradingState, String tradingStateReason, Instant tradingStateSince,
                             Map<String, String> settingOverrides, AccountSnapshot account) {
    public EngineSnapshot {
        settingOverrides = Map.copyOf(settingOverrides);
    }
}
