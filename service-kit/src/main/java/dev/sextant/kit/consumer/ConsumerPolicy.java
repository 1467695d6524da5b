package dev.sextant.kit.consumer;

import dev.sextant.contracts.time.EventTimeWindow;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.InfrastructureRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one consumer policy of the platform (docs/reliability.md), for every {@code @Incoming} method of every
 * service. A consumer method receives a batch and hands it over with its {@link RecordProcessor}:
 * <pre>
 * &#64;Incoming(Topics.CANDLES) &#64;Blocking
 * public CompletionStage&lt;Void&gt; onCandles(KafkaRecordBatch&lt;String, String&gt; batch) {
 *     return policy.consume(Topics.CANDLES, batch, processor);
 * }
 * </pre>
 * The batch is acknowledged (its offsets committed) only after every record in it is applied and durable,
 * dead-lettered or parked ({@link BatchRunner}). The policy's state is in the service's health
 * ({@link ConsumerPolicyHealth}) and metrics ({@code sextant_consumer_*}).
 */
@ApplicationScoped
public class ConsumerPolicy {
    private final Map<String, BatchRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, String> stalled = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final AtomicLong parkedOpen = new AtomicLong(-1);
    private final MeterRegistry registry;
    private final Instance<DataSource> dataSource;
    private final Map<String, Object> kafkaConfig;
    /** This service's name, in the dead letters' {@code dead-letter-consumer} header. */
    private final String service;
    private final String schema;
    private final Clock clock;
    private final EventTimeWindow.Settings eventTimeSettings;
    private volatile boolean running = true;
    private volatile KafkaDeadLetters deadLetters;
    private volatile JdbcParkingLot parkingLot;

    public ConsumerPolicy(MeterRegistry registry, Instance<DataSource> dataSource,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                          @ConfigProperty(name = "sextant.db.schema") String schema, Instance<Clock> clock,
                          @ConfigProperty(name = "sextant.event-time.max-jump") java.util.Optional<Duration> maxJump,
                          @ConfigProperty(name = "sextant.event-time.allowed-skew", defaultValue = "PT2M") Duration skew,
                          @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
        if (skew.isNegative() || maxJump.map(j -> j.isNegative() || j.isZero()).orElse(false)) {
            throw new IllegalStateException("Invalid configuration: sextant.event-time.allowed-skew must not be negative and "
                    + "sextant.event-time.max-jump must be positive (got " + skew + ", " + maxJump.orElse(null) + ")");
        }
        this.eventTimeSettings = new EventTimeWindow.Settings(EventTimeWindow.DEFAULT_FLOOR, skew, maxJump.orElse(null));
        this.dataSource = dataSource;
        this.kafkaConfig = kafkaConfig;
        this.schema = schema;
        this.clock = clock.isResolvable() ? clock.get() : Clock.systemUTC();
        registry.gauge("sextant.consumer.parked", parkedOpen, a -> Math.max(0, a.get()));
        registry.gauge("sextant.consumer.degraded", this, p -> p.degraded() ? 1 : 0);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
    }

    /** Counts the records parked before this start, so health and metrics show them before any batch arrives. */
    void onStart(@Observes StartupEvent event) {
        try {
            parkingLot();
            refreshCount(parkingLot);
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(ConsumerPolicy.class)
                    .warnf("cannot count the parked records at start-up (counted at the first batch): %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    /** Processes a batch under the policy; the returned stage acknowledges it once everything is durable. */
    public <T> CompletionStage<Void> consume(String consumer, KafkaRecordBatch<String, String> batch,
                                             RecordProcessor<T> processor) {
        List<InboundRecord> records = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            records.add(inbound(record));
        }
        runner(consumer).process(records, processor);
        recordLatency(consumer, batch);
        return batch.ack();
    }

    /**
     * {@code sextant_consumer_latency_seconds{consumer}}: from each record's Kafka timestamp (the producer's clock when it
     * published it) to the end of its processing here (applied and durable, dead-lettered or parked): the hop's latency
     * including any backlog. The wall clock, not the service's {@link Clock}: Kafka timestamps are wall-clock times.
     */
    private void recordLatency(String consumer, KafkaRecordBatch<String, String> batch) {
        Timer timer = latency.computeIfAbsent(consumer, c -> Timer.builder("sextant.consumer.latency")
                .description("From a record's Kafka timestamp (published) to the end of its processing by this consumer")
                .tag("consumer", c).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry));
        long now = System.currentTimeMillis();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            if (record.getTimestamp() != null && record.getTimestamp().toEpochMilli() > 0) {
                timer.record(Math.max(0, now - record.getTimestamp().toEpochMilli()), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The runner of a consumer (created on first use), e.g. for its {@link BatchRunner#retry()}. */
    public BatchRunner runner(String consumer) {
        return runners.computeIfAbsent(consumer, c -> newRunner(c));
    }

    private BatchRunner newRunner(String c) {
        // The dead-letter count exists (at 0) from the first batch on, so that a DLQ rate reads 0 rather than nothing.
        Counter.builder("sextant.consumer.records").description("Consumed records by what became of them")
                .tag("consumer", c).tag("outcome", "dead_lettered").register(registry);
        return new BatchRunner(c, Topics.dlq(c), this::sendDeadLetter,
                parkingLot(), new Metrics(), () -> running, d -> Thread.sleep(d.toMillis()),
                Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60), InfrastructureRetry::holdForever,
                new EventTimeWindow(clock, eventTimeSettings));
    }

    /** True when a record is parked or a consumer is stalled: the operator has something to look at. */
    public boolean degraded() {
        return parkedOpen.get() > 0 || !stalled.isEmpty();
    }

    /** What the health check shows. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", degraded() ? "DEGRADED" : "OK");
        state.put("parkedRecords", Math.max(0, parkedOpen.get()));
        Map<String, Long> held = new LinkedHashMap<>();
        runners.values().forEach(r -> r.blockedKeys().forEach((key, id) -> held.put(r.consumer() + "/" + key, id)));
        if (!held.isEmpty()) {
            state.put("heldKeys", held.toString());
        }
        if (!stalled.isEmpty()) {
            state.put("stalled", stalled.toString());
        }
        return state;
    }

    private static InboundRecord inbound(KafkaRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.getHeaders()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        long offset = record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        return new InboundRecord(record.getTopic(), record.getPartition(), offset, record.getKey(), record.getPayload(),
                headers);
    }

    private java.util.concurrent.CompletableFuture<Void> sendDeadLetter(InboundRecord record, String reason, Throwable failure) {
        KafkaDeadLetters sink = deadLetters;
        if (sink == null) {
            synchronized (this) {
                if (deadLetters == null) {
                    deadLetters = new KafkaDeadLetters(kafkaConfig, service);
                }
                sink = deadLetters;
            }
        }
        return sink.send(record, reason, failure);
    }

    private synchronized ParkingLot parkingLot() {
        if (parkingLot == null) {
            parkingLot = new JdbcParkingLot(dataSource.get(), schema, clock);
        }
        JdbcParkingLot lot = parkingLot;
        return new ParkingLot() {
            @Override
            public long park(String consumer, InboundRecord record, String error, String detail, Long behind) {
                return lot.park(consumer, record, error, detail, behind);
            }

            @Override
            public List<Parked> unresolved(String consumer) {
                List<Parked> parked = lot.unresolved(consumer);
                parkedOpen.compareAndSet(-1, 0);
                refreshCount(lot);
                return parked;
            }

            @Override
            public void resolve(List<Long> ids, String resolution) {
                lot.resolve(ids, resolution);
                refreshCount(lot);
            }
        };
    }

    private void refreshCount(JdbcParkingLot lot) {
        parkedOpen.set(lot.countUnresolved());
    }

    private final class Metrics implements BatchRunner.Listener {
        private Counter counter(String consumer, String outcome) {
            return Counter.builder("sextant.consumer.records").description("Consumed records by what became of them")
                    .tag("consumer", consumer).tag("outcome", outcome).register(registry);
        }

        @Override
        public void processed(String consumer, int records) {
            counter(consumer, "applied").increment(records);
        }

        @Override
        public void deadLettered(String consumer, String reason) {
            Counter.builder("sextant.consumer.records").tag("consumer", consumer).tag("outcome", "dead_lettered")
                    .register(registry).increment();
        }

        @Override
        public void parked(String consumer, boolean behindAnother) {
            counter(consumer, behindAnother ? "parked_behind" : "parked").increment();
            parkedOpen.updateAndGet(n -> Math.max(0, n) + 1);
        }

        @Override
        public void resolved(String consumer, int records) {
            counter(consumer, "resolved").increment(records);
        }

        @Override
        public void infrastructureRetry(String consumer) {
            Counter.builder("sextant.consumer.infrastructure.retries").description("Retried infrastructure failures")
                    .tag("consumer", consumer).register(registry).increment();
        }

        @Override
        public void stalled(String consumer, String reason) {
            if (reason == null) {
                stalled.remove(consumer);
            } else {
                stalled.put(consumer, reason);
            }
        }

        @Override
        public void batch(String consumer, int size, long nanos) {
            DistributionSummary.builder("sextant.consumer.batch.size").tag("consumer", consumer).register(registry)
                    .record(size);
            Timer.builder("sextant.consumer.batch").tag("consumer", consumer).register(registry)
                    .record(Duration.ofNanos(nanos));
        }
    }
}
