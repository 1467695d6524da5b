package dev.sextant.feature.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.id.Ids;
import java.time.Instant;

/** Translation between the candle/feature events and the engine's types. */
public final class FeaturesEvents {

    /** Kind used to derive a FeaturesComputed id from its candle's id. */
    public static final String ID_KIND = "features";

    private FeaturesEvents() {
    }

    /** The engine's view of a candle. @throws IllegalArgumentException when its values are not usable */
    public static Bar bar(CandleClosed candle) {
        return new Bar(candle.openTime(), candle.open().doubleValue(), candle.high().doubleValue(),
                candle.low().doubleValue(), candle.close().doubleValue(), candle.volume().doubleValue());
    }

    /** The series a candle belongs to. */
    public static SeriesKey key(CandleClosed candle) {
        return new SeriesKey(candle.symbol(), candle.interval());
    }

    /**
     * The FeaturesComputed event of a candle: id derived from the candle id, caused by it, event
     * time = the candle's close time.
     *
     * @param tsInit when this service created the event (its clock)
     */
    public static FeaturesComputed featuresComputed(CandleClosed candle, FeatureVector vector, Instant tsInit) {
        return new FeaturesComputed(
                Ids.derivedFrom(ID_KIND, candle.eventId()),
                candle.closeTime(),
                tsInit,
                candle.eventId(),
                FeaturesComputed.SCHEMA_VERSION,
                candle.symbol(),
                candle.interval(),
                candle.openTime(),
                FeatureSet.VERSION,
                vector.names(),
                vector.values(),
                vector.warm());
    }
}
