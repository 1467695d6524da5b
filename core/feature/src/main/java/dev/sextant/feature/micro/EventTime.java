package dev.sextant.feature.micro;

import java.time.Duration;
import java.time.Instant;

/** Event times and window lengths as nanosecond counts (event times are bounded to [1970, 2100)). */
final class EventTime {

    private EventTime() {
    }

    /** Nanoseconds since the epoch. */
    static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    /** The instant of a nanosecond count. */
    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * A positive window length in nanoseconds.
     *
     * @throws IllegalArgumentException when not positive or longer than ~292 years
     */
    static long positive(Duration length, String what) {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + length);
        }
        try {
            return length.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is too long: " + length, e);
        }
    }
}
