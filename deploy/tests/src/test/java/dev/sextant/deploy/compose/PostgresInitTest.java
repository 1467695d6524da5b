package dev.sextant.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sextant.deploy.ServiceCatalog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs compose's database init (deploy/compose/postgres: the initdb.d script and the SQL it feeds psql) for real, as
 * the postgres image's entrypoint would, on a throwaway PostgreSQL cluster of this machine's PostgreSQL 15 (the
 * binaries ./sextant infra up installs; TimescaleDB itself is not here): then each service's role logs in with its
 * password and owns its schema, and nothing else.
 */
class PostgresInitTest {

    private static final Path ROOT = ServiceCatalog.root();
    private static final Path PG_BIN = Path.of(System.getenv().getOrDefault("SEXTANT_PG_BIN", "/usr/lib/postgresql/15/bin"));
    private static final boolean ROOT_USER = "root".equals(System.getProperty("user.name"));
    private static final List<String> ROLES = ServiceCatalog.SERVICES.stream()
            .map(s -> ServiceCatalog.load(ROOT).service(s).properties().get("sextant.db.schema")).toList();

    private static Path dir;
    private static int port;
    private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    @BeforeAll
    static void startCluster() throws Exception {
        assumeTrue(Files.isExecutable(PG_BIN.resolve("initdb")), "PostgreSQL 15 binaries in " + PG_BIN
                + " (./sextant infra up installs them)");
        dir = Files.createTempDirectory("sextant-pginit", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // The script and SQL as the container mounts them, readable by the server's user.
        Files.copy(ROOT.resolve("deploy/compose/postgres/initdb.d/10-sextant-roles.sh"), dir.resolve("init.sh"));
        Files.copy(ROOT.resolve("deploy/compose/postgres/sextant-roles.sql"), dir.resolve("roles.sql"));
        Files.createDirectory(dir.resolve("sock"));
        if (ROOT_USER) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.toList()) {
                    Files.setOwner(f, users.lookupPrincipalByName("postgres"));
                }
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        exec(asPg(PG_BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "-A", "trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"), Map.of(), 0);
        exec(asPg(PG_BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
                "-l", dir.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"),
                Map.of(), 0);
        // The image's entrypoint creates POSTGRES_DB before it runs initdb.d.
        exec(List.of(PG_BIN.resolve("psql").toString(), "-X", "-q", "-h", dir.resolve("sock").toString(), "-p",
                String.valueOf(port), "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE sextant"), Map.of(), 0);
        SecureRandom random = new SecureRandom();
        for (String role : ROLES) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            PASSWORDS.put(role, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            exec(asPg(PG_BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "stop"), Map.of(), 0);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void createsEachServiceRoleWithItsPasswordOwningOnlyItsSchema() throws Exception {
        // A malformed password stops the script before psql runs: nothing is created, the value is not printed.
        Map<String, String> bad = initEnv();
        bad.put("FEATURE_DB_PASSWORD", "too-short");
        String refused = exec(asPg("bash", dir.resolve("init.sh").toString()), bad, 1);
        assertThat(refused).contains("FEATURE_DB_PASSWORD").doesNotContain("too-short");
        assertThat(adminQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'feature'")).isEqualTo("0");

        assertThat(exec(asPg("bash", dir.resolve("init.sh").toString()), initEnv(), 0)).contains("created");

        for (String role : ROLES) {
            assertThat(adminQuery("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '" + role + "'"))
                    .isEqualTo(role);
            assertThat(adminQuery("SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreatedb AND NOT rolcreaterole"
                    + " FROM pg_roles WHERE rolname = '" + role + "'")).isEqualTo("t");
            // Logs in over TCP with its password (scram) and works in its own schema, as Flyway will.
            String out = asRole(role, PASSWORDS.get(role), "CREATE TABLE " + role + ".probe(x int); "
                    + "INSERT INTO " + role + ".probe VALUES (1); SELECT count(*) FROM " + role + ".probe", 0);
            assertThat(out.strip()).isEqualTo("1");
        }
        // ... and nowhere else: not in another service's schema, not in public, not with a wrong password.
        assertThat(asRole("risk", PASSWORDS.get("risk"), "CREATE TABLE execution.stolen(x int)", 1))
                .contains("permission denied");
        assertThat(asRole("risk", PASSWORDS.get("risk"), "SELECT * FROM execution.probe", 1))
                .contains("permission denied");
        assertThat(asRole("risk", PASSWORDS.get("risk"), "CREATE TABLE public.stolen(x int)", 1))
                .contains("permission denied");
        assertThat(asRole("risk", PASSWORDS.get("execution"), "SELECT 1", 2)).contains("password authentication failed");
        // PUBLIC has no privilege on the database (only the roles granted CONNECT get in).
        assertThat(adminQuery("SELECT count(*) FROM pg_database, aclexplode(datacl) a WHERE datname = 'sextant'"
                + " AND a.grantee = 0")).isEqualTo("0");
        assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain(PASSWORDS.get("risk"));
    }

    private static Map<String, String> initEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", dir.resolve("sock").toString());
        env.put("PGPORT", String.valueOf(port));
        env.put("PATH", PG_BIN + ":" + System.getenv("PATH"));
        env.put("POSTGRES_USER", "postgres");
        env.put("SEXTANT_ROLES_SQL", dir.resolve("roles.sql").toString());
        PASSWORDS.forEach((role, pw) -> env.put(role.toUpperCase() + "_DB_PASSWORD", pw));
        return env;
    }

    private static String adminQuery(String sql) throws Exception {
        return exec(List.of(PG_BIN.resolve("psql").toString(), "-X", "-q", "-At", "-h", dir.resolve("sock").toString(),
                "-p", String.valueOf(port), "-U", "postgres", "-d", "sextant", "-c", sql), Map.of(), 0).strip();
    }

    private static String asRole(String role, String password, String sql, int expectedExit) throws Exception {
        return exec(List.of(PG_BIN.resolve("psql").toString(), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h",
                "127.0.0.1", "-p", String.valueOf(port), "-U", role, "-d", "sextant", "-c", sql),
                Map.of("PGPASSWORD", password), expectedExit);
    }

    private static List<String> asPg(String... command) {
        List<String> out = new ArrayList<>();
        if (ROOT_USER) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    private static String exec(List<String> command, Map<String, String> env, int expectedExit) throws Exception {
        Path out = Files.createTempFile("sextant-pginit", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            pb.environment().remove("PGPASSFILE");
            Process p = pb.start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("still running after 90 s: " + command);
            }
            String output = Files.readString(out);
            assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isEqualTo(expectedExit);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
