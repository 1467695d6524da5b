package dev.sextant.collector.domain;

import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.Iterator;

/**
 * The rows of one symbol in time order, and where an earlier run stopped.
 *
 * @param resumeAfter open time of the last candle already stored for this symbol, or null; rows up
 *                    to it are skipped (they were published and stored before)
 */
public record SymbolSource(Symbol symbol, Iterator<ParsedLine> lines, Instant resumeAfter) {}
