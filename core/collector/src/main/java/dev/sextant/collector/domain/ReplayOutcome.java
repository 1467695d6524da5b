package dev.sextant.collector.domain;

import dev.sextant.contracts.event.CandleClosed;
import java.util.Optional;

/** What the replay made of one row: a candle to publish and store, or a rejection to dead-letter. */
public sealed interface ReplayOutcome {

    /** A valid, normalised candle; {@code gap} is set when candles are missing right before it. */
    record Accepted(CandleClosed candle, Kline kline, Optional<Gap> gap) implements ReplayOutcome {}

    /** An invalid row. */
    record Rejected(Rejection rejection) implements ReplayOutcome {}
}
