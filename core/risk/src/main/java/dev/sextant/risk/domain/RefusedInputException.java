package dev.sextant.risk.domain;

/**
 * Input refused <b>before anything changed</b>: a fill, position or order outcome that does not belong to an entry
 * risk approved, or an event whose time would move "today" beyond the allowed jump (docs/reliability.md, "Forged
 * input and control commands"). An {@link IllegalArgumentException}, the platform's "invalid input": the consumer
 * dead-letters the record with this message as the reason. Since nothing changed, the caller need not reload its
 * state.
 */
public final class RefusedInputException extends IllegalArgumentException {
    public RefusedInputException(String message) {
        super(message);
    }
}
