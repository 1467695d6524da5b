package dev.sextant.feature.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The feature engines of every series, with duplicate suppression: a bar at or before the last bar
 * accepted for its series is dropped (redeliveries, replays). Not thread-safe; the service feeds it
 * from one thread at a time.
 */
public final class FeatureStreams {

    private final Map<SeriesKey, FeatureEngine> engines = new HashMap<>();

    /**
     * Feeds {@code bar} to the engine of {@code key} (creating it on first use).
     *
     * @return the bar's feature vector, or empty when the bar is a duplicate or older than the last
     *     accepted bar of that series (nothing changes then)
     */
    public Optional<FeatureVector> accept(SeriesKey key, Bar bar) {
        FeatureEngine engine = engines.get(key);
        if (engine == null) {
            engine = new FeatureEngine();
            engines.put(key, engine);
        } else if (engine.lastOpenTime() != null && !bar.openTime().isAfter(engine.lastOpenTime())) {
            return Optional.empty(); // stale: see isStale
        }
        return Optional.of(engine.update(bar));
    }

    /** True when a bar opening at {@code openTime} would be dropped as already processed. */
    public boolean isStale(SeriesKey key, Instant openTime) {
        Instant last = lastOpenTime(key);
        return last != null && !openTime.isAfter(last);
    }

    /** Open time of the last bar accepted for {@code key}, or null. */
    public Instant lastOpenTime(SeriesKey key) {
        FeatureEngine engine = engines.get(key);
        return engine == null ? null : engine.lastOpenTime();
    }

    /** Number of bars accepted for {@code key} since this instance was created (including a replay). */
    public long barCount(SeriesKey key) {
        FeatureEngine engine = engines.get(key);
        return engine == null ? 0 : engine.barCount();
    }

    /** Number of series seen. */
    public int seriesCount() {
        return engines.size();
    }
}
