package dev.sextant.collector.market;

/**
 * What a {@link LocalOrderBook} has done since it was made (for metrics).
 *
 * @param eventsApplied     depth events applied to the book
 * @param levelsApplied     price levels those events set or removed
 * @param gaps              times updates were found missing (the book went {@link BookState#OUT_OF_SYNC}, or the
 *                          buffer broke and restarted from the newer event)
 * @param duplicatesIgnored events ignored because the book or the buffer already covered them
 * @param eventsBuffered    events kept while waiting for a snapshot
 * @param bufferedDropped   buffered events dropped: older than the snapshot ({@code u ≤ lastUpdateId}) or pushed
 *                          out of a full buffer
 * @param snapshotsTaken    snapshots that set the book
 * @param crossedEvents     applied events, and snapshots with the events replayed on them, after which best bid ≥
 *                          best ask
 * @param rejected          inputs of another symbol
 */
public record BookCounters(
        long eventsApplied,
        long levelsApplied,
        long gaps,
        long duplicatesIgnored,
        long eventsBuffered,
        long bufferedDropped,
        long snapshotsTaken,
        long crossedEvents,
        long rejected) {}
