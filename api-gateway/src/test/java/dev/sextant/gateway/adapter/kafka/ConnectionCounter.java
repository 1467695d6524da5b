package dev.sextant.gateway.adapter.kafka;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the connections the gateway takes from its pool (each one at least a round trip to PostgreSQL, and, for an
 * autocommitted statement, a transaction of its own). Registered with the default datasource as a pool interceptor.
 */
@ApplicationScoped
public class ConnectionCounter implements AgroalPoolInterceptor {
    private final AtomicLong acquired = new AtomicLong();

    @Override
    public void onConnectionAcquire(Connection connection) {
        acquired.incrementAndGet();
    }

    /** Connections taken since the start. */
    public long acquired() {
        return acquired.get();
    }
}
