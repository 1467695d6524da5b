package dev.sextant.contracts.json;

/**
 * A payload that is not a valid event. {@link #field()} names the offending field (a JSON path
 * such as {@code intent.quantity}) when it is known; the message always says what is wrong.
 */
public class EventDecodingException extends RuntimeException {
    private final String field;

    public EventDecodingException(String message, String field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The JSON path of the offending field, or null when the payload as a whole is unreadable. */
    public String field() {
        return field;
    }
}
