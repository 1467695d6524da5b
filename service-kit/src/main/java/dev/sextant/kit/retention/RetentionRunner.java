package dev.sextant.kit.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One retention run over a service's tables (plain JDBC, the connection's current schema). Per table:
 * <ul>
 *   <li>the cutoff: the reference time ({@link RetentionRule.Basis}) minus the period; a row older than it expires;</li>
 *   <li>a partitioned table: the partitions from the cutoff's to {@code partitionsAhead} after the current one are
 *       created (rows of their range waiting in the default partition moved into them), the partitions wholly
 *       before the cutoff dropped, and the expired rows left in the boundary and default partitions deleted;</li>
 *   <li>a TimescaleDB hypertable: {@code drop_chunks(older_than => cutoff)}, then the rest deleted;</li>
 *   <li>a plain table: the expired rows (matching the rule's condition) deleted.</li>
 * </ul>
 * Deletes go in batches of {@code batchSize} rows, each its own transaction. Two instances of a service never run at
 * once (a session advisory lock per schema). A table that fails is reported and the run goes on with the next.
 */
public final class RetentionRunner {
    private static final DateTimeFormatter DAY_NAME = DateTimeFormatter.ofPattern("yyyyMMdd");
    /** Never more partitions than this are kept ahead of and behind the present (a runaway bound, e.g. a row of 1970). */
    static final int MAX_PARTITIONS = 400;
    /**
     * How long a partition transaction may sit idle between its statements before PostgreSQL ends its session. Such a
     * transaction holds the default partition ACCESS EXCLUSIVE and normally lasts milliseconds; a stalled client (a
     * paused or frozen JVM, a network stall) would otherwise keep every reader of the table waiting until it woke up.
     */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Clock clock;
    private final int batchSize;
    private final int partitionsAhead;
    private final BooleanSupplier running;
    private final Duration stallTimeout;

    public RetentionRunner(DataSource dataSource, Clock clock, int batchSize, int partitionsAhead, BooleanSupplier running) {
        this(dataSource, clock, batchSize, partitionsAhead, running, STALL_TIMEOUT);
    }

    RetentionRunner(DataSource dataSource, Clock clock, int batchSize, int partitionsAhead, BooleanSupplier running,
                    Duration stallTimeout) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.batchSize = batchSize;
        this.partitionsAhead = partitionsAhead;
        this.running = running;
        this.stallTimeout = stallTimeout;
    }

    /** What a run did to one table. mode: partitioned, hypertable, table, absent (no such table yet) or failed. */
    public record TableReport(String table, String mode, Instant cutoff, long rowsDeleted, int partitionsDropped,
                              long rowsInDroppedPartitions, int partitionsCreated, String error) {
        public long expired() {
            return rowsDeleted + rowsInDroppedPartitions;
        }
    }

    /** A run: skipped when another instance holds the schema's lock. */
    public record RunReport(boolean skipped, List<TableReport> tables, Duration took) {
        public boolean failed() {
            return tables.stream().anyMatch(t -> t.error() != null);
        }
    }

    /** Runs every rule with its period (null = kept forever: partitions are still created). */
    public RunReport run(Map<RetentionRule, Duration> periods) {
        long start = System.nanoTime();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            if (!advisory(lock, "pg_try_advisory_lock")) {
                return new RunReport(true, List.of(), Duration.ofNanos(System.nanoTime() - start));
            }
            try {
                List<TableReport> reports = new ArrayList<>();
                boolean timescale = timescale(lock);
                for (Map.Entry<RetentionRule, Duration> e : periods.entrySet()) {
                    if (!running.getAsBoolean()) {
                        break;
                    }
                    reports.add(runOne(e.getKey(), e.getValue(), timescale));
                }
                return new RunReport(false, reports, Duration.ofNanos(System.nanoTime() - start));
            } finally {
                advisory(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention: cannot reach the database: " + e.getMessage(), e);
        }
    }

    private static boolean advisory(Connection c, String function) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + function + "(hashtext(current_schema() || '/sextant-retention'))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean timescale(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private TableReport runOne(RetentionRule rule, Duration period, boolean timescale) {
        Instant cutoff = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            String kind = relkind(c, rule.table());
            if (kind == null) {
                return new TableReport(rule.table(), "absent", null, 0, 0, 0, 0, null);
            }
            Instant now = clock.instant();
            Instant reference = rule.basis() == RetentionRule.Basis.WALL ? now : marketNow(c, rule, now);
            cutoff = period == null ? null : reference.minus(period);
            if (timescale && hypertable(c, rule.table())) {
                int chunks = 0;
                if (cutoff != null && rule.condition() == null) {
                    chunks = dropChunks(c, rule, cutoff);
                }
                long deleted = cutoff == null ? 0 : deleteThroughParent(c, rule, cutoff);
                return new TableReport(rule.table(), "hypertable", cutoff, deleted, chunks, 0, 0, null);
            }
            if (kind.equals("p") && rule.partitioning() != RetentionRule.Partitioning.NONE) {
                return partitioned(c, rule, now, reference, cutoff);
            }
            long deleted = cutoff == null ? 0 : deleteFrom(c, quote(rule.table()), rule, cutoff);
            return new TableReport(rule.table(), "table", cutoff, deleted, 0, 0, 0, null);
        } catch (SQLException | RuntimeException e) {
            return new TableReport(rule.table(), "failed", cutoff, 0, 0, 0, 0, e.getMessage());
        }
    }

    private static String relkind(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean hypertable(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM timescaledb_information.hypertables"
                + " WHERE hypertable_schema = current_schema() AND hypertable_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The newest time in the table not after the wall clock; the wall clock when there is none. */
    private static Instant marketNow(Connection c, RetentionRule rule, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT max(" + quote(rule.timeColumn()) + ") FROM "
                + quote(rule.table()) + " WHERE " + quote(rule.timeColumn()) + " <= ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? now : t.toInstant();
            }
        }
    }

    private TableReport partitioned(Connection c, RetentionRule rule, Instant now, Instant reference, Instant cutoff)
            throws SQLException {
        RetentionRule.Partitioning by = rule.partitioning();
        TreeMap<LocalDate, String> existing = partitions(c, rule);
        String defaultPartition = defaultPartition(c, rule.table());
        // from the cutoff's partition (the reference's when kept forever) to partitionsAhead after the current one
        LocalDate last = plus(floor(now, by), by, partitionsAhead);
        LocalDate first = floor(cutoff != null ? cutoff : reference, by);
        LocalDate earliest = plus(last, by, -MAX_PARTITIONS);
        if (first.isBefore(earliest)) {
            first = earliest;
        }
        int created = 0;
        for (LocalDate d = first; !d.isAfter(last); d = plus(d, by, 1)) {
            if (!existing.containsKey(d)) {
                createPartition(c, rule, d, defaultPartition);
                existing.put(d, partitionName(rule.table(), d));
                created++;
            }
        }
        int dropped = 0;
        long rowsDropped = 0;
        long deleted = 0;
        if (cutoff != null) {
            for (Map.Entry<LocalDate, String> p : existing.entrySet()) {
                Instant end = plus(p.getKey(), by, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!end.isAfter(cutoff) && running.getAsBoolean()) {
                    rowsDropped += dropPartition(c, p.getValue());
                    dropped++;
                }
            }
            // the expired rows left: in the partition the cutoff falls in, and in the default partition
            for (String leaf : leaves(c, rule.table())) {
                LocalDate start = startOf(rule.table(), leaf.substring(leaf.lastIndexOf('.') + 1).replace("\"", ""));
                if (start == null || start.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(cutoff)) {
                    deleted += deleteFrom(c, leaf, rule, cutoff);
                }
            }
        }
        return new TableReport(rule.table(), "partitioned", cutoff, deleted, dropped, rowsDropped, created, null);
    }

    /** The partitions this runner made: {@code <table>_pYYYYMMDD}, by their first day. */
    private static TreeMap<LocalDate, String> partitions(Connection c, RetentionRule rule) throws SQLException {
        TreeMap<LocalDate, String> found = new TreeMap<>();
        for (String leaf : children(c, rule.table())) {
            LocalDate start = startOf(rule.table(), leaf);
            if (start != null) {
                found.put(start, leaf);
            }
        }
        return found;
    }

    private static List<String> children(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT k.relname FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass(?)")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> leaves(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT relid::regclass::text FROM pg_partition_tree(to_regclass(?)) WHERE isleaf")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String defaultPartition(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.oid::regclass::text FROM pg_inherits i"
                + " JOIN pg_class k ON k.oid = i.inhrelid WHERE i.inhparent = to_regclass(?)"
                + " AND pg_get_expr(k.relpartbound, k.oid) = 'DEFAULT'")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static LocalDate startOf(String table, String partition) {
        Matcher m = Pattern.compile(Pattern.quote(table) + "_p(\\d{8})").matcher(partition);
        return m.matches() ? LocalDate.parse(m.group(1), DAY_NAME) : null;
    }

    static String partitionName(String table, LocalDate start) {
        return table + "_p" + DAY_NAME.format(start);
    }

    static LocalDate floor(Instant t, RetentionRule.Partitioning by) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        return by == RetentionRule.Partitioning.MONTH ? day.withDayOfMonth(1) : day;
    }

    static LocalDate plus(LocalDate d, RetentionRule.Partitioning by, int n) {
        return by == RetentionRule.Partitioning.MONTH ? d.plusMonths(n) : d.plusDays(n);
    }

    /**
     * Creates the partition of [start, next) in one transaction: the rows of its range that wait in the default
     * partition are moved into it before it is attached (the default partition is locked meanwhile, for milliseconds;
     * a stalled client's transaction is ended by the server after {@link #STALL_TIMEOUT}, and rolled back).
     */
    private void createPartition(Connection c, RetentionRule rule, LocalDate start, String defaultPartition) throws SQLException {
        String name = quote(partitionName(rule.table(), start));
        String from = "'" + start.atStartOfDay(ZoneOffset.UTC).toInstant() + "'";
        String to = "'" + plus(start, rule.partitioning(), 1).atStartOfDay(ZoneOffset.UTC).toInstant() + "'";
        String col = quote(rule.timeColumn());
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            guard(s);
            s.execute("CREATE TABLE " + name + " (LIKE " + quote(rule.table()) + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            if (defaultPartition != null) {
                s.execute("LOCK TABLE " + defaultPartition + " IN ACCESS EXCLUSIVE MODE");
                String range = " WHERE " + col + " >= " + from + " AND " + col + " < " + to;
                s.execute("INSERT INTO " + name + " SELECT * FROM " + defaultPartition + range);
                s.execute("DELETE FROM " + defaultPartition + range);
            }
            s.execute("ALTER TABLE " + quote(rule.table()) + " ATTACH PARTITION " + name + " FOR VALUES FROM (" + from
                    + ") TO (" + to + ")");
            c.commit();
        } catch (SQLException e) {
            throw rolledBack(c, "cannot create partition " + name + ": " + e.getMessage(), e);
        } finally {
            autoCommit(c);
        }
    }

    /** Drops a partition wholly before the cutoff; returns how many rows it held. */
    private long dropPartition(Connection c, String partition) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            guard(s);
            long rows;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(partition))) {
                rs.next();
                rows = rs.getLong(1);
            }
            s.execute("DROP TABLE " + quote(partition));
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw rolledBack(c, "cannot drop partition " + partition + ": " + e.getMessage(), e);
        } finally {
            autoCommit(c);
        }
    }

    /** Rolls the transaction back; a connection the server already closed (its session ended) cannot, and need not. */
    private static SQLException rolledBack(Connection c, String message, SQLException cause) {
        SQLException failure = new SQLException(message, cause);
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private static void autoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // a broken connection: the pool discards it; the run reports the failure that broke it
        }
    }

    /**
     * The bounds of a transaction that takes a table's strongest lock: it waits at most 10 s for the lock, and the
     * server ends it when its client stalls between statements for {@code stallTimeout}.
     */
    private void guard(Statement s) throws SQLException {
        s.execute("SET LOCAL lock_timeout = '10s'");
        s.execute("SET LOCAL idle_in_transaction_session_timeout = '" + Math.max(1, stallTimeout.toMillis()) + "ms'");
    }

    private static int dropChunks(Connection c, RetentionRule rule, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM drop_chunks(to_regclass(?), older_than => ?)")) {
            ps.setString(1, quote(rule.table()));
            ps.setTimestamp(2, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String expired(RetentionRule rule) {
        return quote(rule.timeColumn()) + " < ?" + (rule.condition() == null ? "" : " AND (" + rule.condition() + ")");
    }

    /** Deletes a table's (or leaf partition's) expired rows in batches, each its own transaction, by ctid. */
    private long deleteFrom(Connection c, String relation, RetentionRule rule, Instant cutoff) throws SQLException {
        String where = expired(rule);
        String sql = "DELETE FROM " + relation + " WHERE ctid = ANY (ARRAY (SELECT ctid FROM " + relation + " WHERE " + where
                + " LIMIT ?)) AND " + where;
        return batches(c, sql, cutoff);
    }

    /** A hypertable: through the parent, by (tableoid, ctid). */
    private long deleteThroughParent(Connection c, RetentionRule rule, Instant cutoff) throws SQLException {
        String t = quote(rule.table());
        String where = expired(rule);
        String sql = "DELETE FROM " + t + " WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM " + t + " WHERE " + where
                + " LIMIT ?) AND " + where;
        return batches(c, sql, cutoff);
    }

    private long batches(Connection c, String sql, Instant cutoff) throws SQLException {
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp ts = Timestamp.from(cutoff);
            ps.setTimestamp(1, ts);
            ps.setInt(2, batchSize);
            ps.setTimestamp(3, ts);
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n >= batchSize && running.getAsBoolean());
        }
        return total;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
