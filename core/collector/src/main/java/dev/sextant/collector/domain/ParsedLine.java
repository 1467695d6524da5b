package dev.sextant.collector.domain;

/** The result of parsing one line of a kline file: a {@link Kline} or the reason it could not be read. */
public sealed interface ParsedLine {

    /** The line as read. */
    String raw();

    /** A well-formed row. */
    record Row(Kline kline) implements ParsedLine {
        @Override
        public String raw() {
            return kline.raw();
        }
    }

    /** A line that is not a kline row (wrong column count, a value that is not a number, ...). */
    record Malformed(String raw, String reason) implements ParsedLine {}
}
