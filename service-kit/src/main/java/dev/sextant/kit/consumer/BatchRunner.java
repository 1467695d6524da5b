package dev.sextant.kit.consumer;

import dev.sextant.kit.InfrastructureRetry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The consumer policy for one consumer (one topic of one service), framework-free so that one test matrix covers
 * every consumer of the platform (docs/reliability.md). For a batch of records, in order:
 * <ol>
 *   <li>a record whose key has a parked record waits behind it: it is parked too, so records of one key are never
 *       applied out of order;</li>
 *   <li>the record is decoded and applied ({@link RecordProcessor}); invalid input goes to the dead-letter topic with
 *       the reason; an infrastructure failure is retried with back-off (and held on shutdown); a bug parks the record
 *       with its error and blocks its key, while the other keys go on;</li>
 *   <li>the batch is flushed (made durable and published), retried while the infrastructure fails; a bug in the
 *       flush stops this consumer (nothing is committed), marks the service degraded, and is retried slowly;</li>
 *   <li>the dead-letter sends are awaited; only then does {@link #process} return and the caller commit the
 *       offsets.</li>
 * </ol>
 * Before its first batch the runner takes up the consumer's parked records, oldest first (a restart after a fix is
 * how an operator releases them): those that now go through are resolved, the others stay parked.
 */
public final class BatchRunner {
    private static final Logger LOG = Logger.getLogger(BatchRunner.class);
    private static final long DLQ_TIMEOUT_SECONDS = 30;

    /** What the runner reports, for metrics and health. */
    public interface Listener {
        void processed(String consumer, int records);

        void deadLettered(String consumer, String reason);

        void parked(String consumer, boolean behindAnother);

        void resolved(String consumer, int records);

        void infrastructureRetry(String consumer);

        /** The flush fails with a bug ({@code reason}), or works again ({@code null}). */
        void stalled(String consumer, String reason);

        default void batch(String consumer, int size, long nanos) {
        }
    }

    private final String consumer;
    private final String deadLetterTopic;
    private final DeadLetterSink deadLetters;
    private final ParkingLot parkingLot;
    private final Listener listener;
    private final InfrastructureRetry retry;
    private final BooleanSupplier running;
    private final InfrastructureRetry.Sleeper sleeper;
    private final Duration maxStallBackoff;
    /** The consumer's event-time clock: an event whose times fall outside its window is invalid input. */
    private final dev.sextant.contracts.time.EventTimeWindow eventTime;
    /** Key → id of the first parked record of that key that is not resolved. */
    private final Map<String, Long> blocked = new LinkedHashMap<>();
    private boolean recovered;

    /**
     * @param consumer        names the consumer in the parking lot, logs and metrics (the catalog topic it reads)
     * @param deadLetterTopic where invalid records go
     * @param eventTime       the consumer's event-time window (every decoded event's times are checked against it), or
     *                        null for none
     */
    public BatchRunner(String consumer, String deadLetterTopic, DeadLetterSink deadLetters, ParkingLot parkingLot,
                       Listener listener, BooleanSupplier running, InfrastructureRetry.Sleeper sleeper,
                       Duration initialBackoff, Duration maxBackoff, Duration maxStallBackoff, Runnable hold,
                       dev.sextant.contracts.time.EventTimeWindow eventTime) {
        this.consumer = consumer;
        this.deadLetterTopic = deadLetterTopic;
        this.deadLetters = deadLetters;
        this.parkingLot = parkingLot;
        this.listener = listener;
        this.running = running;
        this.sleeper = sleeper;
        this.maxStallBackoff = maxStallBackoff;
        this.eventTime = eventTime;
        this.retry = new InfrastructureRetry(initialBackoff, maxBackoff, running, sleeper, hold,
                () -> listener.infrastructureRetry(consumer));
    }

    public String consumer() {
        return consumer;
    }

    /** The keys held behind a parked record, with the id of that record. */
    public synchronized Map<String, Long> blockedKeys() {
        return Map.copyOf(blocked);
    }

    /** The retry policy of this consumer, for the infrastructure steps inside a processor. */
    public InfrastructureRetry retry() {
        return retry;
    }

    /** Processes a batch; returns once every record is applied and durable, dead-lettered or parked. */
    public synchronized <T> void process(List<InboundRecord> records, RecordProcessor<T> processor) {
        long start = System.nanoTime();
        List<Pending> dlq = new ArrayList<>();
        if (!recovered) {
            recover(processor, dlq);
            recovered = true;
        }
        int applied = 0;
        for (InboundRecord record : records) {
            Long blocker = blocked.get(record.orderingKey());
            if (blocker != null) {
                park(record, "held behind parked record #" + blocker + " of the same key '" + record.orderingKey()
                        + "' (records of one key are applied in order)", null, blocker);
                continue;
            }
            switch (decodeAndApply(record, processor)) {
                case Applied a -> applied++;
                case Invalid invalid -> dlq.add(deadLetter(record, invalid.failure()));
                case Bug bug -> blocked.put(record.orderingKey(), park(record, describe(bug.failure()), trace(bug.failure()), null));
            }
        }
        flush(processor);
        awaitDeadLetters(dlq);
        if (applied > 0) {
            listener.processed(consumer, applied);
        }
        listener.batch(consumer, records.size(), System.nanoTime() - start);
    }

    private sealed interface Outcome permits Applied, Invalid, Bug {}

    private record Applied() implements Outcome {}

    private record Invalid(RuntimeException failure) implements Outcome {}

    private record Bug(RuntimeException failure) implements Outcome {}

    private <T> Outcome decodeAndApply(InboundRecord record, RecordProcessor<T> processor) {
        T event;
        try {
            event = processor.decode(record);
            if (eventTime != null && event instanceof dev.sextant.contracts.event.Event e) {
                eventTime.accept(e); // a time outside the window: EventTimeException, invalid input
            }
        } catch (RuntimeException e) {
            // decoding touches no infrastructure: whatever fails is the record's (or a bug of the decoder)
            return FailureKind.of(e) == FailureKind.BUG ? new Bug(e) : new Invalid(e);
        }
        try {
            retry.run("apply " + consumer + " record " + record, () -> processor.apply(event, record));
            return new Applied();
        } catch (RuntimeException e) {
            // the retry returns infrastructure failures only once they are solved
            return FailureKind.of(e) == FailureKind.INVALID ? new Invalid(e) : new Bug(e);
        }
    }

    private void flush(RecordProcessor<?> processor) {
        Duration backoff = Duration.ofSeconds(1);
        boolean stalled = false;
        while (true) {
            try {
                retry.run("flush a " + consumer + " batch", processor::flush);
                if (stalled) {
                    LOG.infof("%s: the batch flush works again", consumer);
                    listener.stalled(consumer, null);
                }
                return;
            } catch (RuntimeException e) {
                // not infrastructure (the retry handles that): a bug in the flush. Nothing of the batch is committed;
                // the consumer stops here, says so, and tries again slowly (a fix of the cause, e.g. a database
                // constraint, lets it go on).
                stalled = true;
                listener.stalled(consumer, describe(e));
                LOG.errorf(e, "%s: the batch flush fails with an unexpected error; the consumer holds this batch "
                        + "(nothing committed) and tries again in %d s", consumer, backoff.toSeconds());
                if (!running.getAsBoolean()) {
                    retry.hold();
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException ie) {
                    // try again now
                }
                backoff = backoff.multipliedBy(2).compareTo(maxStallBackoff) > 0 ? maxStallBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private record Pending(InboundRecord record, Throwable failure, CompletableFuture<Void> sent) {}

    private Pending deadLetter(InboundRecord record, Throwable failure) {
        String reason = describe(failure);
        LOG.warnf("%s: record %s refused to %s: %s", consumer, record, deadLetterTopic, reason);
        listener.deadLettered(consumer, reasonTag(failure));
        return new Pending(record, failure, send(record, failure));
    }

    private CompletableFuture<Void> send(InboundRecord record, Throwable failure) {
        try {
            return deadLetters.send(record, describe(failure), failure);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void awaitDeadLetters(List<Pending> pending) {
        for (Pending p : pending) {
            CompletableFuture<Void> sent = p.sent();
            retry.run("send " + p.record() + " to " + deadLetterTopic, new Runnable() {
                private CompletableFuture<Void> attempt = sent;

                @Override
                public void run() {
                    try {
                        attempt.get(DLQ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        attempt = send(p.record(), p.failure());
                        throw new InfrastructureException("interrupted while sending to " + deadLetterTopic, e);
                    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                        attempt = send(p.record(), p.failure()); // the next attempt sends it again
                        throw new InfrastructureException("the dead-letter topic " + deadLetterTopic
                                + " did not acknowledge " + p.record(), e);
                    }
                }
            });
        }
    }

    private long park(InboundRecord record, String error, String detail, Long behind) {
        long id = retry.call("park " + consumer + " record " + record,
                () -> parkingLot.park(consumer, record, error, detail, behind));
        if (behind == null) {
            LOG.errorf("%s: record %s parked as #%d (key '%s' held until it is resolved): %s", consumer, record, id,
                    record.orderingKey(), error);
        } else {
            LOG.warnf("%s: record %s parked as #%d behind #%d", consumer, record, id, behind);
        }
        listener.parked(consumer, behind != null);
        return id;
    }

    /** The consumer's event-time clock, or null. */
    public dev.sextant.contracts.time.EventTimeWindow eventTime() {
        return eventTime;
    }

    /** Takes up the parked records after a restart, in order; a key whose first record fails again stays held. */
    private <T> void recover(RecordProcessor<T> processor, List<Pending> dlq) {
        List<ParkingLot.Parked> parked = retry.call("read the parked " + consumer + " records",
                () -> parkingLot.unresolved(consumer));
        if (parked.isEmpty()) {
            return;
        }
        LOG.infof("%s: taking up %d parked record(s)", consumer, parked.size());
        Map<Long, String> done = new LinkedHashMap<>();
        for (ParkingLot.Parked p : parked) {
            InboundRecord record = p.record();
            String key = record.orderingKey();
            if (blocked.containsKey(key)) {
                continue; // still behind a record of its key that fails
            }
            switch (decodeAndApply(record, processor)) {
                case Applied a -> done.put(p.id(), "applied after a restart");
                case Invalid invalid -> {
                    dlq.add(deadLetter(record, invalid.failure()));
                    done.put(p.id(), "dead-lettered after a restart: " + describe(invalid.failure()));
                }
                case Bug bug -> {
                    blocked.put(key, p.id());
                    LOG.errorf("%s: parked record #%d (%s) fails again: %s", consumer, p.id(), record, describe(bug.failure()));
                }
            }
        }
        flush(processor);
        if (!done.isEmpty()) {
            // grouped by resolution text, in order
            Map<String, List<Long>> byResolution = new LinkedHashMap<>();
            done.forEach((id, resolution) -> byResolution.computeIfAbsent(resolution, r -> new ArrayList<>()).add(id));
            byResolution.forEach((resolution, ids) -> retry.run("resolve parked " + consumer + " records",
                    () -> parkingLot.resolve(ids, resolution)));
            listener.resolved(consumer, done.size());
            LOG.infof("%s: %d parked record(s) resolved, %d key(s) still held", consumer, done.size(), blocked.size());
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof IllegalArgumentException || failure instanceof dev.sextant.contracts.json.EventDecodingException
                ? (message == null ? failure.getClass().getSimpleName() : message)
                : failure.getClass().getName() + (message == null ? "" : ": " + message);
    }

    private static String reasonTag(Throwable failure) {
        return failure instanceof dev.sextant.contracts.json.EventDecodingException ? "undecodable" : "refused";
    }

    private static String trace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() > 8000 ? text.substring(0, 8000) : text;
    }
}
