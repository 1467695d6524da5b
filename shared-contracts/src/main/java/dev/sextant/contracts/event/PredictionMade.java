package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.ModelId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.List;

/**
 * A model's forecast from one feature vector. The top-level {@code probUp}, {@code probDown} and
 * {@code confidence} are those of the first (primary) horizon; {@code horizons} lists all.
 */
public record PredictionMade(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        Interval interval,
        Instant candleOpenTime,
        ModelId modelId,
        String modelVersion,
        String featureSetVersion,
        double probUp,
        double probDown,
        double confidence,
        List<HorizonForecast> horizons)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public PredictionMade {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.candleOpen(candleOpenTime, interval, "candleOpenTime");
        Require.field(modelId, "modelId");
        Require.name(modelVersion, EventBounds.MAX_NAME, "._:+-", "modelVersion");
        Require.name(featureSetVersion, EventBounds.MAX_NAME, "._:+-", "featureSetVersion");
        Require.probability(probUp, "probUp");
        Require.probability(probDown, "probDown");
        Require.probability(confidence, "confidence");
        horizons = Require.list(horizons, "horizons");
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("field 'horizons' must hold at least one horizon");
        }
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
