package dev.sextant.feature.micro;

/** What a rolling trade window did with an offered trade (see {@link TradeWindow}). */
public enum TradeAdmission {
    /** The trade is new and inside the window: it is counted. */
    ACCEPTED,
    /** A trade with the same trade id is in the window already: ignored (the first one stays). */
    DUPLICATE,
    /** The trade is at or before the window's start: ignored, it can no longer be placed. */
    LATE
}
