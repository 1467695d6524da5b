package dev.sextant.execution.domain;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.id.ClientOrderId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one input did to the books: orders, positions, trades and equity points to store, and the
 * events to publish, in order. The adapter stores all of it in one transaction before publishing.
 */
public final class Effects {
    /** How the input was taken. */
    public enum Outcome {
        /** It changed the books (see the lists). */
        APPLIED,
        /** Seen before: nothing new. */
        DUPLICATE,
        /** Valid but not for us (a denied decision, a close request with nothing to close...). */
        IGNORED
    }

    private final Outcome outcome;
    /** The note, or its first words when {@link #noteSubject} completes it (built when asked for: most are never read). */
    private String note;
    private Object noteSubject;
    private final Map<ClientOrderId, Order> orders = new LinkedHashMap<>();
    private final Set<ClientOrderId> created = new HashSet<>();
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final List<ClosedTrade> trades = new ArrayList<>();
    private final List<EquityPoint> equity = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    private Effects(Outcome outcome, String note) {
        this.outcome = outcome;
        this.note = note;
    }

    /** An outcome of {@code Outcome.APPLIED} with nothing in it yet. */
    public static Effects applied(String note) {
        return new Effects(Outcome.APPLIED, note);
    }

    /** {@code applied(prefix + subject)}, the text made only when {@link #note()} is read. */
    static Effects applied(String prefix, Object subject) {
        Effects effects = new Effects(Outcome.APPLIED, prefix);
        effects.noteSubject = subject;
        return effects;
    }

    /** An outcome of {@code Outcome.DUPLICATE} with nothing in it yet. */
    public static Effects duplicate(String note) {
        return new Effects(Outcome.DUPLICATE, note);
    }

    /** An outcome of {@code Outcome.IGNORED} with nothing in it yet. */
    public static Effects ignored(String note) {
        return new Effects(Outcome.IGNORED, note);
    }

    void order(Order order) {
        orders.put(order.clientOrderId(), order);
    }

    void newOrder(Order order) {
        orders.put(order.clientOrderId(), order);
        created.add(order.clientOrderId());
    }

    void position(Position position) {
        positions.put(position.positionId(), position);
    }

    void trade(ClosedTrade trade) {
        trades.add(trade);
    }

    void equity(EquityPoint point) {
        equity.add(point);
    }

    void event(Event event) {
        events.add(event);
    }

    public Outcome outcome() { return outcome; }
    /** Why, in a few words. */
    public String note() {
        if (noteSubject != null) {
            note = note + noteSubject;
            noteSubject = null;
        }
        return note;
    }
    /** Orders created or moved (their state after the input). */
    public Collection<Order> orders() { return orders.values(); }
    /** Positions opened, checked, or closed (their state after the input). */
    public Collection<Position> positions() { return positions.values(); }
    /** True when {@code order} was created by this input (to be inserted, not updated). */
    public boolean isNew(Order order) { return created.contains(order.clientOrderId()); }
    public List<ClosedTrade> trades() { return trades; }
    public List<EquityPoint> equity() { return equity; }
    /** Events to publish, in the order they happened. */
    public List<Event> events() { return events; }

    /** The fills among the events. */
    public List<FillExecuted> fills() {
        return events.stream().filter(FillExecuted.class::isInstance).map(FillExecuted.class::cast).toList();
    }
}
