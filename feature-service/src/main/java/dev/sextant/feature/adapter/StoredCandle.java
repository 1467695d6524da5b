package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.CandleClosed;

/** A row of {@code candle_window}: a consumed candle and whether its features were published. */
public record StoredCandle(CandleClosed candle, boolean published) {
}
