package dev.sextant.kit.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A lease in the service's own schema: table {@code instance_lease}, one row per lease name with its holder, a fencing
 * token (incremented at every change of holder) and an expiry. Every time is the database's ({@code clock_timestamp()}),
 * so the instances' clocks do not matter. Created by its own Flyway migration (history table
 * {@code flyway_lease_history}, apart from the service's and the consumer policy's).
 *
 * <ul>
 *   <li>{@link #tryAcquire}: takes the lease when nobody holds it or its expiry has passed; the token grows by one;</li>
 *   <li>{@link #renew}: pushes the expiry of a lease still held (same holder and token, not expired);</li>
 *   <li>{@link #fence}: inside a writer's transaction, checks the token is current and unexpired and locks the row
 *       ({@code FOR SHARE}) until that transaction ends, so no other instance can take the lease between the check and
 *       the commit;</li>
 *   <li>{@link #release}: ends a lease at once (graceful shutdown) so a standby need not wait for the expiry.</li>
 * </ul>
 */
public final class LeaseStore {
    /** The lease row as stored. */
    public record Row(String name, String holder, long token, Instant expiresAt, boolean expired) {}

    private final DataSource dataSource;
    private final String schema;
    private volatile boolean migrated;

    public LeaseStore(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** Creates the table if missing (idempotent). */
    public synchronized void migrate() {
        if (migrated) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("flyway_lease_history")
                .locations("classpath:dev/sextant/kit/lease/sql") // none: the migration is the class below
                .javaMigrations(new V1__Instance_lease())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .load()
                .migrate();
        migrated = true;
    }

    /** The lease's first migration. */
    @SuppressWarnings("checkstyle:TypeName")
    static final class V1__Instance_lease extends BaseJavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (var statement = context.getConnection().createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS instance_lease (
                            name        TEXT        PRIMARY KEY,
                            holder      TEXT        NOT NULL,
                            token       BIGINT      NOT NULL,
                            acquired_at TIMESTAMPTZ NOT NULL,
                            renewed_at  TIMESTAMPTZ NOT NULL,
                            expires_at  TIMESTAMPTZ NOT NULL
                        )""");
            }
        }
    }

    /**
     * Takes the lease {@code name} for {@code holder} for {@code ttl} when nobody holds it or its holder let it expire.
     *
     * @return the new fencing token, or empty when another holder's lease is still running
     */
    public OptionalLong tryAcquire(String name, String holder, Duration ttl) throws SQLException {
        String sql = """
                INSERT INTO instance_lease AS l (name, holder, token, acquired_at, renewed_at, expires_at)
                VALUES (?, ?, 1, clock_timestamp(), clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, token = l.token + 1,
                    acquired_at = EXCLUDED.acquired_at, renewed_at = EXCLUDED.renewed_at, expires_at = EXCLUDED.expires_at
                WHERE l.expires_at <= clock_timestamp()
                RETURNING token""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setLong(3, ttl.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Extends a lease still held by {@code holder} under {@code token}; false when it expired or another took it. */
    public boolean renew(String name, String holder, long token, Duration ttl) throws SQLException {
        String sql = "UPDATE instance_lease SET renewed_at = clock_timestamp(),"
                + " expires_at = clock_timestamp() + ? * interval '1 millisecond'"
                + " WHERE name = ? AND holder = ? AND token = ? AND expires_at > clock_timestamp()";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            ps.setLong(1, ttl.toMillis());
            ps.setString(2, name);
            ps.setString(3, holder);
            ps.setLong(4, token);
            return ps.executeUpdate() == 1;
        }
    }

    /** Ends a lease held by {@code holder} under {@code token} now (nothing when it is no longer theirs). */
    public void release(String name, String holder, long token) throws SQLException {
        String sql = "UPDATE instance_lease SET expires_at = clock_timestamp()"
                + " WHERE name = ? AND holder = ? AND token = ? AND expires_at > clock_timestamp()";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            ps.setString(1, name);
            ps.setString(2, holder);
            ps.setLong(3, token);
            ps.executeUpdate();
        }
    }

    /**
     * The fencing check of a writer's transaction on {@code connection} (auto-commit off): passes when {@code token} is
     * the lease's current token and it has not expired, and then holds a share lock on the lease row until the
     * transaction ends — a standby's {@link #tryAcquire} waits for that commit, so it starts from a state that includes
     * it. Throws {@link LeaseLostException} otherwise (the caller rolls back).
     */
    public static void fence(Connection connection, String name, long token) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT token, expires_at > clock_timestamp()"
                + " FROM instance_lease WHERE name = ? FOR SHARE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LeaseLostException("lease " + name + " is not held by anyone: this instance (token " + token
                            + ") must not write");
                }
                long current = rs.getLong(1);
                if (current != token) {
                    throw new LeaseLostException("lease " + name + " is held under token " + current + ", this instance"
                            + " holds " + token + ": fenced, the write is refused");
                }
                if (!rs.getBoolean(2)) {
                    throw new LeaseLostException("lease " + name + " (token " + token + ") has expired: fenced, the write"
                            + " is refused");
                }
            }
        }
    }

    /** The lease row, if any. */
    public Optional<Row> current(String name) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, holder, token, expires_at, expires_at <= clock_timestamp() FROM instance_lease WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getBoolean(5)));
            }
        }
    }
}
