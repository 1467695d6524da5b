package dev.sextant.kit.consumer;

import java.time.Instant;
import java.util.List;

/**
 * Where records that hit a bug wait for the operator: a table in the service's own schema
 * ({@code parked_records}), visible at {@code GET /parked} of the service and counted in its health and metrics.
 */
public interface ParkingLot {

    /** A parked record. {@code behind} is the id of the earlier parked record of the same key it waits for, or null. */
    record Parked(long id, String consumer, InboundRecord record, String error, Long behind, Instant parkedAt) {}

    /**
     * Parks a record (idempotent: parking the same record of the same consumer again returns the first id).
     *
     * @return the parked row's id
     */
    long park(String consumer, InboundRecord record, String error, String detail, Long behind);

    /** The consumer's unresolved parked records, oldest first. */
    List<Parked> unresolved(String consumer);

    /** Marks parked records done, with what became of them (processed after a restart, dead-lettered). */
    void resolve(List<Long> ids, String resolution);
}
