package dev.sextant.execution.binance;

/**
 * How long a LIMIT order stays on the book, as
 * <a href="https://developers.binance.com/docs/binance-spot-api-docs/enums#time-in-force">Enums, "Time in force"</a>
 * names it: good till cancelled, immediate or cancel, fill or kill.
 */
public enum TimeInForce {
    GTC,
    IOC,
    FOK
}
