package dev.sextant.kit.consumer;

import dev.sextant.contracts.json.EventDecodingException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * What a failure while consuming a record is, which decides what becomes of the record (docs/reliability.md):
 * <ul>
 *   <li>{@link #INVALID}: a property of the record itself (it would fail on every attempt): an
 *       {@link EventDecodingException} or an {@link IllegalArgumentException}. The record goes to the dead-letter
 *       topic with the reason.</li>
 *   <li>{@link #INFRASTRUCTURE}: our own infrastructure failed (database, broker, network, an interrupted or timed-out
 *       wait, a service not ready yet): retried with back-off, and held uncommitted on shutdown.</li>
 *   <li>{@link #BUG}: anything else: a defect of ours. Never retried in a loop, never silently dead-lettered: the
 *       record is parked with its error where the operator sees it.</li>
 * </ul>
 */
public enum FailureKind {
    INVALID, INFRASTRUCTURE, BUG;

    /** SQL states of a failure of the database or the connection, not of the statement: worth a retry. */
    private static boolean transientSqlState(String state) {
        if (state == null || state.length() < 2) {
            return true; // the driver's own I/O failures carry no state
        }
        return switch (state.substring(0, 2)) {
            case "08", // connection exception
                 "40", // transaction rollback: serialization failure, deadlock
                 "53", // insufficient resources (disk full, too many connections)
                 "57", // operator intervention: admin shutdown, cannot connect now
                 "58", // system error (I/O)
                 "55" -> true; // object not in prerequisite state, e.g. lock not available
            default -> false;
        };
    }

    /** Classifies a failure; infrastructure anywhere in the cause chain wins, then invalid input at the top. */
    public static FailureKind of(Throwable failure) {
        if (failure instanceof EventDecodingException) {
            return INVALID; // whatever the parser's cause (Jackson's are IOExceptions)
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EventDecodingException) {
                break;
            }
            if (t instanceof InfrastructureException
                    || (t instanceof IOException && !t.getClass().getName().startsWith("com.fasterxml.jackson."))
                    || t instanceof TimeoutException
                    || t instanceof InterruptedException
                    || t instanceof java.util.concurrent.CancellationException
                    || isKafka(t)
                    || (t instanceof SQLException sql && transientSqlState(sql.getSQLState()))) {
                return INFRASTRUCTURE;
            }
        }
        if (failure instanceof EventDecodingException || failure instanceof IllegalArgumentException) {
            return INVALID;
        }
        return BUG;
    }

    private static boolean isKafka(Throwable t) {
        // by name: the kit must not need kafka-clients on a classpath to classify
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.kafka.common.KafkaException")
                    || c.getName().equals("io.vertx.core.VertxException")) {
                return true;
            }
        }
        return false;
    }
}
