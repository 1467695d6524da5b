package dev.sextant.execution.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One point of the equity series.
 *
 * @param time   market time (a candle's close time, or a trade's exit time)
 * @param kind   {@link Kind#MARK} after a candle close, {@link Kind#TRADE} after a closed trade
 * @param ref    what it was computed for: the candle's event id or the position id; (time, kind, ref) is unique
 * @param cash   cash after it
 * @param equity cash + Σ signed position quantity × last close
 */
public record EquityPoint(Instant time, Kind kind, String ref, BigDecimal cash, BigDecimal equity) {
    public enum Kind { MARK, TRADE }
}
