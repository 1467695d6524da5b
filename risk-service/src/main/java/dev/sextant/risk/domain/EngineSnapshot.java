package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;
import java.util.Map;

/**
 * The durable state of a {@link RiskEngine}: the trading state, the runtime setting overrides (on
 * top of the configured limits) and the account.
 */
public record EngineSnapshot(TradingState tradingState, Map<String, String> settingOverrides, AccountSnapshot account) {
    public EngineSnapshot {
        settingOverrides = Map.copyOf(settingOverrides);
    }
}
