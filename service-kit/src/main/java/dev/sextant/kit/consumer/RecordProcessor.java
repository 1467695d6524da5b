package dev.sextant.kit.consumer;

/**
 * What a consumer does with its records, in three steps the {@link ConsumerPolicy} calls for each batch:
 * {@link #decode} and {@link #apply} for each record in order, then {@link #flush} once.
 *
 * <p>The contract, which makes a batch as safe as a single record:
 * <ul>
 *   <li>{@code decode} only reads the record: it throws {@link FailureKind#INVALID invalid input} (dead-lettered);</li>
 *   <li>{@code apply} changes the service's state for one record, and may buffer work for {@code flush}. If it throws
 *       invalid input or a bug, it must not have buffered anything for that record; if it throws an infrastructure
 *       failure, calling it again for the same record must be safe (the policy retries it);</li>
 *   <li>{@code flush} makes everything buffered durable and published (one transaction, one wait for the broker's
 *       acknowledgements). It is retried while it fails with infrastructure, so it must be idempotent. Only after it
 *       returns are the batch's offsets committed.</li>
 * </ul>
 *
 * @param <T> the decoded event
 */
public interface RecordProcessor<T> {
    T decode(InboundRecord record);

    void apply(T event, InboundRecord record);

    default void flush() {
    }

    /** A processor from its three steps, for a class that consumes several topics. */
    static <T> RecordProcessor<T> of(java.util.function.Function<InboundRecord, T> decode,
                                     java.util.function.BiConsumer<T, InboundRecord> apply, Runnable flush) {
        return new RecordProcessor<>() {
            @Override
            public T decode(InboundRecord record) {
                return decode.apply(record);
            }

            @Override
            public void apply(T event, InboundRecord record) {
                apply.accept(event, record);
            }

            @Override
            public void flush() {
                flush.run();
            }
        };
    }
}
