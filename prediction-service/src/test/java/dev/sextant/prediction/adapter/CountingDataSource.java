package dev.sextant.prediction.adapter;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what reaches the database (connections taken, statements executed, commits) and can fail
 * once, like a lost connection (SQL state 08006), at a chosen call: before it reaches the database, or after it did
 * (the database did it, the client never heard back).
 */
final class CountingDataSource implements DataSource {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final DataSource delegate;
    int connections;
    int commits;
    int rollbacks;
    /** The SQL of every execution (an executeBatch counts once: one trip to the database). */
    final List<String> executed = Collections.synchronizedList(new ArrayList<>());
    private BiPredicate<String, String> failWhen;
    private boolean failAfter;
    int failures;

    CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    void reset() {
        connections = 0;
        commits = 0;
        rollbacks = 0;
        executed.clear();
    }

    /**
     * Fails the next call for which {@code when(method, sql)} holds (sql is null for a connection's own methods, e.g.
     * "commit"), once; {@code after}: the call reaches the database first.
     */
    void failOnce(BiPredicate<String, String> when, boolean after) {
        this.failWhen = when;
        this.failAfter = after;
    }

    private Object call(Object target, Method method, Object[] args, String sql) throws Throwable {
        BiPredicate<String, String> when = failWhen;
        boolean fail = when != null && when.test(method.getName(), sql);
        if (fail) {
            failWhen = null;
            failures++;
            if (!failAfter) {
                throw new SQLException("injected: connection lost before " + method.getName(), "08006");
            }
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (fail) {
            throw new SQLException("injected: connection lost after " + method.getName(), "08006");
        }
        return result;
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections++;
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        connections++;
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement((PreparedStatement) call(real, method, args, null), (String) args[0]);
            case "createStatement" -> throw new UnsupportedOperationException("the repository uses prepared statements");
            case "commit" -> {
                Object r = call(real, method, args, null);
                commits++;
                yield r;
            }
            case "rollback" -> {
                rollbacks++;
                yield call(real, method, args, null);
            }
            default -> call(real, method, args, null);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private PreparedStatement statement(PreparedStatement real, String sql) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                executed.add(sql);
                return call(real, method, args, sql);
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class, Statement.class}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
