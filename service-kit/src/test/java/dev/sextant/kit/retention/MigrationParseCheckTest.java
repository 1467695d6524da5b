package dev.sextant.kit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parse check the services' migration tests use for their TimescaleDB branches: PostgreSQL's own grammar
 * accepts TimescaleDB's statements without the extension, and refuses a broken statement inside a branch never taken.
 */
class MigrationParseCheckTest {
    private static TestInfra infra;

    @BeforeAll
    static void setUp() {
        infra = TestInfra.start();
    }

    @AfterAll
    static void tearDown() {
        infra.close();
    }

    private static final String TIMESCALE_BRANCH = """
            BEGIN
                IF false THEN
                    ALTER TABLE candles SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol');
                    PERFORM add_compression_policy('candles', INTERVAL '7 days', if_not_exists => TRUE);
                    CREATE MATERIALIZED VIEW candles_1h WITH (timescaledb.continuous) AS
                        SELECT symbol, time_bucket(INTERVAL '1 hour', open_time) AS open_time, first(open, open_time) AS open
                          FROM candles GROUP BY symbol, time_bucket(INTERVAL '1 hour', open_time) %s;
                END IF;
            END
            """;

    @Test
    void acceptsTimescaleStatementsAndRefusesABrokenOneInABranchNeverTaken() throws SQLException {
        try (Connection c = TestInfra.jdbc()) {
            assertThatCode(() -> ServiceSchema.parse(c, TIMESCALE_BRANCH.formatted("WITH NO DATA"))).doesNotThrowAnyException();
            assertThatThrownBy(() -> ServiceSchema.parse(c, TIMESCALE_BRANCH.formatted("WITH NO DTA")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("syntax error");
            assertThatThrownBy(() -> ServiceSchema.parse(c, TIMESCALE_BRANCH.formatted("").replace("candles SET (", "candles SETT (")))
                    .isInstanceOf(SQLException.class).hasMessageContaining("syntax error");
            // nothing was created
            assertThat(c.getMetaData().getFunctions(null, null, "sextant_migration_check").next()).isFalse();
        }
    }

    @Test
    void findsTheDoBlocksOfAMigration() {
        assertThat(ServiceSchema.doBlocks("CREATE TABLE a (x int);\nDO $$\nBEGIN NULL; END\n$$;\nDO $$ BEGIN PERFORM 1; END $$;"))
                .containsExactly("\nBEGIN NULL; END\n", " BEGIN PERFORM 1; END ");
    }
}
