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
 *
 * <p>Nor does it jump (docs/reliability.md, "Forged input and control commands"): an event time more than
 * {@code maxDayJump} UTC days after today is refused ({@link #check}, {@link #observe}: an
 * {@link IllegalArgumentException}, so the record is dead-lettered with the reason) and today stays; a real later
 * event within the bound still advances it. Before the first event (nothing seen, nothing {@link #seed seeded})
 * there is no today to measure a jump from.
 */
public final class MarketClock {
    /** No bound on the jump. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final long SECONDS_PER_DAY = 86_400;

    private final AtomicReference<Instant> latest = new AtomicReference<>();
    private final int maxDayJump;

    /** A clock without a jump bound. */
    public MarketClock() {
        this(UNBOUNDED);
    }

    /** A clock on which one event may move today by at most {@code maxDayJump} days (at least 1). */
    public MarketClock(int maxDayJump) {
        if (maxDayJump < 1) {
            throw new IllegalArgumentException("sextant.gateway.max-day-jump must be at least 1 (days), got " + maxDayJump);
        }
        this.maxDayJump = maxDayJump;
    }

    /**
     * Refuses {@code eventTime} when it would move today more than the bound ahead.
     *
     * @param what what carries the time, for the reason (e.g. "FillExecuted 123 tsEvent")
     * @throws IllegalArgumentException with the reason
     */
    public void check(Instant eventTime, String what) {
        Instant seen = latest.get();
        if (eventTime == null || seen == null || maxDayJump == UNBOUNDED) {
            return;
        }
        long days = epochDay(eventTime) - epochDay(seen);
        if (days > maxDayJump) {
            LocalDate today = utcDay(seen);
            throw new IllegalArgumentException(what + " " + eventTime + " is " + days + " days after today (" + today
                    + "); market time may move at most " + maxDayJump + " day(s) at once (max-day-jump): refused as forged"
                    + " or corrupt, today stays " + today);
        }
    }

    /** {@link #check} without a name for the time. */
    public void check(Instant eventTime) {
        check(eventTime, "event time");
    }

    /**
     * Moves market time forward to {@code eventTime} after {@link #check checking} it; null or an earlier time changes
     * nothing. Returns true when today changed (a later UTC day, or the first one).
     *
     * @throws IllegalArgumentException when the time is refused (nothing changes)
     */
    public boolean observe(Instant eventTime) {
        if (eventTime == null) {
            return false;
        }
        check(eventTime);
        Instant before = latest.getAndAccumulate(eventTime, (seen, next) -> seen == null || next.isAfter(seen) ? next : seen);
        return before == null || epochDay(eventTime) > epochDay(before);
    }

    /** Takes a time the gateway accepted before it restarted, unchecked (market time still never moves back). */
    public void seed(Instant eventTime) {
        if (eventTime != null) {
            latest.accumulateAndGet(eventTime, (seen, next) -> seen == null || next.isAfter(seen) ? next : seen);
        }
    }

    /** The latest event time seen, empty before the first one. */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The UTC day of the latest event time: the market's "today"; empty before the first event. */
    public Optional<LocalDate> today() {
        return latest().map(MarketClock::utcDay);
    }

    public int maxDayJump() {
        return maxDayJump;
    }

    /** The UTC calendar day of {@code time}. */
    public static LocalDate utcDay(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    private static long epochDay(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
    }
}
