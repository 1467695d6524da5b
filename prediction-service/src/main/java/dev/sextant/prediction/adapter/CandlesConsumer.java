package dev.sextant.prediction.adapter;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.prediction.adapter.PredictionRepository.CandleClose;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code candles} in batches under the platform's consumer policy ({@link ConsumerPolicy}) to resolve the
 * outcome of the predictions each closed candle decides. {@link #apply} only takes the candle's close; {@link #flush}
 * stores the batch's closes and resolves every prediction waiting for one of them in one transaction
 * ({@link OutcomeTracker#onCandles}). Storing a close and resolving its predictions is idempotent, so the policy may
 * retry the flush after an infrastructure failure.
 */
@ApplicationScoped
public class CandlesConsumer implements RecordProcessor<CandleClosed> {
    private final OutcomeTracker outcomes;
    private final ConsumerPolicy policy;
    /** The batch's closes, in order; written by {@link #flush}. */
    private final List<CandleClose> pending = new ArrayList<>();

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
        pending.add(outcomes.closeOf(candle));
    }

    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        outcomes.onCandles(pending);
        pending.clear();
    }
}
