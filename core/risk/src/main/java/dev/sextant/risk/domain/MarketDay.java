package dev.sextant.risk.domain;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The rule that keeps "today" (the UTC day of market time that daily P&amp;L and the daily-loss limit count) honest:
 * it only moves forward (an older event changes nothing) and never by more than {@code maxDayJump} days at once. An
 * event whose time falls more than {@code maxDayJump} UTC days after today is refused before anything changes
 * ({@link RefusedInputException}): a forged or corrupt time (e.g. 9999-12-31) cannot move today for good, while a
 * real later event still advances it. {@link #UNBOUNDED} turns the bound off (backtests over trusted files).
 */
public final class MarketDay {
    /** No bound. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final long SECONDS_PER_DAY = 86_400;

    private MarketDay() {}

    /** The bound in days, validated: at least 1, or {@link #UNBOUNDED}. */
    public static int bound(int maxDayJump) {
        if (maxDayJump < 1) {
            throw new IllegalArgumentException("max-day-jump must be at least 1 day, got " + maxDayJump);
        }
        return maxDayJump;
    }

    /**
     * Refuses {@code time} when its UTC day is more than {@code maxDayJump} days after {@code today}.
     *
     * @param today the current day, null before the first event (nothing is refused then)
     * @param what  what carries the time, for the reason (e.g. "FillExecuted 1234 tsEvent")
     */
    public static void check(LocalDate today, Instant time, int maxDayJump, String what) {
        if (today == null || time == null || maxDayJump == UNBOUNDED) {
            return;
        }
        long day = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
        if (day - today.toEpochDay() > maxDayJump) {
            throw new RefusedInputException(what + " " + time + " is " + (day - today.toEpochDay()) + " days after today ("
                    + today + "); market time may move at most " + maxDayJump + " day(s) at once (max-day-jump): refused"
                    + " as forged or corrupt, today stays " + today);
        }
    }

    /** The later of two days, either may be null. */
    static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    /** The UTC day of {@code time}, null for null. */
    static LocalDate of(Instant time) {
        return time == null ? null : LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY));
    }
}
