package dev.sextant.kit.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A dead-letter topic for tests: keeps what was sent; can fail the next sends like an unreachable broker. */
public final class RecordingDeadLetters implements DeadLetterSink {
    public record Sent(InboundRecord record, String reason) {}

    public final List<Sent> sent = new ArrayList<>();
    public final AtomicInteger attempts = new AtomicInteger();
    public int failuresLeft;

    @Override
    public synchronized CompletableFuture<Void> send(InboundRecord record, String reason, Throwable failure) {
        attempts.incrementAndGet();
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no ack"));
        }
        sent.add(new Sent(record, reason));
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<String> reasons() {
        return sent.stream().map(Sent::reason).toList();
    }
}
