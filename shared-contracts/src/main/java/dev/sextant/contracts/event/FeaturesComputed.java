package dev.sextant.contracts.event;

import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.time.Instant;
import java.util.List;

/**
 * The feature vector of one closed candle. {@code names} and {@code values} are parallel and
 * ordered as the feature set defines; a value is null while its indicator is still warming up, and
 * {@code warm} is true once every value is defined.
 */
public record FeaturesComputed(
        EventId eventId,
        Instant tsEvent,
        Instant tsInit,
        EventId causationId,
        int schemaVersion,
        Symbol symbol,
        Interval interval,
        Instant candleOpenTime,
        String featureSetVersion,
        List<String> names,
        List<Double> values,
        boolean warm)
        implements Event {

    public static final int SCHEMA_VERSION = 1;

    public FeaturesComputed {
        Require.field(eventId, "eventId");
        Require.instant(tsEvent, "tsEvent");
        Require.instant(tsInit, "tsInit");
        Require.field(causationId, "causationId");
        Require.schemaVersion(schemaVersion);
        Require.field(symbol, "symbol");
        Require.field(interval, "interval");
        Require.candleOpen(candleOpenTime, interval, "candleOpenTime");
        Require.name(featureSetVersion, EventBounds.MAX_NAME, "._:+-", "featureSetVersion");
        names = Require.list(names, "names");
        for (int i = 0; i < names.size(); i++) {
            Require.name(names.get(i), EventBounds.MAX_NAME, "._:+-", "names[" + i + "]");
        }
        Require.field(values, "values");
        if (names.size() != values.size()) {
            throw new IllegalArgumentException(
                    "fields 'names' and 'values' must have the same length, got " + names.size() + " and " + values.size());
        }
        FeatureValues frozen = FeatureValues.copyOf(values); // immutable, nulls allowed while warming up
        values = frozen;
        for (int i = 0; i < frozen.size(); i++) {
            Double v = frozen.get(i);
            if (v != null && !(Math.abs(v) <= EventBounds.MAX_FEATURE_VALUE)) {
                throw new IllegalArgumentException("field 'values' must hold finite numbers of at most "
                        + EventBounds.MAX_FEATURE_VALUE + " in absolute value (or null while warming up), got " + v
                        + " at [" + i + "] (" + names.get(i) + ")");
            }
        }
        if (warm && frozen.hasUndefined()) {
            throw new IllegalArgumentException("field 'warm' is true but 'values' holds an undefined (null) value");
        }
    }

    /** The value of the named feature, or null when it is undefined. */
    public Double value(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no feature named '" + name + "' in feature set " + featureSetVersion);
        }
        return values.get(index);
    }

    @Override
    public String key() {
        return symbol.value();
    }
}
