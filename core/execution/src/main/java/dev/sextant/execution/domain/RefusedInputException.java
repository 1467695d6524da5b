package dev.sextant.execution.domain;

/**
 * Input the paper exchange refuses <b>before anything changed</b>: an absurd decision (a size no unlevered sizing
 * approves, prices far from the market) or an event whose time would move "today" beyond the allowed jump
 * ({@link InputBounds}, docs/reliability.md). An {@link IllegalArgumentException}, the platform's "invalid input":
 * the consumer dead-letters the record with this message as the reason; the caller need not rebuild its state.
 */
public final class RefusedInputException extends IllegalArgumentException {
    public RefusedInputException(String message) {
        super(message);
    }
}
