package dev.sextant.risk.domain;

import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.TradingState;

/** New entries only while RUNNING. The value is null (a state is no number); the detail names the state. */
public final class TradingStateCheck implements PreTradeCheck {
    public static final String NAME = "trading_state";

    @Override
    public RiskCheck evaluate(CheckInput input) {
        TradingState state = input.tradingState();
        boolean passed = state == TradingState.RUNNING;
        String detail = passed ? "trading state RUNNING" : "trading state " + state + ": new entries need RUNNING";
        return new RiskCheck(NAME, passed, null, "==", null, null, detail);
    }
}
