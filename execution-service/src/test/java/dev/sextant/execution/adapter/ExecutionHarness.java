package dev.sextant.execution.adapter;

import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.execution.config.ExecutionConfig;
import dev.sextant.execution.domain.AccountSummary;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.FeeModel;
import dev.sextant.kit.CommandSignatures;
import dev.sextant.testing.TestInfra;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Vetoed;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An {@link ExecutionService} outside Quarkus, on its own schema of the real PostgreSQL (migrated with the service's
 * Flyway scripts), with a database that counts its transactions and can fail a commit like a dropped connection, a
 * publisher that records what it sends, and a fixed clock (so two runs give identical rows and events).
 */
final class ExecutionHarness implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final String schema;
    final CountingDataSource db;
    final RecordingPublisher publisher = new RecordingPublisher();
    final ExecutionMetrics metrics = new ExecutionMetrics(new SimpleMeterRegistry());
    final RecordingLatest latest = new RecordingLatest(metrics);
    final ExecutionService service;
    final ExecutionConsumers consumers;

    final ExecutionSettings settings;
    private final ExecutionModels models;

    private ExecutionHarness(String schema, ExecutionSettings settings, ExecutionModels models) {
        this.schema = schema;
        this.settings = settings;
        this.models = models;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestInfra.dbUrl() + (TestInfra.dbUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
        Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true).locations("classpath:db/migration")
                .load().migrate();
        this.db = new CountingDataSource(ds);
        this.service = new ExecutionService(settings, models, config(), CLOCK, new ExecutionStore(db.proxy()), publisher,
                latest, metrics, Duration.ofMinutes(5));
        this.consumers = new ExecutionConsumers(service, null, CommandSignatures.off());
        service.onStart(null);
        await().atMost(Duration.ofSeconds(30)).until(service::isReady);
    }

    /** A service on a new schema named {@code schema}, with the default settings and models. */
    static ExecutionHarness start(String schema) {
        return start(schema, ExecutionSettings.defaults(), null);
    }

    /**
     * A service on a new schema named {@code schema}.
     *
     * @param fees the fee model, or null for the default
     */
    static ExecutionHarness start(String schema, ExecutionSettings settings, FeeModel fees) {
        ExecutionModels models = ExecutionModels.defaults(settings);
        return new ExecutionHarness(schema, settings, fees == null ? models : models.withFees(fees));
    }

    /** Another service on the same schema, as after a restart: its state is read from the database. */
    ExecutionHarness restart() {
        return new ExecutionHarness(schema, settings, models);
    }

    static ExecutionConfig config() {
        ExecutionSettings d = ExecutionSettings.defaults();
        return new ExecutionConfig() {
            public BigDecimal initialCapital() { return d.initialCapital(); }
            public BigDecimal slippage() { return d.slippage(); }
            public BigDecimal takerFee() { return d.takerFeeRate(); }
            public String feeAsset() { return d.feeAsset(); }
            public String venue() { return d.venue(); }
            public int candleWindow() { return d.candleWindow(); }
            public String slippageModel() { return "proportional"; }
            public String feeModel() { return "taker"; }
            public String fillPrice() { return "next-open"; }
            public String latencyCandles() { return "1"; }
            public int publishTimeoutSeconds() { return 5; }
            public int maxDayJump() { return 7; }
        };
    }

    /**
     * Every table of the books, row by row in a fixed order (the outbox in publishing order, without its sequence;
     * the account without its write sequence).
     */
    Map<String, List<String>> dump() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("orders", "SELECT * FROM orders ORDER BY client_order_id");
        queries.put("fills", "SELECT * FROM fills ORDER BY event_id");
        queries.put("positions", "SELECT * FROM positions ORDER BY position_id");
        queries.put("closed_trades", "SELECT * FROM closed_trades ORDER BY position_id");
        queries.put("equity_points", "SELECT * FROM equity_points ORDER BY ts, kind, ref");
        queries.put("account", "SELECT initial_capital, cash, realized_pnl, trades_closed, wins, pnl_day, realized_pnl_day"
                + " FROM account"); // not write_seq: the number of batches written
        queries.put("recent_candles", "SELECT * FROM recent_candles ORDER BY symbol, candle_interval, open_time");
        queries.put("settlement_counts", "SELECT * FROM settlement_counts ORDER BY symbol, candle_open_time");
        queries.put("settlement_decisions", "SELECT * FROM settlement_decisions ORDER BY symbol");
        queries.put("applied_commands",
                "SELECT event_id, command_type, ts_event, outcome FROM applied_commands ORDER BY event_id");
        queries.put("outbox", "SELECT event_id, event_type, payload, created_at, published_at FROM outbox ORDER BY seq");
        Map<String, List<String>> dump = new LinkedHashMap<>();
        queries.forEach((table, sql) -> dump.put(table, rows(sql)));
        return dump;
    }

    List<String> rows(String sql) {
        try (Connection c = db.real().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return Long.parseLong(rows(sql).get(0));
    }

    /** Drops the schema. */
    @Override
    public void close() {
        db.closeAll();
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ doubles

    /** Sends nothing: records each event; {@link #failures} next sends are not acknowledged. */
    @Vetoed
    static final class RecordingPublisher extends EventPublisher {
        final List<Event> sent = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures = new AtomicInteger();

        RecordingPublisher() {
            super(null, null, null, null);
        }

        @Override
        public CompletableFuture<Void> publish(Event event) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no ack (simulated)"));
            }
            sent.add(event);
            return CompletableFuture.completedFuture(null);
        }

        List<String> ids() {
            synchronized (sent) {
                return sent.stream().map(e -> e.eventId().value()).toList();
            }
        }
    }

    /** Redis as the latest state the service wrote, without Redis. */
    @Vetoed
    static final class RecordingLatest extends LatestStateWriter {
        final Map<String, PositionChanged> positions = Collections.synchronizedMap(new LinkedHashMap<>());
        final AtomicInteger writes = new AtomicInteger();
        volatile AccountSummary account;

        RecordingLatest(ExecutionMetrics metrics) {
            super(null, "test:", metrics);
        }

        @Override
        public boolean position(PositionChanged change) {
            writes.incrementAndGet();
            positions.put(change.symbol().value(), change);
            return true;
        }

        @Override
        public boolean account(AccountSummary account) {
            writes.incrementAndGet();
            this.account = account;
            return true;
        }
    }

    /**
     * A DataSource that counts transactions (commits, and statements run in auto-commit mode) and statements, and
     * can fail the next commits with a connection failure (SQLState 08006): before the commit (nothing stored) or
     * after it (stored, but the answer is lost).
     */
    static final class CountingDataSource {
        private final DataSource real;
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger autoCommitStatements = new AtomicInteger();
        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger failCommits = new AtomicInteger();
        volatile boolean failAfterCommit;

        CountingDataSource(DataSource real) {
            this.real = real;
        }

        DataSource real() {
            return real;
        }

        int transactions() {
            return commits.get() + autoCommitStatements.get();
        }

        /** The service's DataSource; connections are kept for reuse (as a pool would), which a test run needs. */
        DataSource proxy() {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    (p, method, args) -> {
                        if (method.getName().equals("getConnection") && (args == null || args.length == 0)) {
                            Connection idle;
                            synchronized (this.idle) {
                                idle = this.idle.poll();
                            }
                            return connection(idle != null ? idle : real.getConnection());
                        }
                        return invoke(real, method, args);
                    });
        }

        private final java.util.Deque<Connection> idle = new java.util.ArrayDeque<>();

        void closeAll() {
            synchronized (idle) {
                for (Connection c : idle) {
                    try {
                        c.close();
                    } catch (SQLException ignored) {
                        // closing anyway
                    }
                }
                idle.clear();
            }
        }

        private Connection connection(Connection c) {
            boolean[] autoCommit = {true};
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (p, method, args) -> {
                        switch (method.getName()) {
                            case "close" -> {
                                if (!c.isClosed()) {
                                    if (!c.getAutoCommit()) {
                                        c.rollback();
                                        c.setAutoCommit(true);
                                    }
                                    synchronized (idle) {
                                        idle.push(c);
                                    }
                                }
                                return null;
                            }
                            case "setAutoCommit" -> autoCommit[0] = (Boolean) args[0];
                            case "commit" -> {
                                if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                    if (failAfterCommit) {
                                        c.commit();
                                    }
                                    throw new SQLException("An I/O error occurred while sending to the backend (simulated)",
                                            "08006");
                                }
                                Object result = invoke(c, method, args);
                                commits.incrementAndGet();
                                return result;
                            }
                            default -> {
                            }
                        }
                        Object result = invoke(c, method, args);
                        return result instanceof Statement st ? statement(st, autoCommit) : result;
                    });
        }

        private Statement statement(Statement st, boolean[] autoCommit) {
            Class<?> type = st instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                    (p, method, args) -> {
                        if (method.getName().startsWith("execute")) {
                            statements.incrementAndGet();
                            if (autoCommit[0]) {
                                autoCommitStatements.incrementAndGet();
                            }
                        }
                        return invoke(st, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
