package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.TradingStateChanged;
import java.time.Instant;

/**
 * The trading state risk-service enforces, as last announced ({@code TradingStateChanged}).
 *
 * @param state    RUNNING, PAUSED, STOPPED, HALTED, or UNKNOWN before any announcement
 * @param previous the state before, null when unknown
 * @param reason   why it changed: the {@code reason} of that {@code TradingStateChanged}, verbatim
 * @param since    event time of the change
 * @param symbol   the symbol it concerns, null for every symbol
 */
public record BotStatus(String state, String previous, String reason, Instant since, String symbol) {

    public static final BotStatus UNKNOWN = new BotStatus("UNKNOWN", null, "no trading state announced yet", null, null);

    public static BotStatus of(TradingStateChanged e) {
        return new BotStatus(e.state().name(), e.previous().name(), e.reason(), e.tsEvent(),
                e.symbol() == null ? null : e.symbol().value());
    }
}
