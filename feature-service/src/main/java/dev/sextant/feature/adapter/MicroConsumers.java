package dev.sextant.feature.adapter;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.feature.config.MicroSettings;
import dev.sextant.kit.consumer.ConsumerPolicy;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.RecordProcessor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code orderbook} and {@code market-trades} under the platform's consumer policy into {@link MicroState}.
 * An invalid payload, or a record dated more than {@code sextant.feature.micro.max-clock-lead} after the service's
 * clock, is dead-lettered with the reason. The state lives in memory only, so a batch has nothing to flush.
 */
@ApplicationScoped
public class MicroConsumers {
    private final MicroState state;
    private final MicroSettings settings;
    private final Clock clock;
    private final ConsumerPolicy policy;
    private final RecordProcessor<OrderBookSnapshotTaken> books;
    private final RecordProcessor<MarketTradeExecuted> trades;

    public MicroConsumers(MicroState state, MicroSettings settings, Clock clock, ConsumerPolicy policy) {
        this.state = state;
        this.settings = settings;
        this.clock = clock;
        this.policy = policy;
        this.books = RecordProcessor.of(r -> decode(r, OrderBookSnapshotTaken.class), (b, r) -> state.onBook(b), () -> {});
        this.trades = RecordProcessor.of(r -> decode(r, MarketTradeExecuted.class), (t, r) -> state.onTrade(t), () -> {});
    }

    @Incoming(Topics.ORDERBOOK)
    @Blocking
    public CompletionStage<Void> onBooks(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.ORDERBOOK, batch, books);
    }

    @Incoming(Topics.MARKET_TRADES)
    @Blocking
    public CompletionStage<Void> onTrades(KafkaRecordBatch<String, String> batch) {
        return policy.consume(Topics.MARKET_TRADES, batch, trades);
    }

    private <T extends Event> T decode(InboundRecord record, Class<T> type) {
        T event = EventCodec.decode(record.value(), type);
        if (event.tsEvent().isAfter(clock.instant().plus(settings.maxClockLead()))) {
            throw new IllegalArgumentException("tsEvent " + event.tsEvent() + " is more than " + settings.maxClockLead()
                    + " after the service's clock (" + clock.instant() + ")");
        }
        return event;
    }
}
