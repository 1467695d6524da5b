package dev.sextant.collector.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/**
 * Missing candles between two accepted ones of a symbol.
 *
 * @param from    open time of the first missing candle
 * @param to      open time of the last missing candle (inclusive)
 * @param missing number of missing candles
 */
public record Gap(Symbol symbol, Interval interval, Instant from, Instant to, long missing) {}
