package dev.sextant.contracts.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identity of one event. Derived deterministically from the event's inputs (see {@link Ids}), or, for an
 * operator's command, random: either way a UUID in its canonical lower-case text form
 * ({@code 8-4-4-4-12} hexadecimal digits, 36 characters, as {@link java.util.UUID#toString()} writes it).
 * Any other text is refused.
 */
public record EventId(String value) {
    /** Length of the canonical UUID text. */
    public static final int LENGTH = 36;

    public EventId {
        if (!isCanonicalUuid(value)) {
            throw new IllegalArgumentException("event id must be a lower-case UUID (8-4-4-4-12 hex digits, e.g. "
                    + "6036bafc-7fda-3fce-b63f-606dc5f3e0e4), got: " + abbreviate(value));
        }
    }

    @JsonCreator
    public static EventId of(String value) {
        return new EventId(value);
    }

    /** True when {@code value} is a UUID as {@link java.util.UUID#toString()} writes it. */
    public static boolean isCanonicalUuid(String value) {
        if (value == null || value.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String value) {
        return value == null || value.length() <= 80 ? value : value.substring(0, 80) + "... (" + value.length() + " characters)";
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
