package dev.sextant.risk.domain;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins predictions with the feature marks of their candle (symbol, interval, candle open time),
 * whichever arrives first. Both sides are bounded: the oldest marks are forgotten beyond
 * {@code maxMarks}; beyond {@code maxWaiting} waiting predictions the oldest gives up. A prediction
 * also gives up when features of a later candle of its symbol and interval arrive while its own
 * never came (one symbol's features arrive in candle order), and does not wait at all when features of a later
 * candle arrived before it (its own mark never came or was forgotten). A prediction that gives up is returned
 * as {@link Joined#unmatched()}, so it still gets a (denied) decision.
 */
public final class FeatureJoin {
    /** A prediction and the mark of its candle. */
    public record Match(PredictionMade prediction, MarketMark mark) {}

    /** What an arrival made ready: matched pairs, and predictions that will never get their features. */
    public record Joined(List<Match> matched, List<PredictionMade> unmatched) {
        static final Joined NOTHING = new Joined(List.of(), List.of());
    }

    private final int maxMarks;
    private final int maxWaiting;
    private final LinkedHashMap<CandleKey, MarketMark> marks = new LinkedHashMap<>();
    private final LinkedHashMap<EventId, PredictionMade> waiting = new LinkedHashMap<>();
    /** The latest candle open time with a mark, per symbol and interval (kept when the mark itself is forgotten). */
    private final Map<String, Instant> latestMark = new HashMap<>();

    public FeatureJoin(int maxMarks, int maxWaiting) {
        if (maxMarks < 1 || maxWaiting < 1) {
            throw new IllegalArgumentException("feature join bounds must be >= 1, got " + maxMarks + " and " + maxWaiting);
        }
        this.maxMarks = maxMarks;
        this.maxWaiting = maxWaiting;
    }

    /** Remembers a mark without joining (restoring state). */
    public void remember(MarketMark mark) {
        marks.remove(mark.key());
        marks.put(mark.key(), mark);
        latestMark.merge(series(mark.key().symbol(), mark.key().interval()), mark.key().candleOpenTime(),
                (a, b) -> b.isAfter(a) ? b : a);
        while (marks.size() > maxMarks) {
            Iterator<CandleKey> eldest = marks.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Parks a prediction without joining (restoring state). */
    public void park(PredictionMade prediction) {
        waiting.putIfAbsent(prediction.eventId(), prediction);
    }

    /** The predictions waiting for their features, oldest first. */
    public Collection<PredictionMade> waiting() {
        return List.copyOf(waiting.values());
    }

    /** A new mark: remembers it and releases the predictions waiting for it (or for an earlier candle that never came). */
    public Joined onFeatures(MarketMark mark) {
        remember(mark);
        List<Match> matched = new ArrayList<>();
        List<PredictionMade> unmatched = new ArrayList<>();
        for (Iterator<PredictionMade> it = waiting.values().iterator(); it.hasNext(); ) {
            PredictionMade p = it.next();
            CandleKey key = keyOf(p);
            if (key.equals(mark.key())) {
                matched.add(new Match(p, mark));
                it.remove();
            } else if (key.symbol().equals(mark.key().symbol()) && key.interval() == mark.key().interval()
                    && key.candleOpenTime().isBefore(mark.key().candleOpenTime()) && !marks.containsKey(key)) {
                unmatched.add(p);
                it.remove();
            }
        }
        return matched.isEmpty() && unmatched.isEmpty() ? Joined.NOTHING : new Joined(matched, unmatched);
    }

    /** A new prediction: matched at once when its mark is known, else parked (possibly pushing out the oldest waiting one). */
    public Joined onPrediction(PredictionMade prediction) {
        MarketMark mark = marks.get(keyOf(prediction));
        if (mark != null) {
            waiting.remove(prediction.eventId());
            return new Joined(List.of(new Match(prediction, mark)), List.of());
        }
        Instant latest = latestMark.get(series(prediction.symbol(), prediction.interval()));
        if (latest != null && latest.isAfter(prediction.candleOpenTime())) {
            // its series' features have moved past its candle (its mark was never seen, or forgotten): none will come
            waiting.remove(prediction.eventId());
            return new Joined(List.of(), List.of(prediction));
        }
        park(prediction);
        List<PredictionMade> unmatched = new ArrayList<>();
        while (waiting.size() > maxWaiting) {
            Iterator<Map.Entry<EventId, PredictionMade>> eldest = waiting.entrySet().iterator();
            unmatched.add(eldest.next().getValue());
            eldest.remove();
        }
        return unmatched.isEmpty() ? Joined.NOTHING : new Joined(List.of(), unmatched);
    }

    private static String series(Symbol symbol, Interval interval) {
        return symbol.value() + '/' + interval.code();
    }

    public static CandleKey keyOf(PredictionMade prediction) {
        return new CandleKey(prediction.symbol(), prediction.interval(), prediction.candleOpenTime());
    }
}
