package dev.sextant.kit.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The parking lot in the service's own database schema: table {@code parked_records}, created by the kit's own Flyway
 * migration (history table {@code flyway_kit_history}, so it never mixes with the service's migrations).
 */
public final class JdbcParkingLot implements ParkingLot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final String schema;
    private final Clock clock;
    private volatile boolean migrated;

    public JdbcParkingLot(DataSource dataSource, String schema, Clock clock) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.clock = clock;
    }

    /** Creates the table if missing (idempotent; also called on first use). */
    public synchronized void migrate() {
        if (migrated) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("flyway_kit_history")
                .locations("classpath:dev/sextant/kit/consumer/sql") // none: the migrations are the classes below
                .javaMigrations(new V1__Parked_records())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(false)
                .load()
                .migrate();
        migrated = true;
    }

    /** The kit's first migration: the parked records. */
    @SuppressWarnings("checkstyle:TypeName")
    static final class V1__Parked_records extends BaseJavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (var statement = context.getConnection().createStatement()) {
                statement.execute("""
                        CREATE TABLE parked_records (
                            id              BIGSERIAL PRIMARY KEY,
                            consumer        TEXT        NOT NULL,
                            topic           TEXT        NOT NULL,
                            kafka_partition INT         NOT NULL,
                            kafka_offset    BIGINT      NOT NULL,
                            record_key      TEXT,
                            payload         BYTEA       NOT NULL,
                            headers         TEXT        NOT NULL,
                            error           TEXT        NOT NULL,
                            detail          TEXT,
                            behind          BIGINT      REFERENCES parked_records (id),
                            parked_at       TIMESTAMPTZ NOT NULL,
                            resolved_at     TIMESTAMPTZ,
                            resolution      TEXT,
                            UNIQUE (consumer, topic, kafka_partition, kafka_offset)
                        )""");
                statement.execute("CREATE INDEX parked_records_open ON parked_records (consumer, id) WHERE resolved_at IS NULL");
            }
        }
    }

    @Override
    public long park(String consumer, InboundRecord record, String error, String detail, Long behind) {
        migrate();
        String sql = """
                INSERT INTO parked_records (consumer, topic, kafka_partition, kafka_offset, record_key, payload, headers,
                                            error, detail, behind, parked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (consumer, topic, kafka_partition, kafka_offset)
                DO UPDATE SET resolved_at = NULL, resolution = NULL, error = EXCLUDED.error, detail = EXCLUDED.detail,
                              behind = EXCLUDED.behind, parked_at = EXCLUDED.parked_at
                RETURNING id""";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, consumer);
            s.setString(2, record.topic());
            s.setInt(3, record.partition());
            s.setLong(4, record.offset());
            s.setString(5, clean(record.key()));
            s.setBytes(6, record.value() == null ? new byte[0] : record.value().getBytes(StandardCharsets.UTF_8));
            s.setString(7, JSON.writeValueAsString(record.headers()));
            s.setString(8, clean(error));
            s.setString(9, clean(detail));
            if (behind == null) {
                s.setNull(10, java.sql.Types.BIGINT);
            } else {
                s.setLong(10, behind);
            }
            s.setTimestamp(11, Timestamp.from(clock.instant()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new InfrastructureException("cannot park record " + record + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the headers of " + record, e);
        }
    }

    @Override
    public List<Parked> unresolved(String consumer) {
        migrate();
        String sql = """
                SELECT id, topic, kafka_partition, kafka_offset, record_key, payload, headers, error, behind, parked_at
                FROM parked_records WHERE consumer = ? AND resolved_at IS NULL ORDER BY id""";
        List<Parked> parked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, consumer);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> headers = JSON.readValue(rs.getString("headers"), new TypeReference<>() {});
                    InboundRecord record = new InboundRecord(rs.getString("topic"), rs.getInt("kafka_partition"),
                            rs.getLong("kafka_offset"), rs.getString("record_key"),
                            new String(rs.getBytes("payload"), StandardCharsets.UTF_8), headers);
                    long behind = rs.getLong("behind");
                    parked.add(new Parked(rs.getLong("id"), consumer, record, rs.getString("error"),
                            rs.wasNull() ? null : behind, rs.getTimestamp("parked_at").toInstant()));
                }
            }
            return parked;
        } catch (SQLException e) {
            throw new InfrastructureException("cannot read the parked records: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable headers of a parked record", e);
        }
    }

    /** How many records of every consumer are parked and unresolved. */
    public long countUnresolved() {
        migrate();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM parked_records WHERE resolved_at IS NULL");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new InfrastructureException("cannot count the parked records: " + e.getMessage(), e);
        }
    }

    @Override
    public void resolve(List<Long> ids, String resolution) {
        migrate();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE parked_records SET resolved_at = ?, resolution = ? WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, clean(resolution));
            s.setArray(3, array);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new InfrastructureException("cannot resolve parked records: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL text cannot hold NUL. */
    private static String clean(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
