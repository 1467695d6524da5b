package dev.sextant.risk.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything {@link Account} knows, as plain data to persist and restore.
 *
 * @param realizedEquity    starting capital plus every exit's realized P&L
 * @param day               the UTC day (by event time) the loss limit counts, null before the first event
 * @param dayStartEquity    equity when {@code day} began
 * @param open              open positions
 * @param pending           approved, unfilled entries
 * @param closedPositionIds recently closed position ids (a late entry fill must not reopen them)
 */
public record AccountSnapshot(BigDecimal realizedEquity, LocalDate day, BigDecimal dayStartEquity,
                              List<OpenPosition> open, List<PendingIntent> pending, List<String> closedPositionIds) {
    public AccountSnapshot {
        open = List.copyOf(open);
        pending = List.copyOf(pending);
        closedPositionIds = List.copyOf(closedPositionIds);
    }
}
