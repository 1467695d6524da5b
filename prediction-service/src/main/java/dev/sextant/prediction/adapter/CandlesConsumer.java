package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.topic.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Reads {@code candles} to resolve the outcome of the predictions each closed candle decides. */
@ApplicationScoped
public class CandlesConsumer {
    private static final Logger LOG = Logger.getLogger(CandlesConsumer.class);

    private final OutcomeTracker outcomes;
    private final PredictionMetrics metrics;

    public CandlesConsumer(OutcomeTracker outcomes, PredictionMetrics metrics) {
        this.outcomes = outcomes;
        this.metrics = metrics;
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public void onCandle(String payload) {
        CandleClosed candle;
        try {
            candle = EventCodec.decode(payload, CandleClosed.class);
        } catch (EventDecodingException e) {
            metrics.deadLettered(Topics.CANDLES, "invalid-payload");
            LOG.warnf("dead-lettering a candles payload: %s", e.getMessage());
            throw e;
        }
        outcomes.onCandle(candle);
    }
}
