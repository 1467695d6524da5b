package dev.sextant.contracts.event;

import dev.sextant.contracts.id.Symbol;

/**
 * What travels on the {@code control} topic: commands (named as requests, in the past tense) sent
 * by the API gateway or an operator, and {@link TradingStateChanged}, with which risk-service
 * announces the state it obeys. {@code symbol} is null when a message concerns every symbol.
 */
public sealed interface ControlEvent extends Event
        permits StartRequested, StopRequested, PauseRequested, ResumeRequested, SettingsUpdateRequested,
                StrategySwitchRequested, PositionCloseRequested, RetrainRequested, TradingStateChanged {

    /** Kafka key of a message that concerns every symbol. */
    String ALL_SYMBOLS = "*";

    Symbol symbol();

    @Override
    default String key() {
        return symbol() == null ? ALL_SYMBOLS : symbol().value();
    }
}
