package dev.sextant.risk.domain;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * Risk-service's view of the account: equity, today's loss, open positions and pending entries.
 *
 * <p>Equity = starting capital + the realized P&L of every exit fill (net of both legs' fees, as
 * execution-service reports it) - the fees of entries whose exit has not come yet. Unrealized P&L is
 * not counted. The daily loss is {@code max(0, dayStartEquity - equity) / dayStartEquity}, for the UTC
 * day of the latest event's time; the day rolls when an event of a later day arrives.
 *
 * <p><b>Cached aggregates.</b> The risk engine reads equity, available equity and the daily loss on
 * every decision, but they change only when this account does (a fill, a position, a pending entry
 * added, cleared or expired, a new day). Each is computed on first read after a change, with exactly
 * the expression it always had (so the same value and scale), and kept until the next change: every
 * method that changes a field they depend on calls {@code changed()}. The collections are handed out
 * read-only so that nothing can change them behind the cache.
 */
public final class Account {
    static final int CLOSED_IDS_KEPT = 1000;
    private static final long SECONDS_PER_DAY = 86_400;

    private BigDecimal realizedEquity;
    private LocalDate day;
    /** {@code day.toEpochDay()}, so that rolling the day needs no LocalDate per event; unused while {@code day} is null. */
    private long epochDay;
    private BigDecimal dayStartEquity;
    /** Open positions by position id: normally one per symbol, briefly two while the topics disagree on the order of a close and a new entry. */
    private final Map<String, OpenPosition> open = new TreeMap<>();
    private final Map<Symbol, PendingIntent> pending = new TreeMap<>(Comparator.comparing(Symbol::value));
    /** Recently closed position ids, oldest first (a set: a late entry fill looks its id up on every entry). */
    private final SequencedSet<String> closedPositionIds = new LinkedHashSet<>();

    // The aggregates, null when not computed since the last change (see the class comment).
    private BigDecimal equity;
    private BigDecimal availableEquity;
    private BigDecimal dailyLossRatio;

    /** A fresh account holding {@code capital}. */
    public Account(BigDecimal capital) {
        this.realizedEquity = capital;
        this.dayStartEquity = capital;
    }

    /** An account restored from {@code snapshot}. */
    public Account(AccountSnapshot snapshot) {
        this.realizedEquity = snapshot.realizedEquity();
        this.day = snapshot.day();
        this.epochDay = day == null ? 0 : day.toEpochDay();
        this.dayStartEquity = snapshot.dayStartEquity();
        snapshot.open().forEach(p -> open.put(p.positionId(), p));
        snapshot.pending().forEach(p -> pending.put(p.symbol(), p));
        closedPositionIds.addAll(snapshot.closedPositionIds());
    }

    public AccountSnapshot snapshot() {
        return new AccountSnapshot(realizedEquity, day, dayStartEquity, new ArrayList<>(open.values()),
                new ArrayList<>(pending.values()), new ArrayList<>(closedPositionIds));
    }

    /** Equity now: realized equity minus the fees of entries not yet settled by their exit. */
    public BigDecimal equity() {
        if (equity == null) {
            BigDecimal e = realizedEquity;
            for (OpenPosition p : open.values()) {
                e = e.subtract(p.unsettledEntryFees());
            }
            equity = e;
        }
        return equity;
    }

    /** Forgets the cached aggregates; called by every change of the fields they are computed from. */
    private void changed() {
        equity = null;
        availableEquity = null;
        dailyLossRatio = null;
    }

    public LocalDate day() {
        return day;
    }

    public BigDecimal dayStartEquity() {
        return dayStartEquity;
    }

    /** Starts a new UTC day when {@code eventTime} falls on a later day than the current one. */
    public void rollDay(Instant eventTime) {
        // LocalDate.ofInstant(eventTime, UTC) is this epoch day; the LocalDate is made only when the day rolls.
        long eventDay = Math.floorDiv(eventTime.getEpochSecond(), SECONDS_PER_DAY);
        if (day == null || eventDay > epochDay) {
            day = LocalDate.ofEpochDay(eventDay);
            epochDay = eventDay;
            dayStartEquity = equity();
            changed();
        }
    }

    /** Today's loss as a share of the day's starting equity (0 when flat or up), at {@link Decimals#RATIO_SCALE} places. */
    public BigDecimal dailyLossRatio() {
        if (dailyLossRatio == null) {
            BigDecimal loss = dayStartEquity.subtract(equity());
            if (loss.signum() <= 0) {
                dailyLossRatio = BigDecimal.ZERO.setScale(Decimals.RATIO_SCALE);
            } else {
                dailyLossRatio = dayStartEquity.signum() <= 0 ? BigDecimal.ONE.setScale(Decimals.RATIO_SCALE)
                        : Decimals.ratio(loss, dayStartEquity);
            }
        }
        return dailyLossRatio;
    }

    /** Equity not committed to open positions or pending entries (no leverage). */
    public BigDecimal availableEquity() {
        if (availableEquity == null) {
            BigDecimal committed = BigDecimal.ZERO;
            for (OpenPosition p : open.values()) {
                committed = committed.add(p.notional());
            }
            for (PendingIntent p : pending.values()) {
                committed = committed.add(p.notional());
            }
            availableEquity = equity().subtract(committed);
        }
        return availableEquity;
    }

    public Optional<OpenPosition> openPosition(Symbol symbol) {
        return Optional.ofNullable(openPositionOrNull(symbol));
    }

    /** The first open position of {@code symbol} (by position id), or null. */
    OpenPosition openPositionOrNull(Symbol symbol) {
        for (OpenPosition p : open.values()) {
            if (p.symbol().equals(symbol)) {
                return p;
            }
        }
        return null;
    }

    public Optional<PendingIntent> pendingIntent(Symbol symbol) {
        return Optional.ofNullable(pending.get(symbol));
    }

    /** The pending entry of {@code symbol}, or null. */
    PendingIntent pendingIntentOrNull(Symbol symbol) {
        return pending.get(symbol);
    }

    /** The open positions by position id, read-only (a live view). */
    public Collection<OpenPosition> openPositions() {
        return Collections.unmodifiableCollection(open.values());
    }

    /** The pending entries by symbol, read-only (a live view). */
    public Collection<PendingIntent> pendingIntents() {
        return Collections.unmodifiableCollection(pending.values());
    }

    /** Records an approved entry as pending. */
    public void addPending(PendingIntent intent) {
        pending.put(intent.symbol(), intent);
        changed();
    }

    /** Drops the pending entry of {@code symbol} when it is the one with {@code clientOrderId}; true if dropped. */
    public boolean clearPending(Symbol symbol, ClientOrderId clientOrderId) {
        PendingIntent intent = pending.get(symbol);
        if (intent != null && intent.clientOrderId().equals(clientOrderId)) {
            pending.remove(symbol);
            changed();
            return true;
        }
        return false;
    }

    /** Drops the pending entry of {@code symbol} if a prediction for {@code candle} means it timed out; true if dropped. */
    public boolean expirePending(Symbol symbol, Instant candle, int timeoutCandles) {
        PendingIntent intent = pending.get(symbol);
        if (intent != null && intent.expiredAt(candle, timeoutCandles)) {
            pending.remove(symbol);
            changed();
            return true;
        }
        return false;
    }

    /** Applies a fill: an entry opens (or adds to) its position; an exit books its realized P&L and reduces it. */
    public void apply(FillExecuted fill) {
        rollDay(fill.tsEvent());
        Symbol symbol = fill.symbol();
        String id = fill.positionId();
        if (fill.purpose() == OrderPurpose.ENTRY) {
            clearPending(symbol, fill.clientOrderId());
            if (closedPositionIds.contains(id)) {
                return; // the position's FLAT came first; its exit's realized P&L settles this entry's fee
            }
            OpenPosition current = open.get(id);
            open.put(id, current == null
                    ? new OpenPosition(symbol, id, fill.quantity(), fill.notional(), fill.fee())
                    : new OpenPosition(symbol, id, current.quantity().add(fill.quantity()),
                            current.notional().add(fill.notional()), current.unsettledEntryFees().add(fill.fee())));
            changed();
            return;
        }
        realizedEquity = realizedEquity.add(fill.realizedPnl());
        changed();
        OpenPosition current = open.get(id);
        if (current == null) {
            return;
        }
        if (fill.quantity().compareTo(current.quantity()) >= 0) {
            close(id);
            return;
        }
        BigDecimal share = Decimals.ratio(fill.quantity(), current.quantity());
        open.put(id, new OpenPosition(symbol, id, current.quantity().subtract(fill.quantity()),
                current.notional().subtract(current.notional().multiply(share)).setScale(Decimals.RATIO_SCALE, RoundingMode.HALF_EVEN),
                current.unsettledEntryFees().subtract(current.unsettledEntryFees().multiply(share))
                        .setScale(Decimals.RATIO_SCALE, RoundingMode.HALF_EVEN)));
        changed();
    }

    /**
     * Applies execution-service's authoritative state of one position: FLAT closes it, LONG/SHORT
     * sets its quantity and notional (quantity x average entry price). Updates of a position already
     * closed are ignored.
     */
    public void apply(PositionChanged position) {
        String id = position.positionId();
        // The position id is its entry's client order id: the entry is no longer pending. Comparing the
        // texts is what clearPending(symbol, ClientOrderId.of(id)) did, without parsing the id (a pending
        // entry's id is always a valid ClientOrderId, so an id that is not one never matched).
        PendingIntent intent = pending.get(position.symbol());
        if (intent != null && intent.clientOrderId().value().equals(id)) {
            pending.remove(position.symbol());
            changed();
        }
        if (!position.hasPosition()) {
            close(id);
            return;
        }
        if (closedPositionIds.contains(id)) {
            return;
        }
        OpenPosition current = open.get(id);
        open.put(id, new OpenPosition(position.symbol(), id, position.quantity(),
                position.quantity().multiply(position.averageEntryPrice()),
                current == null ? BigDecimal.ZERO : current.unsettledEntryFees()));
        changed();
    }

    private void close(String positionId) {
        if (open.remove(positionId) != null) {
            changed();
        }
        remember(positionId);
    }

    private void remember(String positionId) {
        // add() keeps an id already remembered where it is, as the check-then-addLast of a deque did.
        if (closedPositionIds.add(positionId)) {
            while (closedPositionIds.size() > CLOSED_IDS_KEPT) {
                closedPositionIds.removeFirst();
            }
        }
    }
}
