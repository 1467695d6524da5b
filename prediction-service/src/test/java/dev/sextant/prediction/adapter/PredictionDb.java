package dev.sextant.prediction.adapter;

import dev.sextant.testing.TestInfra;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh schema of the real test PostgreSQL with the service's own migrations, for tests that drive the repository
 * and the consumers without Quarkus. The data source is configured as the service's ({@code currentSchema},
 * {@code reWriteBatchedInserts}). Dropped on {@link #close()}.
 */
final class PredictionDb implements AutoCloseable {
    final String schema = "prediction_b" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    final DataSource dataSource;

    PredictionDb() {
        Flyway.configure()
                .dataSource(TestInfra.dbUrl(), TestInfra.dbUser(), TestInfra.dbPassword())
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestInfra.dbUrl());
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
        ds.setCurrentSchema(schema);
        ds.setReWriteBatchedInserts(true);
        this.dataSource = ds;
    }

    /** The rows of a query, each as the text of its columns (for comparisons). */
    List<List<String>> rows(String sql) {
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema);
            try (ResultSet rs = st.executeQuery(sql)) {
                List<List<String>> out = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    @Override
    public void close() {
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
