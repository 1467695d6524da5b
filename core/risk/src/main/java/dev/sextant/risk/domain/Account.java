package dev.sextant.risk.domain;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderCanceled;
import dev.sextant.contracts.event.OrderExpired;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderRejected;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.Set;
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
 *
 * <p><b>Only what risk approved is booked.</b> The account keeps the entries risk approved ({@link ApprovedEntry}:
 * order id = position id = {@code Ids.clientOrderId(decision id)}, symbol, side, quantity, reference price).
 * {@link #check} refuses a fill, position or order outcome that does not belong to one of them (see there); the
 * caller checks every such input before it books or holds it. {@link #apply(FillExecuted)} books an approved
 * entry's fills only up to its approved quantity (entries and exits each), so two fills that each passed the check
 * on their own cannot book more than risk approved. The approved entries of open positions and pending entries are
 * always kept, others up to the {@value #APPROVED_KEPT} most recent.
 */
public final class Account {
    static final int CLOSED_IDS_KEPT = 1000;
    /** Approved entries kept beyond those of open positions and pending entries. */
    static final int APPROVED_KEPT = 200;
    /**
     * How far a fill's or position's price may be from the approved reference price: within
     * [reference / {@value}, reference x {@value}]; a price beyond is absurd for an entry sized on that close.
     */
    static final int PRICE_FACTOR = 2;
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
    /** Entries risk approved, by order id, oldest first. */
    private final SequencedMap<String, ApprovedEntry> approved = new LinkedHashMap<>();
    /** The exit order ids of the approved entries (to their entry's id), derived once per entry (not persisted). */
    private final Map<String, String> exitOrderIds = new HashMap<>();
    /** False when restored from a snapshot that predates {@link #approved} (the owner restores them, see {@link #approvalsKnown}). */
    private boolean approvalsKnown = true;

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
        if (snapshot.approved() == null) {
            approvalsKnown = false;
        } else {
            snapshot.approved().forEach(a -> {
                approved.put(a.orderId(), a);
                addExitIds(a.orderId());
            });
        }
    }

    public AccountSnapshot snapshot() {
        return new AccountSnapshot(realizedEquity, day, dayStartEquity, new ArrayList<>(open.values()),
                new ArrayList<>(pending.values()), new ArrayList<>(closedPositionIds), new ArrayList<>(approved.values()));
    }

    // ------------------------------------------------------------------ approved entries

    /**
     * False when this account was restored from a snapshot written before approved entries were kept: its owner
     * must then {@link #approve} the approved decisions it stored (oldest first) and call {@link #approvalsRestored()}.
     */
    public boolean approvalsKnown() {
        return approvalsKnown;
    }

    /** The approved entries are complete again (see {@link #approvalsKnown()}). */
    public void approvalsRestored() {
        approvalsKnown = true;
    }

    /** Remembers an entry risk approved (its order id = {@code Ids.clientOrderId(decision id)}); once per id. */
    public void approve(ClientOrderId orderId, Symbol symbol, OrderIntent intent) {
        if (approved.putIfAbsent(orderId.value(), new ApprovedEntry(orderId.value(), symbol, intent.side(), intent.quantity(),
                intent.referencePrice(), BigDecimal.ZERO, BigDecimal.ZERO)) == null) {
            addExitIds(orderId.value());
        }
        int excess = approved.size() - APPROVED_KEPT;
        if (excess <= 0) {
            return;
        }
        Set<String> live = new HashSet<>(open.keySet());
        pending.values().forEach(p -> live.add(p.clientOrderId().value()));
        for (Iterator<ApprovedEntry> it = approved.values().iterator(); excess > 0 && it.hasNext(); ) {
            String id = it.next().orderId();
            if (!live.contains(id)) {
                it.remove();
                exitOrderIds.values().removeIf(id::equals);
                excess--;
            }
        }
    }

    private void addExitIds(String entryId) {
        ClientOrderId entry = ClientOrderId.of(entryId);
        for (OrderPurpose purpose : OrderPurpose.values()) {
            if (purpose.isExit()) {
                exitOrderIds.put(Ids.exitOrderId(entry, purpose.name()).value(), entryId);
            }
        }
    }

    /** The approved entries, oldest first, read-only. */
    public Collection<ApprovedEntry> approvedEntries() {
        return Collections.unmodifiableCollection(approved.values());
    }

    /**
     * Refuses ({@link RefusedInputException}, before any change) an execution report that does not belong to an
     * entry risk approved; other events pass. A {@link FillExecuted} must name an approved entry as its position, in
     * its symbol; an ENTRY fill must be that entry's own order, on its side, at a price within a factor of
     * {@value #PRICE_FACTOR} of the reference price, and keep the entered quantity within the approved one; an exit
     * must be the exit order {@code Ids.exitOrderId(entry, purpose)}, on the other side, keep the exited quantity
     * within the approved one and realize no more than it could (from an entry price within the factor, fees of at
     * most 10 % a leg). A {@link PositionChanged} must name an approved entry in its symbol; an open one its side,
     * at most its quantity, at an average price within the factor. An order outcome (rejected, canceled, expired) must
     * name an approved entry's order, or one of its exits, in its symbol.
     */
    public void check(Event event) {
        switch (event) {
            case FillExecuted f -> checkFill(f);
            case PositionChanged p -> checkPosition(p);
            case OrderRejected r -> checkOutcome(r, r.clientOrderId(), r.symbol());
            case OrderCanceled c -> checkOutcome(c, c.clientOrderId(), c.symbol());
            case OrderExpired x -> checkOutcome(x, x.clientOrderId(), x.symbol());
            default -> { }
        }
    }

    private void checkFill(FillExecuted fill) {
        ApprovedEntry entry = belongs(fill, fill.positionId(), fill.symbol());
        BigDecimal quantity = fill.quantity();
        if (fill.purpose() == OrderPurpose.ENTRY) {
            if (!fill.clientOrderId().value().equals(entry.orderId())) {
                throw refused(fill, "an entry fill of position " + entry.orderId() + " must be of its entry order "
                        + entry.orderId() + ", not " + fill.clientOrderId());
            }
            if (fill.side() != entry.side()) {
                throw refused(fill, "the entry of position " + entry.orderId() + " was approved to " + entry.side()
                        + ", the fill " + fill.side() + "s");
            }
            checkPrice(fill, "price", fill.price(), entry);
            if (entry.entered().add(quantity).compareTo(entry.quantity()) > 0) {
                throw refused(fill, "entering " + quantity.toPlainString() + " more of position " + entry.orderId()
                        + " (" + entry.entered().toPlainString() + " entered) exceeds its approved quantity "
                        + entry.quantity().toPlainString());
            }
            return;
        }
        ClientOrderId exitId = Ids.exitOrderId(ClientOrderId.of(entry.orderId()), fill.purpose().name());
        if (!fill.clientOrderId().equals(exitId)) {
            throw refused(fill, "a " + fill.purpose() + " exit of position " + entry.orderId() + " must be of order "
                    + exitId + ", not " + fill.clientOrderId());
        }
        if (fill.side() == entry.side()) {
            throw refused(fill, "an exit of position " + entry.orderId() + " must " + (entry.side() == Side.BUY ? Side.SELL
                    : Side.BUY) + ", the fill " + fill.side() + "s");
        }
        if (entry.exited().add(quantity).compareTo(entry.quantity()) > 0) {
            throw refused(fill, "exiting " + quantity.toPlainString() + " more of position " + entry.orderId() + " ("
                    + entry.exited().toPlainString() + " exited) exceeds its approved quantity "
                    + entry.quantity().toPlainString());
        }
        BigDecimal[] range = realizableRange(entry, fill.price(), quantity);
        if (fill.realizedPnl().compareTo(range[0]) < 0 || fill.realizedPnl().compareTo(range[1]) > 0) {
            throw refused(fill, "realized P&L " + fill.realizedPnl().toPlainString() + " is more than an exit of "
                    + quantity.toPlainString() + " at " + fill.price().toPlainString() + " can make or lose on an entry"
                    + " approved at about " + entry.referencePrice().toPlainString() + " (between "
                    + range[0].toPlainString() + " and " + range[1].toPlainString() + ")");
        }
    }

    /**
     * What an exit of {@code quantity} at {@code price} can realize on {@code entry}, whose fill price lies within
     * the price factor of the reference: gross P&amp;L at the least and most favourable entry price, less fees of at
     * most 10 % of each leg (the highest rate execution accepts).
     */
    private static BigDecimal[] realizableRange(ApprovedEntry entry, BigDecimal price, BigDecimal quantity) {
        BigDecimal factor = BigDecimal.valueOf(PRICE_FACTOR);
        BigDecimal highest = entry.referencePrice().multiply(factor);
        BigDecimal lowest = entry.referencePrice().divide(factor);
        BigDecimal fees = quantity.multiply(highest.add(price)).multiply(new BigDecimal("0.1"));
        boolean longSide = entry.side() == Side.BUY;
        BigDecimal worst = quantity.multiply(longSide ? price.subtract(highest) : lowest.subtract(price)).subtract(fees);
        BigDecimal best = quantity.multiply(longSide ? price.subtract(lowest) : highest.subtract(price));
        return new BigDecimal[] {worst, best};
    }

    private void checkPosition(PositionChanged position) {
        ApprovedEntry entry = belongs(position, position.positionId(), position.symbol());
        if (!position.hasPosition()) {
            return;
        }
        PositionSide side = entry.side() == Side.BUY ? PositionSide.LONG : PositionSide.SHORT;
        if (position.side() != side) {
            throw refused(position, "position " + entry.orderId() + " was approved " + side + ", not " + position.side());
        }
        if (position.quantity().compareTo(entry.quantity()) > 0) {
            throw refused(position, "quantity " + position.quantity().toPlainString() + " exceeds the approved "
                    + entry.quantity().toPlainString());
        }
        checkPrice(position, "average entry price", position.averageEntryPrice(), entry);
    }

    private void checkOutcome(Event outcome, ClientOrderId orderId, Symbol symbol) {
        ApprovedEntry entry = approved.get(orderId.value());
        if (entry == null) {
            // an exit order of an approved entry (never rejected by the paper venue, but a real one may)
            String entryId = exitOrderIds.get(orderId.value());
            entry = entryId == null ? null : approved.get(entryId);
            if (entry == null) {
                throw refused(outcome, "order " + orderId + " is not an entry risk-service approved, nor an exit of one");
            }
        }
        if (!entry.symbol().equals(symbol)) {
            throw refused(outcome, "order " + orderId + " was approved in " + entry.symbol() + ", not " + symbol);
        }
    }

    private ApprovedEntry belongs(Event event, String positionId, Symbol symbol) {
        ApprovedEntry entry = approved.get(positionId);
        if (entry == null) {
            throw refused(event, "position " + positionId + " was not opened by an entry risk-service approved (no approved"
                    + " decision has this client order id); what the platform did not place is not booked");
        }
        if (!entry.symbol().equals(symbol)) {
            throw refused(event, "position " + positionId + " was approved in " + entry.symbol() + ", not " + symbol);
        }
        return entry;
    }

    private static void checkPrice(Event event, String what, BigDecimal price, ApprovedEntry entry) {
        BigDecimal factor = BigDecimal.valueOf(PRICE_FACTOR);
        BigDecimal reference = entry.referencePrice();
        if (price.compareTo(reference.multiply(factor)) > 0 || price.multiply(factor).compareTo(reference) < 0) {
            throw refused(event, what + " " + price.toPlainString() + " is absurd for an entry approved at about "
                    + reference.toPlainString() + " (allowed: within a factor of " + PRICE_FACTOR + ")");
        }
    }

    private static RefusedInputException refused(Event event, String why) {
        return new RefusedInputException(event.getClass().getSimpleName() + " " + event.eventId() + " refused: " + why);
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

    /**
     * Applies a fill: an entry opens (or adds to) its position; an exit books its realized P&L and reduces it. A fill
     * of an approved entry that would take its entered (or exited) quantity beyond the approved one is not booked:
     * false. (Whether the fill belongs to an approved entry at all is {@link #check}'s.)
     */
    public boolean apply(FillExecuted fill) {
        rollDay(fill.tsEvent());
        Symbol symbol = fill.symbol();
        String id = fill.positionId();
        ApprovedEntry entry = approved.get(id);
        if (entry != null) {
            boolean entering = fill.purpose() == OrderPurpose.ENTRY;
            if ((entering ? entry.entered() : entry.exited()).add(fill.quantity()).compareTo(entry.quantity()) > 0) {
                return false;
            }
            approved.put(id, entering ? entry.withEntered(fill.quantity()) : entry.withExited(fill.quantity()));
        }
        if (fill.purpose() == OrderPurpose.ENTRY) {
            clearPending(symbol, fill.clientOrderId());
            if (closedPositionIds.contains(id)) {
                return true; // the position's FLAT came first; its exit's realized P&L settles this entry's fee
            }
            OpenPosition current = open.get(id);
            open.put(id, current == null
                    ? new OpenPosition(symbol, id, fill.quantity(), fill.notional(), fill.fee())
                    : new OpenPosition(symbol, id, current.quantity().add(fill.quantity()),
                            current.notional().add(fill.notional()), current.unsettledEntryFees().add(fill.fee())));
            changed();
            return true;
        }
        realizedEquity = realizedEquity.add(fill.realizedPnl());
        changed();
        OpenPosition current = open.get(id);
        if (current == null) {
            return true;
        }
        if (fill.quantity().compareTo(current.quantity()) >= 0) {
            close(id);
            return true;
        }
        BigDecimal share = Decimals.ratio(fill.quantity(), current.quantity());
        open.put(id, new OpenPosition(symbol, id, current.quantity().subtract(fill.quantity()),
                current.notional().subtract(current.notional().multiply(share)).setScale(Decimals.RATIO_SCALE, RoundingMode.HALF_EVEN),
                current.unsettledEntryFees().subtract(current.unsettledEntryFees().multiply(share))
                        .setScale(Decimals.RATIO_SCALE, RoundingMode.HALF_EVEN)));
        changed();
        return true;
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
