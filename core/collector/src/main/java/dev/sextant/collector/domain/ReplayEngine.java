package dev.sextant.collector.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The historical replay: merges the sources of several symbols in open-time order and turns their
 * rows into outcomes, one step at a time. A step holds the rows of every symbol with the next open
 * time (so at one step per second the replay delivers one candle per symbol per second), plus any
 * malformed lines met on the way. Each row is validated ({@link CandleValidator}), checked for
 * missing candles before it ({@link GapDetector}) and normalised ({@link CandleNormalizer}).
 *
 * <p>Not thread-safe: one replay loop drives it.
 */
public final class ReplayEngine {
    private final List<Cursor> cursors = new ArrayList<>();
    private final ReplayWindow window;
    private final Interval interval;
    private final CandleValidator validator;
    private final CandleNormalizer normalizer;

    public ReplayEngine(List<SymbolSource> sources, Interval interval, ReplayWindow window,
                        CandleValidator validator, CandleNormalizer normalizer) {
        this.interval = interval;
        this.window = window;
        this.validator = validator;
        this.normalizer = normalizer;
        for (SymbolSource source : sources) {
            cursors.add(new Cursor(source));
        }
    }

    /** The outcomes of the next step, in symbol order; empty once every source is done. */
    public List<ReplayOutcome> nextStep() {
        Instant next = null;
        for (Cursor cursor : cursors) {
            cursor.fill();
            if (cursor.peeked != null && (next == null || cursor.peeked.openTime().isBefore(next))) {
                next = cursor.peeked.openTime();
            }
        }
        List<ReplayOutcome> outcomes = new ArrayList<>();
        for (Cursor cursor : cursors) {
            for (ParsedLine.Malformed bad : cursor.malformed) {
                outcomes.add(new ReplayOutcome.Rejected(
                        new Rejection(cursor.symbol, bad.raw(), InvalidReason.MALFORMED, bad.reason())));
            }
            cursor.malformed.clear();
            if (cursor.peeked != null && cursor.peeked.openTime().equals(next)) {
                outcomes.add(cursor.accept(cursor.peeked));
                cursor.peeked = null;
            }
        }
        return outcomes;
    }

    /**
     * Runs steps until at least {@code maxOutcomes} outcomes are collected or the replay is done;
     * always whole steps.
     */
    public List<ReplayOutcome> nextSteps(int maxOutcomes) {
        List<ReplayOutcome> batch = new ArrayList<>();
        while (batch.size() < maxOutcomes) {
            List<ReplayOutcome> step = nextStep();
            if (step.isEmpty()) {
                break;
            }
            batch.addAll(step);
        }
        return batch;
    }

    /** Open time of the last accepted (or, before any, the last stored) candle per symbol; null values for none. */
    public Map<Symbol, Instant> positions() {
        Map<Symbol, Instant> positions = new LinkedHashMap<>();
        for (Cursor cursor : cursors) {
            positions.put(cursor.symbol, cursor.lastAccepted);
        }
        return Collections.unmodifiableMap(positions);
    }

    private final class Cursor {
        final Symbol symbol;
        final java.util.Iterator<ParsedLine> lines;
        final Instant resumeAfter;
        final List<ParsedLine.Malformed> malformed = new ArrayList<>();
        Instant lastAccepted;
        Instant lastParsed;
        long windowRows;
        Kline peeked;
        boolean exhausted;

        Cursor(SymbolSource source) {
            this.symbol = source.symbol();
            this.lines = source.lines();
            this.resumeAfter = source.resumeAfter();
            this.lastAccepted = source.resumeAfter();
        }

        void fill() {
            while (peeked == null && !exhausted && lines.hasNext()) {
                ParsedLine line = lines.next();
                if (line instanceof ParsedLine.Malformed bad) {
                    if (malformedInWindow()) {
                        malformed.add(bad);
                    }
                    continue;
                }
                Kline k = ((ParsedLine.Row) line).kline();
                lastParsed = k.openTime();
                if (k.openTime().isBefore(window.start())) {
                    continue;
                }
                if ((window.end() != null && !k.openTime().isBefore(window.end()))
                        || (window.maxCandles() != null && windowRows >= window.maxCandles())) {
                    exhausted = true;
                    break;
                }
                windowRows++;
                if (resumeAfter != null && !k.openTime().isAfter(resumeAfter)) {
                    continue;
                }
                peeked = k;
            }
        }

        /** A malformed line has no time: it belongs to the window when the row before it would lead into it. */
        private boolean malformedInWindow() {
            if (lastParsed == null) {
                return resumeAfter == null;
            }
            boolean reachedStart = !lastParsed.plus(interval.duration()).isBefore(window.start());
            boolean afterStored = resumeAfter == null || !lastParsed.isBefore(resumeAfter);
            return reachedStart && afterStored;
        }

        ReplayOutcome accept(Kline k) {
            Optional<Rejection> rejection = validator.validate(k, lastAccepted);
            if (rejection.isPresent()) {
                return new ReplayOutcome.Rejected(rejection.get());
            }
            Optional<Gap> gap = GapDetector.between(symbol, interval, lastAccepted, k.openTime());
            CandleClosed candle = normalizer.normalise(k);
            lastAccepted = k.openTime();
            return new ReplayOutcome.Accepted(candle, k, gap);
        }
    }
}
