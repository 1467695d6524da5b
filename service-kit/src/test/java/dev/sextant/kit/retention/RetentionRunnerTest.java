package dev.sextant.kit.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.testing.TestInfra;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The retention run on the real PostgreSQL: a partitioned table gets its partitions ahead (rows waiting in the default
 * partition moved in), loses exactly its expired rows (whole partitions dropped, the rest deleted in batches); a plain
 * table loses exactly the expired rows matching the rule's condition; a second instance's run is skipped.
 */
class RetentionRunnerTest {
    private static TestInfra infra;
    private static String schema;
    private static PGSimpleDataSource ds;

    private static final RetentionRule TICKS = RetentionRule.of("ticks", "ticks", "at", RetentionRule.Basis.MARKET,
            Duration.ofDays(40)).partitioned(RetentionRule.Partitioning.MONTH);
    private static final RetentionRule ACKS = RetentionRule.of("acks", "acks", "applied_at", RetentionRule.Basis.WALL,
            Duration.ofDays(10)).where("resolved");

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        schema = infra.schema("retention");
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        ds = new PGSimpleDataSource();
        ds.setUrl(TestInfra.dbUrl() + (TestInfra.dbUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        infra.close();
    }

    @BeforeEach
    void tables() throws Exception {
        sql("DROP TABLE IF EXISTS ticks, acks",
                "CREATE TABLE ticks (id bigint NOT NULL, at timestamptz NOT NULL, note text DEFAULT 'x', PRIMARY KEY (id, at))"
                        + " PARTITION BY RANGE (at)",
                "CREATE TABLE ticks_default PARTITION OF ticks DEFAULT",
                "CREATE INDEX ticks_at ON ticks (at)",
                "CREATE TABLE acks (id bigint PRIMARY KEY, applied_at timestamptz NOT NULL, resolved boolean NOT NULL)");
    }

    private static RetentionRunner runner(String now, int batch) {
        return new RetentionRunner(ds, Clock.fixed(Instant.parse(now), ZoneOffset.UTC), batch, 2, () -> true);
    }

    @Test
    void partitionedTableGetsPartitionsAheadAndLosesExactlyItsExpiredRows() throws Exception {
        Map<Long, String> rows = new LinkedHashMap<>();
        rows.put(1L, "2025-11-20T00:00:00Z");   // expired, in the default partition, no partition made for it
        rows.put(2L, "2026-01-31T23:59:59Z");   // expired
        rows.put(3L, "2026-02-03T10:59:59Z");   // expired by one second, in February's partition
        rows.put(4L, "2026-02-03T11:00:00Z");   // exactly at the cutoff: kept
        rows.put(5L, "2026-02-20T00:00:00Z");
        rows.put(6L, "2026-03-15T11:00:00Z");   // the newest market time: the reference
        rows.put(7L, "2026-05-02T00:00:00Z");   // ahead (a clock running fast): kept, in May's partition
        rows.put(8L, "2099-01-01T00:00:00Z");   // forged far future: kept in the default, and not the reference
        insertTicks(rows);

        // wall clock 2026-03-15T12:00; reference = newest row not after it (11:00); cutoff = 11:00 - 40 days
        RetentionRunner.RunReport run = runner("2026-03-15T12:00:00Z", 2).run(periods(TICKS, Duration.ofDays(40)));

        assertThat(run.skipped()).isFalse();
        RetentionRunner.TableReport t = run.tables().getFirst();
        assertThat(t.error()).isNull();
        assertThat(t.mode()).isEqualTo("partitioned");
        assertThat(t.cutoff()).isEqualTo(Instant.parse("2026-02-03T11:00:00Z"));
        assertThat(t.partitionsCreated()).isEqualTo(4); // Feb (the cutoff's), Mar (now), Apr and May (2 ahead)
        assertThat(t.rowsDeleted()).isEqualTo(3);       // in batches of 2
        assertThat(t.partitionsDropped()).isZero();
        assertThat(tickPlaces()).isEqualTo(new TreeMap<>(Map.of(
                4L, "ticks_p20260201", 5L, "ticks_p20260201", 6L, "ticks_p20260301", 7L, "ticks_p20260501",
                8L, "ticks_default")));

        // two months later: February and March are wholly expired and dropped, April's first days deleted
        insertTicks(Map.of(9L, "2026-04-09T23:59:59Z", 10L, "2026-04-10T00:00:00Z", 11L, "2026-05-20T00:00:00Z"));
        run = runner("2026-05-20T06:00:00Z", 100).run(periods(TICKS, Duration.ofDays(40)));
        t = run.tables().getFirst();
        assertThat(t.error()).isNull();
        assertThat(t.cutoff()).isEqualTo(Instant.parse("2026-04-10T00:00:00Z"));
        assertThat(t.partitionsDropped()).isEqualTo(2);
        assertThat(t.rowsInDroppedPartitions()).isEqualTo(3); // rows 4, 5, 6
        assertThat(t.rowsDeleted()).isEqualTo(1);             // row 9
        assertThat(t.partitionsCreated()).isEqualTo(2);       // June, July
        assertThat(tickPlaces()).isEqualTo(new TreeMap<>(Map.of(
                7L, "ticks_p20260501", 8L, "ticks_default", 10L, "ticks_p20260401", 11L, "ticks_p20260501")));
        assertThat(partitionsOf("ticks")).containsExactly("ticks_default", "ticks_p20260401", "ticks_p20260501",
                "ticks_p20260601", "ticks_p20260701");

        // a second run at the same time changes nothing
        t = runner("2026-05-20T06:00:00Z", 100).run(periods(TICKS, Duration.ofDays(40))).tables().getFirst();
        assertThat(t.expired()).isZero();
        assertThat(t.partitionsCreated()).isZero();
        assertThat(tickPlaces()).containsOnlyKeys(7L, 8L, 10L, 11L);
    }

    @Test
    void keptForeverStillGetsItsPartitionsAndLosesNothing() throws Exception {
        insertTicks(Map.of(1L, "2020-01-01T00:00:00Z", 2L, "2026-03-10T00:00:00Z"));
        RetentionRunner.TableReport t = runner("2026-03-15T12:00:00Z", 100).run(periods(TICKS, null)).tables().getFirst();
        assertThat(t.error()).isNull();
        assertThat(t.cutoff()).isNull();
        assertThat(t.expired()).isZero();
        assertThat(partitionsOf("ticks")).containsExactly("ticks_default", "ticks_p20260301", "ticks_p20260401",
                "ticks_p20260501");
        assertThat(tickPlaces()).isEqualTo(new TreeMap<>(Map.of(1L, "ticks_default", 2L, "ticks_p20260301")));
    }

    @Test
    void plainTableLosesOnlyExpiredRowsMatchingTheCondition() throws Exception {
        Instant now = Instant.parse("2026-03-15T12:00:00Z");
        // wall-clock basis: cutoff = now - 10 days, whatever the newest row
        Object[][] acks = {
                {1L, "2026-03-05T11:59:59Z", true},  // expired, resolved: deleted
                {2L, "2026-03-05T11:59:59Z", false}, // expired but unresolved: kept
                {3L, "2026-03-05T12:00:00Z", true},  // at the cutoff: kept
                {4L, "2026-01-01T00:00:00Z", true},  // deleted
                {5L, "2025-01-01T00:00:00Z", true},  // deleted
                {6L, "2026-03-15T00:00:00Z", true},
        };
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO acks VALUES (?, ?, ?)")) {
            for (Object[] a : acks) {
                ps.setLong(1, (Long) a[0]);
                ps.setTimestamp(2, Timestamp.from(Instant.parse((String) a[1])));
                ps.setBoolean(3, (Boolean) a[2]);
                ps.executeUpdate();
            }
        }
        RetentionRunner.TableReport t = runner(now.toString(), 2).run(periods(ACKS, Duration.ofDays(10))).tables().getFirst();
        assertThat(t.error()).isNull();
        assertThat(t.mode()).isEqualTo("table");
        assertThat(t.rowsDeleted()).isEqualTo(3);
        assertThat(ids("SELECT id FROM acks ORDER BY id")).containsExactly(2L, 3L, 6L);
    }

    @Test
    void aMissingTableIsReportedAbsentAndASecondInstanceIsSkipped() throws Exception {
        RetentionRule missing = RetentionRule.of("nope", "nope", "at", RetentionRule.Basis.WALL, Duration.ofDays(1));
        assertThat(runner("2026-03-15T12:00:00Z", 100).run(periods(missing, Duration.ofDays(1))).tables())
                .singleElement().satisfies(t -> assertThat(t.mode()).isEqualTo("absent"));

        insertTicks(Map.of(1L, "2020-01-01T00:00:00Z", 2L, "2026-03-10T00:00:00Z"));
        try (Connection other = ds.getConnection(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtext(current_schema() || '/sextant-retention'))");
            RetentionRunner.RunReport run = runner("2026-03-15T12:00:00Z", 100).run(periods(TICKS, Duration.ofDays(40)));
            assertThat(run.skipped()).isTrue();
            assertThat(ids("SELECT id FROM ticks ORDER BY id")).containsExactly(1L, 2L);
            s.execute("SELECT pg_advisory_unlock_all()");
        }
        assertThat(runner("2026-03-15T12:00:00Z", 100).run(periods(TICKS, Duration.ofDays(40))).tables().getFirst().expired())
                .isEqualTo(1);
        assertThat(ids("SELECT id FROM ticks ORDER BY id")).containsExactly(2L);
    }

    /**
     * A retention client that stalls inside a partition transaction (a frozen or paused JVM: ChaosIT's SIGSTOP of the
     * collector once held the candle store's default partition this way, and every reader of the table waited for
     * minutes) holds the default partition only until the server ends its idle transaction. The stalled run then
     * fails, rolled back: no row lost or moved, no partition half made.
     */
    @Test
    void aStalledPartitionTransactionReleasesTheDefaultPartition() throws Exception {
        insertTicks(Map.of(1L, "2026-02-20T00:00:00Z", 2L, "2026-03-10T00:00:00Z"));
        List<String> before = partitionsOf("ticks");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        // stalls before moving rows, after LOCK TABLE ticks_default
        DataSource stalling = stallingBefore("INSERT INTO", stalled, wake);
        RetentionRunner runner = new RetentionRunner(stalling, Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC),
                100, 2, () -> true, Duration.ofSeconds(2));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<RetentionRunner.RunReport> run = pool.submit(() -> runner.run(periods(TICKS, null)));
            assertThat(stalled.await(60, TimeUnit.SECONDS)).as("the run reached its stall").isTrue();
            // a reader of the default partition is served while the client is still stalled (bounded: fails, not hangs)
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(60);
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ticks_default")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
            }
            assertThat(wake.getCount()).as("the client was still stalled when the reader got its answer").isEqualTo(1);
            wake.countDown();
            RetentionRunner.TableReport t = run.get(60, TimeUnit.SECONDS).tables().getFirst();
            assertThat(t.mode()).isEqualTo("failed");
            assertThat(t.error()).startsWith("cannot create partition");
        } finally {
            wake.countDown();
            pool.shutdownNow();
        }
        assertThat(partitionsOf("ticks")).isEqualTo(before);
        assertThat(tickPlaces()).isEqualTo(new TreeMap<>(Map.of(1L, "ticks_default", 2L, "ticks_default")));
        // the next run does the work (kept forever: partitions from the reference's month, February's row stays)
        assertThat(runner("2026-03-15T12:00:00Z", 100).run(periods(TICKS, null)).tables().getFirst().error()).isNull();
        assertThat(tickPlaces()).isEqualTo(new TreeMap<>(Map.of(1L, "ticks_default", 2L, "ticks_p20260301")));
    }

    /** {@link #ds}, whose statements stall before the first statement that starts with {@code prefix}. */
    private static DataSource stallingBefore(String prefix, CountDownLatch stalled, CountDownLatch wake) {
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(ds, method, args);
            if (!(result instanceof Connection connection)) {
                return result;
            }
            return Proxy.newProxyInstance(RetentionRunnerTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (cp, cm, ca) -> {
                        Object r = invoke(connection, cm, ca);
                        if (!(r instanceof Statement statement) || r instanceof PreparedStatement) {
                            return r;
                        }
                        return Proxy.newProxyInstance(RetentionRunnerTest.class.getClassLoader(), new Class<?>[] {Statement.class},
                                (sp, sm, sa) -> {
                                    if (sm.getName().equals("execute") && sa != null && sa[0] instanceof String sql
                                            && sql.startsWith(prefix) && stalled.getCount() > 0) {
                                        stalled.countDown();
                                        wake.await(120, TimeUnit.SECONDS);
                                    }
                                    return invoke(statement, sm, sa);
                                });
                    });
        };
        return (DataSource) Proxy.newProxyInstance(RetentionRunnerTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                dataSource);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Map<RetentionRule, Duration> periods(RetentionRule rule, Duration period) {
        Map<RetentionRule, Duration> m = new LinkedHashMap<>();
        m.put(rule, period);
        return m;
    }

    private static void insertTicks(Map<Long, String> rows) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO ticks (id, at) VALUES (?, ?)")) {
            for (Map.Entry<Long, String> r : rows.entrySet()) {
                ps.setLong(1, r.getKey());
                ps.setTimestamp(2, Timestamp.from(Instant.parse(r.getValue())));
                ps.executeUpdate();
            }
        }
    }

    /** Each row's id and the partition it is stored in. */
    private static TreeMap<Long, String> tickPlaces() throws Exception {
        TreeMap<Long, String> places = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, tableoid::regclass::text FROM ticks")) {
            while (rs.next()) {
                places.put(rs.getLong(1), rs.getString(2));
            }
        }
        return places;
    }

    private static List<String> partitionsOf(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k.relname FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid"
                     + " WHERE i.inhparent = '" + table + "'::regclass ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<Long> ids(String query) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
