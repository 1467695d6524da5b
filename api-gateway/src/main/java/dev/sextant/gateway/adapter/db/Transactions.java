package dev.sextant.gateway.adapter.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a consumed batch's writes in one database transaction: one connection, one commit, however many rows. The
 * repositories' {@code ...(Connection, ...)} methods add their statements to it (as JDBC batches). A failure rolls
 * everything back and is thrown as an {@link IllegalStateException} whose cause is the {@link SQLException}, so the
 * consumer policy classifies it by its SQL state (a lost connection: infrastructure, retried; a constraint: a bug).
 */
@ApplicationScoped
public class Transactions {
    /** The statements of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection con) throws SQLException;
    }

    private final AgroalDataSource db;
    private final AtomicLong commits = new AtomicLong();

    public Transactions(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Runs {@code work} in one transaction and commits it; on any failure nothing of it is kept.
     *
     * @param what what the work does, for the error message (e.g. "store 200 candle(s)")
     */
    public <T> T run(String what, Work<T> work) {
        try (Connection con = db.getConnection()) {
            con.setAutoCommit(false);
            try {
                T result = work.run(con);
                con.commit();
                commits.incrementAndGet();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    con.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // the connection is gone: the transaction is too
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** Transactions committed through this object since the start, for tests and diagnostics. */
    public long commits() {
        return commits.get();
    }
}
