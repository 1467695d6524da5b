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
 * @param approved          the entries risk approved that execution's reports must belong to, oldest first
 *                          ({@link ApprovedEntry}); null in a snapshot written before they were kept, whose owner
 *                          then restores them from its stored decisions ({@link Account#approvalsKnown()})
 */
public record AccountSnapshot(BigDecimal realizedEquity, LocalDate day, BigDecimal dayStartEquity,
                              List<OpenPosition> open, List<PendingIntent> pending, List<String> closedPositionIds,
                              List<ApprovedEntry> approved) {
    public AccountSnapshot {
        open = List.copyOf(open);
        pending = List.copyOf(pending);
        closedPositionIds = List.copyOf(closedPositionIds);
        approved = approved == null ? null : List.copyOf(approved);
    }

    /** A snapshot without approved entries (none approved yet). */
    public AccountSnapshot(BigDecimal realizedEquity, LocalDate day, BigDecimal dayStartEquity,
                           List<OpenPosition> open, List<PendingIntent> pending, List<String> closedPositionIds) {
        this(realizedEquity, day, dayStartEquity, open, pending, closedPositionIds, List.of());
    }
}
