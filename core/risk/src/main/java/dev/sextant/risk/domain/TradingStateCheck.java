package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.TradingState;

/** New entries only while RUNNING. The value is null (a state is no number); the detail names the state. */
public final class TradingStateCheck implements PreTradeCheck {
    public static final String NAME = "trading_state";

    /** The check while RUNNING: always the same, and a RiskCheck is immutable, so one instance serves every decision. */
    private static final RiskCheck RUNNING = new RiskCheck(NAME, true, null, "==", null, null, "trading state RUNNING");

    @Override
    public RiskCheck evaluate(CheckInput input) {
        TradingState state = input.tradingState();
        if (state == TradingState.RUNNING) {
            return RUNNING;
        }
        return new RiskCheck(NAME, false, null, "==", null, null, "trading state " + state + ": new entries need RUNNING");
    }
}
