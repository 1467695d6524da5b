package dev.sextant.risk.domain;

import dev.sextant.contracts.event.TradingState;

/** A change of the trading state: from {@code previous} to {@code state}, for {@code reason}. */
public record StateTransition(TradingState previous, TradingState state, String reason) {}
