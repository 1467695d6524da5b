package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.HorizonForecast;
import dev.sextant.contracts.event.PredictionMade;
import java.time.Instant;
import java.util.List;

/**
 * A model prediction as the API and the WebSocket show it. {@code direction} is UP when the
 * primary horizon's {@code probUp} is at least its {@code probDown}, DOWN otherwise.
 *
 * @param candleOpenTime open time of the candle whose features the model saw
 * @param time           when the prediction was made (event time)
 * @param horizons       every horizon's forecast, the first is the primary one
 */
public record PredictionView(String eventId, String symbol, String interval, Instant candleOpenTime, Instant time,
                             String direction, double probUp, double probDown, double confidence,
                             String modelId, String modelVersion, String featureSetVersion,
                             List<HorizonForecast> horizons) {

    public static PredictionView of(PredictionMade p) {
        return new PredictionView(p.eventId().value(), p.symbol().value(), p.interval().code(), p.candleOpenTime(),
                p.tsEvent(), direction(p.probUp(), p.probDown()), p.probUp(), p.probDown(), p.confidence(),
                p.modelId().value(), p.modelVersion(), p.featureSetVersion(), p.horizons());
    }

    /** UP or DOWN, whichever probability is larger (UP on a tie). */
    public static String direction(double probUp, double probDown) {
        return probUp >= probDown ? "UP" : "DOWN";
    }
}
