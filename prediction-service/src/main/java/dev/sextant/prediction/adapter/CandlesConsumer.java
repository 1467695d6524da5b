package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.RecordProcessor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code candles} in batches under the platform's consumer policy ({@link ConsumerPolicy}) to resolve the
 * outcome of the predictions each closed candle decides. Storing a close and resolving its predictions is idempotent,
 * so the policy may retry a record after an infrastructure failure; the accuracy gauges are refreshed once per batch.
 */
@ApplicationScoped
public class CandlesConsumer implements RecordProcessor<CandleClosed> {
    private final OutcomeTracker outcomes;
    private final ConsumerPolicy policy;

    public CandlesConsumer(OutcomeTracker outcomes, ConsumerPolicy policy) {
        this.outcomes = outcomes;
        this.policy = policy;
    }

    @Incoming(Topics.CANDLES)
    @Blocking
    public CompletionStage<Void> onCandles(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.CANDLES, batch, this);
    }

    @Override
    public CandleClosed decode(InboundRecord record) {
        return EventCodec.decode(record.value(), CandleClosed.class);
    }

    @Override
    public void apply(CandleClosed candle, InboundRecord record) {
        outcomes.onCandle(candle);
    }

    @Override
    public void flush() {
        outcomes.refreshChangedGauges();
    }
}
