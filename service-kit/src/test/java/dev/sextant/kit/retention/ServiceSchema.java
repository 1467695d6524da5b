package dev.sextant.kit.retention;

import dev.sextant.testing.TestInfra;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * For the services' retention tests: a fresh schema on the real PostgreSQL with the service's own Flyway migrations
 * ({@code classpath:db/migration}), and PostgreSQL's own parser for the SQL of a branch this database cannot run.
 */
public final class ServiceSchema implements AutoCloseable {
    private final String schema;
    private final PGSimpleDataSource ds;

    private ServiceSchema(String schema) {
        this.schema = schema;
        ds = new PGSimpleDataSource();
        ds.setUrl(TestInfra.dbUrl() + (TestInfra.dbUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
    }

    /** A new, empty schema named after the run (dropped by {@link #close()}). */
    public static ServiceSchema create(TestInfra infra, String prefix) throws SQLException {
        ServiceSchema s = new ServiceSchema(infra.schema(prefix));
        try (Connection c = TestInfra.jdbc(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + s.schema);
        }
        return s;
    }

    public PGSimpleDataSource dataSource() {
        return ds;
    }

    /** Applies the service's migrations up to {@code target} ("latest" for all). */
    public void migrate(String target) {
        Flyway.configure().dataSource(ds).schemas(schema).defaultSchema(schema).locations("classpath:db/migration")
                .target(target).load().migrate();
    }

    /** 'r' plain table, 'p' partitioned table, 'v' view, 'm' materialized view; null when there is none. */
    public String relkind(String table) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The partitions of a table, by name. */
    public List<String> partitions(String table) throws SQLException {
        return strings("SELECT k.relname FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid"
                + " WHERE i.inhparent = to_regclass('" + table + "') ORDER BY 1");
    }

    public List<String> strings(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    public void sql(String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    /** The rules with their default periods, in order (what the job runs when nothing is configured). */
    public static Map<RetentionRule, Duration> defaults(List<RetentionRule> rules) {
        Map<RetentionRule, Duration> m = new LinkedHashMap<>();
        rules.forEach(r -> m.put(r, r.defaultPeriod()));
        return m;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** The text of a classpath resource (a migration). */
    public static String resource(String path) throws IOException {
        try (InputStream in = ServiceSchema.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The PL/pgSQL bodies of a migration's {@code DO $$ ... $$} blocks. */
    public static List<String> doBlocks(String sql) {
        List<String> bodies = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)\\bDO\\s+\\$\\$(.*?)\\$\\$").matcher(sql);
        while (m.find()) {
            bodies.add(m.group(1));
        }
        return bodies;
    }

    /**
     * Parses a PL/pgSQL body with PostgreSQL's own parser, without running it: it becomes the body of a function
     * created (and rolled back) with {@code check_function_bodies = on}, so PL/pgSQL's validator runs PostgreSQL's raw
     * parser over every SQL statement and expression in it. Names are not resolved (a TimescaleDB function or option
     * need not exist), the grammar is checked. Throws the parser's error.
     */
    public static void parse(Connection c, String plpgsqlBody) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL check_function_bodies = on");
            s.execute("CREATE FUNCTION pg_temp.sextant_migration_check() RETURNS void LANGUAGE plpgsql AS $sextant_check$"
                    + plpgsqlBody + "$sextant_check$");
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }
}
