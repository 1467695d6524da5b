package dev.sextant.risk.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;

/** The candle a feature vector and a prediction share: symbol, interval, open time. */
public record CandleKey(Symbol symbol, Interval interval, Instant candleOpenTime) {}
