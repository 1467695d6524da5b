package dev.sextant.kit.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A parking lot for tests, with the same idempotence as the table (one row per consumer and record). */
public final class InMemoryParkingLot implements ParkingLot {
    public final List<Parked> rows = new ArrayList<>();
    public final Map<Long, String> resolution = new HashMap<>();

    @Override
    public synchronized long park(String consumer, InboundRecord record, String error, String detail, Long behind) {
        for (Parked p : rows) {
            if (p.consumer().equals(consumer) && p.record().topic().equals(record.topic())
                    && p.record().partition() == record.partition() && p.record().offset() == record.offset()) {
                resolution.remove(p.id());
                return p.id();
            }
        }
        long id = rows.size() + 1;
        rows.add(new Parked(id, consumer, record, error, behind, Instant.EPOCH));
        return id;
    }

    @Override
    public synchronized List<Parked> unresolved(String consumer) {
        return rows.stream().filter(p -> p.consumer().equals(consumer) && !resolution.containsKey(p.id())).toList();
    }

    @Override
    public synchronized void resolve(List<Long> ids, String text) {
        ids.forEach(id -> resolution.put(id, text));
    }
}
