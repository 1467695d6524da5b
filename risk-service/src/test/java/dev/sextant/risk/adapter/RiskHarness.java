package dev.sextant.risk.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.kit.CommandSignatures;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.RecordProcessor;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.risk.config.RiskConfig;
import dev.sextant.risk.domain.RiskDefaults;
import dev.sextant.testing.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One risk-service, without Quarkus, over its own schema of the real PostgreSQL (migrated by Flyway like the service),
 * with a recording publisher instead of Kafka and a clock the test moves: records go through the service's real
 * processors ({@link RiskConsumers#processorFor}), one record or a whole mixed batch per flush, or through the kit's
 * {@link dev.sextant.kit.consumer.BatchRunner} ({@link TestPolicy}). {@link #restart()} makes a new service over the
 * same database (what a crash and restart leave: memory lost, the database kept).
 */
final class RiskHarness implements AutoCloseable {
    final TestDb db;
    final RecordingPublisher publisher;
    final TestClock clock;
    final TestConfig config;
    final TestPolicy policy = new TestPolicy();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RiskService service;
    RiskConsumers consumers;
    private final boolean owner;

    private RiskHarness(TestDb db, TestConfig config, RecordingPublisher publisher, TestClock clock, boolean owner) {
        this.db = db;
        this.config = config;
        this.publisher = publisher;
        this.clock = clock;
        this.owner = owner;
        start();
    }

    /** A fresh schema and a service over it, started. */
    static RiskHarness kernel() {
        return new RiskHarness(TestDb.create(), TestConfig.kernel(), new RecordingPublisher(), new TestClock(), true);
    }

    static RiskHarness with(TestConfig config) {
        return new RiskHarness(TestDb.create(), config, new RecordingPublisher(), new TestClock(), true);
    }

    private void start() {
        RiskMetrics metrics = new RiskMetrics(registry);
        service = new RiskService(config, new RiskStore(db.dataSource), publisher, metrics, clock, Duration.ofMinutes(5));
        consumers = new RiskConsumers(service, metrics, null, CommandSignatures.off());
        service.startUp();
    }

    /** A crash and a restart: a new service over the same database; the publisher (the topics) and the clock go on. */
    void restart() {
        start();
    }

    // ------------------------------------------------------------------ feeding records

    private long offset;

    InboundRecord record(Event event) {
        return new InboundRecord(topicOf(event), 0, offset++, event.key(), EventCodec.encode(event), Map.of());
    }

    static String topicOf(Event event) {
        return switch (event) {
            case FeaturesComputed f -> Topics.FEATURES;
            case PredictionMade p -> Topics.PREDICTIONS;
            case CandleSettled s -> Topics.SETTLEMENTS;
            case FillExecuted f -> Topics.FILLS;
            case PositionChanged p -> Topics.POSITIONS;
            case OrderEvent o -> Topics.ORDERS;
            case OrderBookSnapshotTaken b -> Topics.ORDERBOOK;
            case ControlEvent c -> Topics.CONTROL;
            default -> throw new IllegalArgumentException("risk-service does not consume " + event);
        };
    }

    /** The processor of the record's topic, as the consumers use it. */
    @SuppressWarnings("unchecked")
    RecordProcessor<Object> processor(String topic) {
        return (RecordProcessor<Object>) (RecordProcessor<?>) consumers.processorFor(topic);
    }

    /**
     * A processor for records of every topic (each decoded and applied by its topic's processor) with one flush: a
     * batch mixing topics, as the service sees several consumers' batches between two flushes. {@code beforeApply}
     * sees each record first.
     */
    RecordProcessor<Object> mixed(Consumer<InboundRecord> beforeApply) {
        return new RecordProcessor<>() {
            @Override
            public Object decode(InboundRecord record) {
                return processor(record.topic()).decode(record);
            }

            @Override
            public void apply(Object event, InboundRecord record) {
                beforeApply.accept(record);
                processor(record.topic()).apply(event, record);
            }

            @Override
            public void flush() {
                processor(Topics.FEATURES).flush();
            }
        };
    }

    /** Applies each event through its topic's processor, without a flush. */
    void apply(List<? extends Event> events) {
        for (Event event : events) {
            InboundRecord record = record(event);
            RecordProcessor<Object> processor = processor(record.topic());
            processor.apply(processor.decode(record), record);
        }
    }

    void flush() {
        processor(Topics.SETTLEMENTS).flush();
    }

    /** Every event applied, then one flush. */
    void batch(List<? extends Event> events) {
        apply(events);
        flush();
    }

    /** Each event in a batch of its own: applied, flushed. */
    void perRecord(List<? extends Event> events) {
        for (Event event : events) {
            batch(List.of(event));
        }
    }

    /** The events as one batch through the kit's batch runner (retries, dead letters and parking as in production). */
    void run(List<? extends Event> events) {
        run(events, r -> { });
    }

    void run(List<? extends Event> events, Consumer<InboundRecord> beforeApply) {
        List<InboundRecord> records = new ArrayList<>();
        events.forEach(e -> records.add(record(e)));
        policy.runner("risk-test").process(records, mixed(beforeApply));
    }

    // ------------------------------------------------------------------ what was published and stored

    List<RiskDecisionMade> publishedDecisions() {
        return publisher.acked.stream().filter(RiskDecisionMade.class::isInstance).map(RiskDecisionMade.class::cast).toList();
    }

    List<TradingStateChanged> publishedStates() {
        return publisher.acked.stream().filter(TradingStateChanged.class::isInstance).map(TradingStateChanged.class::cast)
                .toList();
    }

    RiskDecisionMade decisionFor(PredictionMade prediction) {
        EventId id = Ids.derivedFrom("decision", prediction.eventId());
        return publishedDecisions().stream().filter(d -> d.eventId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no decision published for " + prediction.eventId()));
    }

    JsonNode storedSnapshot() {
        return json(db.strings("SELECT snapshot::text FROM engine_state WHERE id = 1").getFirst());
    }

    JsonNode storedSequencerState() {
        return json(db.strings("SELECT state::text FROM sequencer_state WHERE id = 1").getFirst());
    }

    /** The engine's snapshot in memory, as the store writes it (JSON text) and reads it back. */
    JsonNode memorySnapshot() {
        return json(text(service.engineSnapshot()));
    }

    JsonNode memorySequencerState() {
        return json(text(service.sequencerState()));
    }

    private static String text(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "id approved published" per stored decision, sorted. */
    Set<String> storedDecisions() {
        return new TreeSet<>(db.strings("SELECT event_id || ' ' || approved || ' ' || published FROM decisions"));
    }

    /** "id applied" per inbox row, sorted. */
    Set<String> inboxRows() {
        return new TreeSet<>(db.strings("SELECT event_id || ' ' || applied FROM inbox"));
    }

    Set<String> inboxIds() {
        return new TreeSet<>(db.strings("SELECT event_id FROM inbox"));
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (owner) {
            db.close();
        }
    }

    // ------------------------------------------------------------------ collaborators

    /** A schema of its own, migrated like the service's, and a DataSource that counts commits and fails on demand. */
    static final class TestDb implements AutoCloseable {
        final String schema;
        final DataSource dataSource;
        /** Commits of transactions (autocommit statements, i.e. reads, are not counted). */
        final AtomicInteger commits = new AtomicInteger();
        /** Statements prepared (reads and writes). */
        final AtomicInteger statements = new AtomicInteger();
        /** The next statement whose SQL contains this fails like a lost connection (SQL state 08006), once. */
        volatile String failOnce;
        /** The next commit happens but is reported failed like a lost connection, once. */
        volatile boolean loseCommitReplyOnce;

        private TestDb(String schema) {
            this.schema = schema;
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(TestInfra.dbUrl());
            pg.setUser(TestInfra.dbUser());
            pg.setPassword(TestInfra.dbPassword());
            pg.setCurrentSchema(schema);
            this.dataSource = wrap(pg);
        }

        static TestDb create() {
            String schema = "risk_batch_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Flyway.configure().dataSource(TestInfra.dbUrl(), TestInfra.dbUser(), TestInfra.dbPassword())
                    .schemas(schema).createSchemas(true).locations("classpath:db/migration").load().migrate();
            return new TestDb(schema);
        }

        List<String> strings(String sql) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void execute(String sql) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                ps.execute();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private DataSource wrap(DataSource real) {
            ClassLoader loader = RiskHarness.class.getClassLoader();
            return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                Object result = invoke(real, method, args);
                if (!method.getName().equals("getConnection")) {
                    return result;
                }
                Connection c = (Connection) result;
                return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (p, m, a) -> {
                    if (m.getName().equals("prepareStatement")) {
                        statements.incrementAndGet();
                        String fragment = failOnce;
                        if (fragment != null && ((String) a[0]).contains(fragment)) {
                            failOnce = null;
                            throw new SQLException("connection lost (simulated)", "08006");
                        }
                    }
                    if (m.getName().equals("commit")) {
                        Object out = invoke(c, m, a);
                        commits.incrementAndGet();
                        if (loseCommitReplyOnce) {
                            loseCommitReplyOnce = false;
                            throw new SQLException("connection lost after the commit was sent (simulated)", "08006");
                        }
                        return out;
                    }
                    return invoke(c, m, a);
                });
            });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public void close() {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /**
     * The publisher without Kafka or Redis: records every send and every acknowledged event; a send can be made to
     * fail ({@link #failNext}), and acknowledgements can be held until the test releases them ({@link #holdAcks}).
     */
    static final class RecordingPublisher extends RiskPublisher {
        final List<Event> sent = new CopyOnWriteArrayList<>();
        final List<Event> acked = new CopyOnWriteArrayList<>();
        final List<TradingStateChanged> announced = new CopyOnWriteArrayList<>();
        private final List<Runnable> heldAcks = new CopyOnWriteArrayList<>();
        volatile Predicate<Event> failNext;
        volatile boolean holdAcks;

        RecordingPublisher() {
            super(null, null, null, "test:", new RiskMetrics(new SimpleMeterRegistry()));
        }

        @Override
        public CompletableFuture<Void> send(Event event) {
            sent.add(event);
            Predicate<Event> fail = failNext;
            if (fail != null && fail.test(event)) {
                failNext = null;
                return CompletableFuture.failedFuture(
                        new org.apache.kafka.common.errors.TimeoutException("broker did not answer (simulated)"));
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            Runnable complete = () -> {
                acked.add(event);
                ack.complete(null);
            };
            if (holdAcks) {
                heldAcks.add(complete);
            } else {
                complete.run();
            }
            return ack;
        }

        /** Acknowledges, in order, every send held so far. */
        void releaseAcks() {
            List<Runnable> held = List.copyOf(heldAcks);
            heldAcks.clear();
            held.forEach(Runnable::run);
        }

        @Override
        public void publish(RiskDecisionMade decision) {
            send(decision).join();
        }

        @Override
        public void publish(TradingStateChanged change) {
            send(change).join();
        }

        @Override
        public void announce(TradingStateChanged change) {
            announced.add(change);
        }

        @Override
        public void cacheLatest(List<? extends Event> published) {
        }
    }

    /**
     * A clock the test moves; it can be armed to throw a bug from its n-th reading on ({@link #failAt}), once, and
     * counts its readings.
     */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2024-03-01T15:00:03Z");
        final AtomicInteger readings = new AtomicInteger();
        private volatile int failAt;
        private volatile RuntimeException failure;

        void advance(Duration by) {
            now = now.plus(by);
        }

        /** The {@code n}-th reading from now on throws {@code bug} (once). */
        void failAt(int n, RuntimeException bug) {
            failure = bug;
            failAt = readings.get() + n;
        }

        @Override
        public Instant instant() {
            int reading = readings.incrementAndGet();
            RuntimeException bug = failure;
            if (bug != null && reading == failAt) {
                failure = null;
                throw bug;
            }
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The configuration with the domain's defaults ({@link RiskDefaults}); sequencing, step timeout and cache size set. */
    record TestConfig(String sequencing, Duration sequencerStepTimeout, int featureCacheSize) implements RiskConfig {
        static TestConfig kernel() {
            return new TestConfig("kernel", Duration.ofSeconds(3), Integer.parseInt(RiskDefaults.FEATURE_CACHE_SIZE));
        }

        static TestConfig arrival() {
            return new TestConfig("arrival", Duration.ofSeconds(3), Integer.parseInt(RiskDefaults.FEATURE_CACHE_SIZE));
        }

        @Override public BigDecimal initialCapital() { return new BigDecimal(RiskDefaults.INITIAL_CAPITAL); }
        @Override public TradingState initialState() { return TradingState.valueOf(RiskDefaults.INITIAL_STATE); }
        @Override public BigDecimal confidenceThreshold() { return new BigDecimal(RiskDefaults.CONFIDENCE_THRESHOLD); }
        @Override public BigDecimal riskPerTrade() { return new BigDecimal(RiskDefaults.RISK_PER_TRADE); }
        @Override public BigDecimal maxDailyLoss() { return new BigDecimal(RiskDefaults.MAX_DAILY_LOSS); }
        @Override public BigDecimal minAtrRatio() { return new BigDecimal(RiskDefaults.MIN_ATR_RATIO); }
        @Override public BigDecimal maxAtrRatio() { return new BigDecimal(RiskDefaults.MAX_ATR_RATIO); }
        @Override public BigDecimal maxSpreadRatio() { return new BigDecimal(RiskDefaults.MAX_SPREAD_RATIO); }
        @Override public BigDecimal stopAtrMultiple() { return new BigDecimal(RiskDefaults.STOP_ATR_MULTIPLE); }
        @Override public BigDecimal rewardRiskRatio() { return new BigDecimal(RiskDefaults.REWARD_RISK_RATIO); }
        @Override public BigDecimal costHeadroom() { return new BigDecimal(RiskDefaults.COST_HEADROOM); }
        @Override public BigDecimal minNotional() { return new BigDecimal(RiskDefaults.MIN_NOTIONAL); }
        @Override public BigDecimal quantityStep() { return new BigDecimal(RiskDefaults.QUANTITY_STEP); }
        @Override public Map<String, BigDecimal> symbolQuantityStep() { return Map.of(); }
        @Override public String quantityRounding() { return RiskDefaults.QUANTITY_ROUNDING; }
        @Override public int pendingTimeoutCandles() { return Integer.parseInt(RiskDefaults.PENDING_TIMEOUT_CANDLES); }
        @Override public String dailyLossHalt() { return RiskDefaults.DAILY_LOSS_HALT; }
        @Override public int maxBookAgeSeconds() { return Integer.parseInt(RiskDefaults.MAX_BOOK_AGE_SECONDS); }
        @Override public BigDecimal maxSlippageRatio() { return new BigDecimal(RiskDefaults.MAX_SLIPPAGE_RATIO); }
        @Override public BigDecimal liquidityBandRatio() { return new BigDecimal(RiskDefaults.LIQUIDITY_BAND_RATIO); }
        @Override public BigDecimal minLiquidityMultiple() { return new BigDecimal(RiskDefaults.MIN_LIQUIDITY_MULTIPLE); }
        @Override public int maxWaitingPredictions() { return Integer.parseInt(RiskDefaults.MAX_WAITING_PREDICTIONS); }
        @Override public int maxDayJump() { return 7; }
    }
}
