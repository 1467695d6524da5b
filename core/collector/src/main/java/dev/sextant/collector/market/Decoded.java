package dev.sextant.collector.market;

/**
 * The result of reading one input that the caller asked for by type (a REST depth snapshot, a REST kline
 * list, a depth update built from strings): the value, or why the input was refused. Like
 * {@link dev.sextant.collector.domain.ParsedLine}, bad input is never an exception.
 */
public sealed interface Decoded<T> {

    /** The input read well. */
    record Ok<T>(T value) implements Decoded<T> {}

    /**
     * The input refused.
     *
     * @param raw    the input as received (for a dead letter), or null when it was not text
     * @param reason what is wrong, naming the field and the offending value
     */
    record Rejected<T>(String raw, String reason) implements Decoded<T> {}

    /** The value, or an {@link IllegalStateException} naming the reason (for tests and fixtures). */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Rejected<T> rejected -> throw new IllegalStateException("rejected: " + rejected.reason());
        };
    }
}
