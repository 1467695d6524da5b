package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.EventDecodingException;
import dev.sextant.contracts.topic.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@code candles} to resolve the outcome of the predictions each closed candle decides. Only an
 * undecodable payload is dead-lettered; a database failure is retried ({@link InfraRetry}) and, on
 * shutdown, the record is left unacknowledged for redelivery ({@link Failures}).
 */
@ApplicationScoped
public class CandlesConsumer {
    private static final Logger LOG = Logger.getLogger(CandlesConsumer.class);

    private final OutcomeTracker outcomes;
    private final PredictionMetrics metrics;
    private final InfraRetry retry;

    public CandlesConsumer(OutcomeTracker outcomes, PredictionMetrics metrics, InfraRetry retry) {
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.retry = retry;
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandle(Message<String> message) {
        return Failures.settle(message, Topics.CANDLES, this::handle);
    }

    /** Processes one payload; throws only for an undecodable payload or when stopped by a shutdown. */
    void handle(String payload) {
        CandleClosed candle;
        try {
            candle = EventCodec.decode(payload, CandleClosed.class);
        } catch (EventDecodingException e) {
            metrics.deadLettered(Topics.CANDLES, "invalid-payload");
            LOG.warnf("dead-lettering a candles payload: %s", e.getMessage());
            throw e;
        }
        retry.run("storing candle close " + candle.eventId().value(), () -> outcomes.onCandle(candle));
    }
}
