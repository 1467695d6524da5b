package dev.sextant.gateway.adapter.kafka;

import dev.sextant.gateway.adapter.db.ExplainRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The explain rows ({@code explain_event}) of the records of one consumed batch that were applied: written with the
 * batch's own rows, in its transaction, where it has one, else in one transaction of their own after it. Cleared only
 * once written, so a flush retried after a failure writes them again (an insert that changes nothing the second time).
 */
final class ExplainBuffer {
    private final List<ExplainRepository.Row> rows = new ArrayList<>();

    void add(ExplainRepository.Row row) {
        rows.add(row);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /** Adds the inserts to the transaction on {@code con}; keeps the rows until {@link #clear()}. */
    void write(ExplainRepository repository, Connection con) throws SQLException {
        repository.insertAll(con, rows);
    }

    void clear() {
        rows.clear();
    }
}
