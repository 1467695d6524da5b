package dev.sextant.kit.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sextant.testing.TestInfra;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lease on the real PostgreSQL: two holders, expiry after a kill, renewal, renewal failure (the holder stops
 * before anyone else can start), fencing of a deposed holder's writes, the share lock between the fence and the
 * commit, a pause past the local deadline, release on shutdown.
 */
class LeaseTest {
    private static final Duration TTL = Duration.ofMillis(1500);
    private static final Duration RENEW = Duration.ofMillis(200);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final Duration GRACE = Duration.ofMillis(1500);

    private static TestInfra infra;
    private static String schema;
    private static int names;

    private final List<Lease> leases = new CopyOnWriteArrayList<>();
    private String name;

    /** A data source that can be cut off, like a database behind a network partition, or a killed process's. */
    static final class Switchable implements DataSource {
        private final PGSimpleDataSource delegate;
        volatile boolean broken;

        Switchable(PGSimpleDataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (broken) {
                throw new SQLException("connection refused (cut off by the test)", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /** One instance: its own connection source, its lease, the reasons it was told it lost the lease, and when. */
    final class Instance {
        final Switchable dataSource = new Switchable(pg());
        final LeaseStore store = new LeaseStore(dataSource, schema);
        final List<String> lost = new CopyOnWriteArrayList<>();
        final AtomicLong lostAtNanos = new AtomicLong();
        final Lease lease;

        Instance(String holder, LongSupplier nanoTime) {
            store.migrate();
            lease = new Lease(store, name, holder, TTL, RENEW, POLL, MARGIN, GRACE, nanoTime, reason -> {
                lostAtNanos.set(System.nanoTime());
                lost.add(reason);
            });
            leases.add(lease);
        }

        Instance(String holder) {
            this(holder, System::nanoTime);
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        infra = TestInfra.start();
        schema = infra.schema("kitlease");
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        try (Connection c = TestInfra.jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        infra.close();
    }

    @AfterEach
    void closeLeases() {
        leases.forEach(Lease::close);
    }

    LeaseTest() {
        name = "svc-" + (++names) + "-" + System.nanoTime();
    }

    private static PGSimpleDataSource pg() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestInfra.dbUrl() + (TestInfra.dbUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        ds.setUser(TestInfra.dbUser());
        ds.setPassword(TestInfra.dbPassword());
        return ds;
    }

    @Test
    void oneHolderAtATimeAndTheOtherStaysStandbyWhileItIsRenewed() throws SQLException {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        assertThat(a.lease.token()).isEqualTo(1);
        assertThat(b.lease.tryAcquire()).as("b while a holds the lease").isFalse();
        assertThat(b.lease.role()).isEqualTo(Lease.Role.STANDBY);
        assertThatThrownBy(b.lease::check).isInstanceOf(LeaseLostException.class).hasMessageContaining("standby");

        // Renewed: across several TTLs the lease stays a's, its expiry moves on, and b never gets it.
        var firstExpiry = a.store.current(name).orElseThrow().expiresAt();
        long until = System.nanoTime() + 3 * TTL.toNanos();
        await().atMost(Duration.ofSeconds(20)).pollInterval(POLL).until(() -> {
            assertThat(b.lease.tryAcquire()).as("b while a renews").isFalse();
            return System.nanoTime() - until > 0;
        });
        assertThat(a.lease.isActive()).isTrue();
        assertThat(a.lost).isEmpty();
        LeaseStore.Row row = a.store.current(name).orElseThrow();
        assertThat(row.holder()).isEqualTo("a");
        assertThat(row.token()).isEqualTo(1);
        assertThat(row.expiresAt()).isAfter(firstExpiry.plus(TTL));
    }

    @Test
    void aKilledHoldersLeaseExpiresAndTheStandbyTakesItWithTheNextToken() throws Exception {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        CompletableFuture<Long> taken = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(b.lease.awaitActive(() -> false)).isTrue();
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // kill -9 of a: nothing renews, nothing releases (its process is gone: its timers and connections with it)
        a.dataSource.broken = true;
        long killed = System.nanoTime();
        long at = taken.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(at - killed)).as("takeover after the kill").isLessThan(TTL.plusSeconds(2))
                .isGreaterThan(TTL.minus(RENEW).minus(MARGIN));
        assertThat(b.lease.isActive()).isTrue();
        assertThat(b.lease.token()).isEqualTo(2);
        assertThat(b.store.current(name).orElseThrow().holder()).isEqualTo("b");
    }

    @Test
    void aHolderThatCannotRenewStopsBeforeTheStandbyCanStart() throws Exception {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        // a network partition between a and the database: a's renewals fail, b reaches the database
        a.dataSource.broken = true;
        CompletableFuture<Long> taken = CompletableFuture.supplyAsync(() -> {
            try {
                b.lease.awaitActive(() -> false);
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long bActiveAt = taken.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(a.lease.isActive()).isFalse();
        assertThat(a.lease.role()).isEqualTo(Lease.Role.LOST);
        assertThat(a.lease.fencedAtNanos()).as("a fenced before b started").isPositive().isLessThan(bActiveAt);
        assertThat(Duration.ofNanos(bActiveAt - a.lease.fencedAtNanos())).as("and by about the margin")
                .isGreaterThan(MARGIN.dividedBy(2));
        assertThatThrownBy(a.lease::check).isInstanceOf(LeaseLostException.class);
        // cut off, a cannot take it back: it gives up (the service halts) after the grace
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.lost.isEmpty());
        assertThat(a.lost).hasSize(1);
        assertThat(a.lost.get(0)).contains("not taken back within");
        assertThat(a.lostAtNanos.get() - a.lease.fencedAtNanos()).isGreaterThanOrEqualTo(GRACE.toNanos());
    }

    @Test
    void aDeposedHoldersWritesAreRefusedByTheDatabase() throws Exception {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        long oldToken = a.lease.token();
        try (Connection c = pg().getConnection()) {
            c.setAutoCommit(false);
            a.lease.fence(c); // the holder's own write passes
            c.rollback();
        }
        a.dataSource.broken = true;
        assertThat(b.lease.awaitActive(() -> false)).isTrue();
        // a's process still believes nothing (say, it was paused): the database refuses its token anyway
        try (Connection c = pg().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> LeaseStore.fence(c, name, oldToken)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("held under token 2");
            c.rollback();
            LeaseStore.fence(c, name, b.lease.token());
            c.rollback();
        }
        assertThatThrownBy(() -> {
            try (Connection c = pg().getConnection()) {
                c.setAutoCommit(false);
                a.lease.fence(c);
            }
        }).isInstanceOf(LeaseLostException.class);
        // an expired lease nobody took yet fences its own holder too
        b.dataSource.broken = true;
        LeaseStore observer = new LeaseStore(pg(), schema);
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> observer.current(name).orElseThrow().expired());
        try (Connection c = pg().getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> LeaseStore.fence(c, name, 2)).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("expired");
        }
    }

    @Test
    void noStandbyTakesTheLeaseBetweenAFencedWriteAndItsCommit() throws Exception {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        try (Connection c = pg().getConnection()) {
            c.setAutoCommit(false);
            a.lease.fence(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + schema + ".fenced_writes (v TEXT)");
                s.execute("INSERT INTO " + schema + ".fenced_writes VALUES ('" + name + "')");
            }
            // a stops renewing (killed mid-transaction, say) and its lease runs out while the transaction is open
            a.dataSource.broken = true;
            CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.lease.awaitActive(() -> false);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(TTL.plus(Duration.ofMillis(700))).atMost(Duration.ofSeconds(10)).until(() -> !taken.isDone());
            c.commit();
            assertThat(taken.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        // and what b sees on taking over includes a's committed write
        try (Connection c = pg().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + schema + ".fenced_writes WHERE v = '" + name + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aPausePastTheLocalDeadlineStopsTheHolderAtOnce() {
        AtomicLong clock = new AtomicLong(System.nanoTime());
        Instance a = new Instance("a", clock::get);
        assertThat(a.lease.tryAcquire()).isTrue();
        assertThat(a.lease.isActive()).isTrue();
        // a GC pause: the monotonic clock jumps past ttl - margin without any renewal having run
        clock.addAndGet(TTL.minus(MARGIN).toNanos());
        assertThat(a.lease.isActive()).as("checked on the very next state change").isFalse();
        assertThatThrownBy(a.lease::check).isInstanceOf(LeaseLostException.class).hasMessageContaining("lost");
        // its own lease still runs in the database (the pause was on the clock alone): it waits for it to expire and
        // takes it back with the next token, nobody having held it
        await().atMost(Duration.ofSeconds(10)).until(() -> a.lease.role() == Lease.Role.ACTIVE || !a.lost.isEmpty());
        assertThat(a.lost).isEmpty();
        assertThat(a.lease.token()).isEqualTo(2);
    }

    @Test
    void aRefusedRenewalLosesTheLeaseAtOnce() throws SQLException {
        Instance a = new Instance("a");
        assertThat(a.lease.tryAcquire()).isTrue();
        // someone else's token in the row (an operator's takeover, or a's expiry and another's acquisition)
        try (Connection c = pg().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE " + schema + ".instance_lease SET token = token + 1, holder = 'x' WHERE name = '" + name + "'");
        }
        a.lease.renew(); // refused: fenced
        assertThat(a.lease.role()).isEqualTo(Lease.Role.LOST);
        assertThatThrownBy(a.lease::check).isInstanceOf(LeaseLostException.class);
        a.lease.renew(); // tries to take it back: x holds it
        assertThat(a.lost).hasSize(1);
        assertThat(a.lost.get(0)).contains("another instance holds the lease (x, token 2)");
    }

    @Test
    void aDatabaseOutageShorterThanTheGraceIsRiddenOutWithTheNextToken() throws SQLException {
        Instance a = new Instance("a");
        assertThat(a.lease.tryAcquire()).isTrue();
        a.dataSource.broken = true; // PostgreSQL restarting
        await().atMost(Duration.ofSeconds(10)).until(() -> a.lease.role() == Lease.Role.LOST);
        assertThatThrownBy(a.lease::check).as("fenced while the database is away").isInstanceOf(LeaseLostException.class);
        LeaseStore observer = new LeaseStore(pg(), schema);
        await().atMost(Duration.ofSeconds(10)).until(() -> observer.current(name).orElseThrow().expired());
        a.dataSource.broken = false; // back: nobody took the lease meanwhile
        await().atMost(Duration.ofSeconds(10)).until(() -> a.lease.isActive());
        assertThat(a.lease.token()).as("taken back with the next token").isEqualTo(2);
        assertThat(a.lost).isEmpty();
        try (Connection c = pg().getConnection()) {
            c.setAutoCommit(false);
            a.lease.fence(c);
            c.rollback();
        }
    }

    @Test
    void aHolderFencedByAPauseWhileAnotherTookTheLeaseGivesUp() throws Exception {
        AtomicLong clock = new AtomicLong(System.nanoTime());
        Instance a = new Instance("a", clock::get);
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        a.dataSource.broken = true; // a paused: nothing of it reaches the database
        assertThat(b.lease.awaitActive(() -> false)).isTrue();
        a.dataSource.broken = false; // a wakes up
        clock.addAndGet(TTL.toNanos() * 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.lost.isEmpty());
        assertThat(a.lost.get(0)).containsAnyOf("another instance holds the lease", "not taken back");
        assertThat(a.lease.isActive()).isFalse();
        assertThat(b.lease.isActive()).as("b keeps the lease").isTrue();
        assertThat(b.store.current(name).orElseThrow().holder()).isEqualTo("b");
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() throws SQLException {
        Instance a = new Instance("a");
        Instance b = new Instance("b");
        assertThat(a.lease.tryAcquire()).isTrue();
        a.lease.close();
        assertThat(a.lease.role()).isEqualTo(Lease.Role.RELEASED);
        assertThat(b.lease.tryAcquire()).as("b right after a's release").isTrue();
        assertThat(b.lease.token()).isEqualTo(2);
        assertThat(a.lost).isEmpty();
    }

    @Test
    void settingsThatCannotHoldTheGuaranteeAreRefused() {
        Instance a = new Instance("a");
        assertThatThrownBy(() -> new Lease(a.store, name, "c", TTL, TTL, POLL, MARGIN, GRACE, System::nanoTime, r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renew-every < ttl - margin");
    }
}
