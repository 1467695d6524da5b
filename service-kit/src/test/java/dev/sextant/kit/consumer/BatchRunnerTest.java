package dev.sextant.kit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.json.EventDecodingException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The test matrix of the one consumer policy: what becomes of a record for each kind of failure, with the order of
 * one key kept, nothing lost and nothing retried in a tight loop.
 */
class BatchRunnerTest {

    /**
     * The marker a test's hold throws, standing in for "the thread holds until the process exits" (production never
     * returns from a hold; an Error is the nearest a test can get: nothing in the policy may catch it).
     */
    static final class Held extends Error {
        Held() {
            super("held");
        }
    }

    final InMemoryParkingLot lot = new InMemoryParkingLot();
    final RecordingDeadLetters dlq = new RecordingDeadLetters();
    final List<Duration> sleeps = new ArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final Events events = new Events();

    BatchRunner runner() {
        return new BatchRunner("candles", "candles.dlq", dlq, lot, events, running::get, sleeps::add,
                Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(4), () -> {
                    throw new Held();
                }, null);
    }

    static InboundRecord record(long offset, String key, String value) {
        return new InboundRecord("t.candles", 0, offset, key, value, Map.of("sextant-event-type", "CandleClosed"));
    }

    /** A processor whose apply does what the record's value says. */
    static final class Scripted implements RecordProcessor<String> {
        final List<String> applied = new ArrayList<>();
        final List<String> attempts = new ArrayList<>();
        final List<List<String>> flushed = new ArrayList<>();
        final List<String> buffer = new ArrayList<>();
        int infraFailuresLeft;
        int flushInfraFailuresLeft;
        int flushBugsLeft;
        boolean fixed;

        @Override
        public String decode(InboundRecord record) {
            if (record.value().startsWith("garbage")) {
                throw new EventDecodingException("invalid CandleClosed: not JSON", null, null);
            }
            return record.value();
        }

        @Override
        public void apply(String event, InboundRecord record) {
            attempts.add(event);
            if (event.startsWith("absurd")) {
                throw new IllegalArgumentException("field 'high' must be at least 'low'");
            }
            if (event.startsWith("bug") && !fixed) {
                throw new NullPointerException("a bug met " + event);
            }
            if (event.startsWith("db") && infraFailuresLeft > 0) {
                infraFailuresLeft--;
                throw new IllegalStateException("cannot store", new SQLTransientConnectionException("connection refused", "08001"));
            }
            applied.add(event);
            buffer.add(event);
        }

        @Override
        public void flush() {
            if (flushInfraFailuresLeft > 0) {
                flushInfraFailuresLeft--;
                throw new InfrastructureException("Kafka did not acknowledge");
            }
            if (flushBugsLeft > 0) {
                flushBugsLeft--;
                throw new IllegalStateException("a bug in the flush", new SQLException("duplicate key", "23505"));
            }
            flushed.add(List.copyOf(buffer));
            buffer.clear();
        }
    }

    @Test
    void validRecordsAreAppliedInOrderAndFlushedOnceBeforeTheBatchReturns() {
        Scripted p = new Scripted();
        runner().process(List.of(record(1, "BTC", "a"), record(2, "ETH", "b"), record(3, "BTC", "c")), p);
        assertThat(p.applied).containsExactly("a", "b", "c");
        assertThat(p.flushed).containsExactly(List.of("a", "b", "c"));
        assertThat(dlq.sent).isEmpty();
        assertThat(lot.rows).isEmpty();
        assertThat(events.log).contains("processed candles 3");
    }

    @Test
    void invalidInputGoesToTheDeadLetterTopicWithItsReasonAndTheBatchGoesOn() {
        Scripted p = new Scripted();
        runner().process(List.of(record(1, "BTC", "garbage{"), record(2, "BTC", "absurd"), record(3, "BTC", "c")), p);
        assertThat(dlq.sent).extracting(s -> s.record().offset() + " " + s.reason())
                .containsExactly("1 invalid CandleClosed: not JSON", "2 field 'high' must be at least 'low'");
        assertThat(p.applied).containsExactly("c");
        assertThat(p.attempts).containsExactly("absurd", "c"); // an invalid record is not retried
        assertThat(lot.rows).isEmpty();
    }

    @Test
    void anInfrastructureFailureIsRetriedWithBackOffUntilItSucceeds() {
        Scripted p = new Scripted();
        p.infraFailuresLeft = 4;
        runner().process(List.of(record(1, "BTC", "db-write")), p);
        assertThat(p.applied).containsExactly("db-write");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(400));
        assertThat(dlq.sent).isEmpty();
        assertThat(lot.rows).isEmpty();
        assertThat(events.log).filteredOn(e -> e.startsWith("retry")).hasSize(4);
    }

    @Test
    void anInfrastructureFailureDuringShutdownHoldsTheRecordNeitherCommittedNorDeadLettered() {
        Scripted p = new Scripted();
        p.infraFailuresLeft = 1;
        running.set(false);
        assertThatThrownBy(() -> runner().process(List.of(record(1, "BTC", "db-write")), p)).isInstanceOf(Held.class);
        assertThat(dlq.sent).isEmpty();
        assertThat(lot.rows).isEmpty();
        assertThat(p.flushed).isEmpty();
    }

    @Test
    void aBugParksTheRecordOnceAndHoldsItsKeyWhileOtherKeysGoOn() {
        Scripted p = new Scripted();
        BatchRunner runner = runner();
        runner.process(List.of(record(1, "BTC", "bug-1"), record(2, "ETH", "e1"), record(3, "BTC", "b2")), p);
        runner.process(List.of(record(4, "BTC", "b3"), record(5, "ETH", "e2")), p);

        assertThat(p.attempts).containsExactly("bug-1", "e1", "e2"); // the bug is not retried; BTC waits behind it
        assertThat(p.applied).containsExactly("e1", "e2");
        assertThat(lot.rows).extracting(r -> r.record().offset() + " " + r.behind()).containsExactly("1 null", "3 1", "4 1");
        assertThat(lot.rows.get(0).error()).isEqualTo("java.lang.NullPointerException: a bug met bug-1");
        assertThat(lot.rows.get(1).error()).startsWith("held behind parked record #1 of the same key 'BTC'");
        assertThat(runner.blockedKeys()).isEqualTo(Map.of("BTC", 1L));
        assertThat(dlq.sent).isEmpty(); // never silently dead-lettered
        assertThat(events.log).contains("parked candles false", "parked candles true");
    }

    @Test
    void afterARestartWithTheFixTheParkedRecordsAreAppliedFirstInOrderAndResolved() {
        Scripted before = new Scripted();
        runner().process(List.of(record(1, "BTC", "bug-1"), record(2, "BTC", "b2"), record(3, "ETH", "e1")), before);

        Scripted fixed = new Scripted();
        fixed.fixed = true;
        BatchRunner restarted = runner();
        restarted.process(List.of(record(4, "BTC", "b3")), fixed);

        assertThat(fixed.applied).containsExactly("bug-1", "b2", "b3");
        assertThat(fixed.flushed.get(0)).containsExactly("bug-1", "b2"); // durable before they are marked resolved
        assertThat(lot.rows).allSatisfy(r -> assertThat(lot.resolution.get(r.id())).isEqualTo("applied after a restart"));
        assertThat(restarted.blockedKeys()).isEmpty();
        assertThat(events.log).contains("resolved candles 2");
    }

    @Test
    void afterARestartWithoutTheFixTheKeyStaysHeldAndNewRecordsWaitBehind() {
        runner().process(List.of(record(1, "BTC", "bug-1"), record(2, "BTC", "b2")), new Scripted());

        Scripted stillBroken = new Scripted();
        BatchRunner restarted = runner();
        restarted.process(List.of(record(3, "BTC", "b3"), record(4, "ETH", "e1")), stillBroken);

        assertThat(stillBroken.attempts).containsExactly("bug-1", "e1"); // tried once after the restart, not in a loop
        assertThat(lot.rows).extracting(r -> r.record().offset()).containsExactly(1L, 2L, 3L);
        assertThat(lot.resolution).isEmpty();
        assertThat(restarted.blockedKeys()).isEqualTo(Map.of("BTC", 1L));
    }

    @Test
    void aFlushThatFailsOnInfrastructureIsRetriedAndTheBatchReturnsOnlyOnceItIsDurable() {
        Scripted p = new Scripted();
        p.flushInfraFailuresLeft = 2;
        runner().process(List.of(record(1, "BTC", "a")), p);
        assertThat(p.flushed).containsExactly(List.of("a"));
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aBugInTheFlushStallsTheConsumerWithAnAlertAndSlowRetriesNotATightLoop() {
        Scripted p = new Scripted();
        p.flushBugsLeft = 3;
        runner().process(List.of(record(1, "BTC", "a")), p);
        assertThat(p.flushed).containsExactly(List.of("a"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(events.log).filteredOn(e -> e.startsWith("stalled")).containsExactly(
                "stalled candles java.lang.IllegalStateException: a bug in the flush",
                "stalled candles java.lang.IllegalStateException: a bug in the flush",
                "stalled candles java.lang.IllegalStateException: a bug in the flush",
                "stalled candles null");
    }

    @Test
    void aDeadLetterTheBrokerDoesNotAcknowledgeIsSentAgainBeforeTheBatchReturns() {
        dlq.failuresLeft = 2;
        Scripted p = new Scripted();
        runner().process(List.of(record(1, "BTC", "garbage")), p);
        assertThat(dlq.attempts.get()).isEqualTo(3);
        assertThat(dlq.sent).hasSize(1);
    }

    @Test
    void failuresAreClassifiedByTheirKind() {
        assertThat(FailureKind.of(new EventDecodingException("x", null, null))).isEqualTo(FailureKind.INVALID);
        assertThat(FailureKind.of(new IllegalArgumentException("x"))).isEqualTo(FailureKind.INVALID);
        assertThat(FailureKind.of(new IllegalStateException("x", new SQLException("gone", "08006")))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new IllegalStateException("x", new SQLException("io")))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new IllegalStateException("x", new SQLException("dup", "23505")))).isEqualTo(FailureKind.BUG);
        assertThat(FailureKind.of(new IllegalStateException("x", new java.util.concurrent.TimeoutException()))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new InfrastructureException("not ready"))).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new ArithmeticException("long overflow"))).isEqualTo(FailureKind.BUG);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.BUG);
        // an invalid-input exception caused by the infrastructure is the infrastructure's
        assertThat(FailureKind.of(new IllegalArgumentException("x", new SQLException("gone", "08006")))).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    // ------------------------------------------------------------------ fakes

    static final class Events implements BatchRunner.Listener {
        final List<String> log = new ArrayList<>();

        @Override
        public void processed(String consumer, int records) {
            log.add("processed " + consumer + " " + records);
        }

        @Override
        public void deadLettered(String consumer, String reason) {
            log.add("dead-lettered " + consumer + " " + reason);
        }

        @Override
        public void parked(String consumer, boolean behindAnother) {
            log.add("parked " + consumer + " " + behindAnother);
        }

        @Override
        public void resolved(String consumer, int records) {
            log.add("resolved " + consumer + " " + records);
        }

        @Override
        public void infrastructureRetry(String consumer) {
            log.add("retry " + consumer);
        }

        @Override
        public void stalled(String consumer, String reason) {
            log.add("stalled " + consumer + " " + reason);
        }
    }

}
