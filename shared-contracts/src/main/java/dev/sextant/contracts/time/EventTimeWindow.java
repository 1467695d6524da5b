package dev.sextant.contracts.time;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer's event-time clock: it accepts an event's times only within a window and keeps the latest
 * accepted event time, from which alone it tells "now" and "today". One instance per consumer (per
 * service state that needs a date), shared by its threads.
 *
 * <p>A time is accepted when it is
 * <ul>
 *   <li>not before the {@linkplain Settings#floor() floor} (default {@link #DEFAULT_FLOOR}, the day of
 *       Bitcoin's first block: no crypto market is older);</li>
 *   <li>not after the wall clock ({@link Clock}, injected) plus the {@linkplain Settings#allowedSkew() allowed
 *       skew}, when the window has one (a live window does: no market event comes from the future);</li>
 *   <li>not more than the {@linkplain Settings#maxJump() maximum jump} after the latest accepted event time,
 *       when the window has one (a replay's does: one forged time must not carry a replayed year's "today"
 *       to another year).</li>
 * </ul>
 * An event older than the latest accepted time is accepted (records of different partitions interleave)
 * but never moves it backwards. A refusal is an {@link EventTimeException} (an
 * {@link IllegalArgumentException}) naming the field, its value and the bound, and changes nothing.
 */
public final class EventTimeWindow {
    /** 2009-01-03T00:00:00Z: the day of Bitcoin's genesis block. */
    public static final Instant DEFAULT_FLOOR = Instant.parse("2009-01-03T00:00:00Z");
    /** How far ahead of the wall clock a live event may be: 2 minutes (producers' clocks, the exchange's). */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(2);
    /** How far a replay's event time may jump ahead of the latest accepted one: 7 days. */
    public static final Duration DEFAULT_REPLAY_JUMP = Duration.ofDays(7);

    /**
     * The window's bounds.
     *
     * @param floor earliest accepted time
     * @param allowedSkew how far after the wall clock a time may be; null = no wall-clock bound
     * @param maxJump how far after the latest accepted time a time may be; null = no jump bound
     */
    public record Settings(Instant floor, Duration allowedSkew, Duration maxJump) {
        public Settings {
            Objects.requireNonNull(floor, "floor");
            if (allowedSkew != null && allowedSkew.isNegative()) {
                throw new IllegalArgumentException("allowedSkew must not be negative, got " + allowedSkew);
            }
            if (maxJump != null && (maxJump.isNegative() || maxJump.isZero())) {
                throw new IllegalArgumentException("maxJump must be positive, got " + maxJump);
            }
            if (allowedSkew == null && maxJump == null) {
                throw new IllegalArgumentException("a window needs a wall-clock bound (allowedSkew), a jump bound (maxJump) or both");
            }
        }

        /**
         * A live consumer's bounds: the default floor and skew, no jump bound (the wall clock bounds every time,
         * and after an outage of any length the first live event must be accepted).
         */
        public static Settings live() {
            return new Settings(DEFAULT_FLOOR, DEFAULT_SKEW, null);
        }

        /** A replay's bounds: the default floor and skew (a replayed past is never in the future), and {@code maxJump}. */
        public static Settings replay(Duration maxJump) {
            return new Settings(DEFAULT_FLOOR, DEFAULT_SKEW, Objects.requireNonNull(maxJump, "maxJump"));
        }

        public Settings withFloor(Instant newFloor) {
            return new Settings(newFloor, allowedSkew, maxJump);
        }
    }

    private final Clock wallClock;
    private final Settings settings;
    private final AtomicReference<Instant> latest = new AtomicReference<>();

    public EventTimeWindow(Clock wallClock, Settings settings) {
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A live consumer's window ({@link Settings#live()}). */
    public static EventTimeWindow live(Clock wallClock) {
        return new EventTimeWindow(wallClock, Settings.live());
    }

    /** A replay's window ({@link Settings#replay(Duration)} with {@link #DEFAULT_REPLAY_JUMP}). */
    public static EventTimeWindow replay(Clock wallClock) {
        return new EventTimeWindow(wallClock, Settings.replay(DEFAULT_REPLAY_JUMP));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Checks every time of {@code event} ({@code tsEvent} and the market times it carries: a candle's open and
     * close, a candle open time, a position's open and close) and, when all are in the window, moves the
     * latest event time to {@code tsEvent} if that is later. {@code tsInit} (when the producer built the
     * object) is not an event time and is not checked here.
     *
     * @return {@code event}
     * @throws EventTimeException when a time is outside the window (nothing changes then)
     */
    public <T extends Event> T accept(T event) {
        Instant latestNow = latest.get();
        Instant now = wallClock.instant();
        check(event.tsEvent(), "tsEvent", latestNow, now);
        switch (event) {
            case CandleClosed c -> {
                check(c.openTime(), "openTime", latestNow, now);
                check(c.closeTime(), "closeTime", latestNow, now);
            }
            case FeaturesComputed f -> check(f.candleOpenTime(), "candleOpenTime", latestNow, now);
            case PredictionMade p -> check(p.candleOpenTime(), "candleOpenTime", latestNow, now);
            case RiskDecisionMade d -> check(d.candleOpenTime(), "candleOpenTime", latestNow, now);
            case CandleSettled s -> check(s.candleOpenTime(), "candleOpenTime", latestNow, now);
            case PositionChanged p -> {
                check(p.openedAt(), "openedAt", latestNow, now);
                if (p.closedAt() != null) {
                    check(p.closedAt(), "closedAt", latestNow, now);
                }
            }
            default -> { }
        }
        advance(event.tsEvent());
        return event;
    }

    /**
     * Checks one event time that is not in an {@link Event} (e.g. a kline's open time) and, when it is in the
     * window, moves the latest event time to it if it is later.
     *
     * @param field the name the refusal gives it
     * @return {@code time}
     */
    public Instant accept(Instant time, String field) {
        check(time, field, latest.get(), wallClock.instant());
        advance(time);
        return time;
    }

    /** Checks {@code time} as {@link #accept(Instant, String)} does, without moving the latest event time. */
    public Instant check(Instant time, String field) {
        check(time, field, latest.get(), wallClock.instant());
        return time;
    }

    /**
     * Starts from a latest event time a consumer restored (e.g. from its database after a restart): it must be
     * within the floor and the wall-clock bound (the jump bound does not apply); an earlier restored time
     * than the current latest changes nothing.
     */
    public void restore(Instant restoredLatest) {
        Instant now = wallClock.instant();
        checkFloorAndWallClock(restoredLatest, "restored latest event time", now);
        advance(restoredLatest);
    }

    /** The latest accepted event time, if any. */
    public Optional<Instant> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** The UTC date of the latest accepted event time ("today" in event time), if any. */
    public Optional<LocalDate> today() {
        Instant t = latest.get();
        return t == null ? Optional.empty() : Optional.of(LocalDate.ofInstant(t, ZoneOffset.UTC));
    }

    private void check(Instant time, String field, Instant latestNow, Instant now) {
        checkFloorAndWallClock(time, field, now);
        if (settings.maxJump() != null && latestNow != null) {
            Instant ceiling = latestNow.plus(settings.maxJump());
            if (time.isAfter(ceiling)) {
                throw new EventTimeException("field '" + field + "' " + time + " is more than " + settings.maxJump()
                        + " after the latest accepted event time " + latestNow + " (bound " + ceiling + ")",
                        field, time, ceiling);
            }
        }
    }

    private void checkFloorAndWallClock(Instant time, String field, Instant now) {
        if (time == null) {
            throw new EventTimeException("missing required field '" + field + "'", field, null, null);
        }
        if (time.isBefore(settings.floor())) {
            throw new EventTimeException("field '" + field + "' " + time + " is before the window's floor "
                    + settings.floor(), field, time, settings.floor());
        }
        if (settings.allowedSkew() != null) {
            Instant ceiling = now.plus(settings.allowedSkew());
            if (time.isAfter(ceiling)) {
                throw new EventTimeException("field '" + field + "' " + time + " is more than " + settings.allowedSkew()
                        + " after the wall clock " + now + " (bound " + ceiling + ")", field, time, ceiling);
            }
        }
    }

    private void advance(Instant time) {
        latest.accumulateAndGet(time, (current, t) -> current == null || t.isAfter(current) ? t : current);
    }
}
