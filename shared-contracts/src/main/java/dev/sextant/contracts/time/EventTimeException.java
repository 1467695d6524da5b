package dev.sextant.contracts.time;

import java.time.Instant;

/**
 * An event's time outside its consumer's {@link EventTimeWindow}. An {@link IllegalArgumentException}, so the
 * platform treats the record as invalid input (dead-letter with this message as the reason); the message
 * names the field, its value and the bound it broke.
 */
public class EventTimeException extends IllegalArgumentException {
    private final String field;
    private final Instant value;
    private final Instant bound;

    public EventTimeException(String message, String field, Instant value, Instant bound) {
        super(message);
        this.field = field;
        this.value = value;
        this.bound = bound;
    }

    /** The refused field, e.g. {@code tsEvent} or {@code openTime}. */
    public String field() {
        return field;
    }

    /** The refused time. */
    public Instant value() {
        return value;
    }

    /** The bound it broke (the floor, or the latest time the window allowed). */
    public Instant bound() {
        return bound;
    }
}
