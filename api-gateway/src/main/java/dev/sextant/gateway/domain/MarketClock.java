package dev.sextant.gateway.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Market time as the gateway has seen it: the latest event time of the market events it read (a
 * candle's close time, a fill's {@code tsEvent}). "Today" is the UTC day of that time, the same rule
 * as risk-service and execution-service, so a historical replay counts its own days, not the wall
 * clock's. Time never moves back: an older event changes nothing. Thread-safe.
 */
public final class MarketClock {
    private final AtomicReference<Instant> latest = new AtomicReference<>();

    /** Moves market time forward to {@code eventTime}; null or an earlier time changes nothing. */
    public void observe(Instant eventTime) {
        if (eventTime == null) {
            return;
        }
        latest.accumulateAndGet(eventTime, (seen, next) -> seen == null || next.isAfter(seen) ? next : seen);
    }

    /** The latest event time seen, empty before the first one. */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The UTC day of the latest event time: the market's "today"; empty before the first event. */
    public Optional<LocalDate> today() {
        return latest().map(MarketClock::utcDay);
    }

    /** The UTC calendar day of {@code time}. */
    public static LocalDate utcDay(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }
}
