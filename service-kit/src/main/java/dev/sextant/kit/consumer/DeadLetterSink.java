package dev.sextant.kit.consumer;

import java.util.concurrent.CompletableFuture;

/** Sends a refused record to its dead-letter topic, with the reason; the future completes once the broker has it. */
public interface DeadLetterSink {
    CompletableFuture<Void> send(InboundRecord record, String reason, Throwable failure);
}
