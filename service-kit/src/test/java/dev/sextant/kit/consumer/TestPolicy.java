package dev.sextant.kit.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumer policy for a service's unit tests: a real {@link BatchRunner} with an in-memory parking lot, a
 * recording dead-letter topic and no real sleeps, so a test drives a service's {@link RecordProcessor} exactly as
 * production does.
 */
public final class TestPolicy {
    /** Thrown instead of holding the thread (production never returns from a hold). */
    public static final class Held extends Error {
        public Held() {
            super("held until the process exits");
        }
    }

    public final InMemoryParkingLot parked = new InMemoryParkingLot();
    public final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    public final List<Duration> sleeps = new ArrayList<>();
    public volatile boolean running = true;
    private long offset;

    public BatchRunner runner(String consumer) {
        return new BatchRunner(consumer, consumer + ".dlq", deadLetters, parked, new Listener(), () -> running,
                sleeps::add, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(4), () -> {
                    throw new Held();
                }, dev.sextant.contracts.time.EventTimeWindow.live(java.time.Clock.systemUTC()));
    }

    /** A record of {@code topic} at the next offset. */
    public InboundRecord record(String topic, String key, String value) {
        return new InboundRecord(topic, 0, offset++, key, value, Map.of());
    }

    /** Runs one batch of payloads of {@code topic} (keys: none) through a fresh runner. */
    public <T> void process(String topic, RecordProcessor<T> processor, String... payloads) {
        List<InboundRecord> records = new ArrayList<>();
        for (String payload : payloads) {
            records.add(record(topic, null, payload));
        }
        runner(topic).process(records, processor);
    }

    private static final class Listener implements BatchRunner.Listener {
        @Override
        public void processed(String consumer, int records) {
        }

        @Override
        public void deadLettered(String consumer, String reason) {
        }

        @Override
        public void parked(String consumer, boolean behindAnother) {
        }

        @Override
        public void resolved(String consumer, int records) {
        }

        @Override
        public void infrastructureRetry(String consumer) {
        }

        @Override
        public void stalled(String consumer, String reason) {
        }
    }
}
