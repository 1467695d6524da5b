package dev.sextant.collector.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The request-weight limit a {@link WeightBudget} enforces: at most {@code limit} weight per fixed window of
 * {@code intervalNum} {@code unit}s. Windows are aligned to the epoch (for one minute: to UTC minutes, as Binance
 * counts {@code X-MBX-USED-WEIGHT-1M}). The response header that reports the window's usage is named after it:
 * {@code X-MBX-USED-WEIGHT-1M} for one minute (rest-api.md, "General Info on Limits": S, M, H, D).
 *
 * @param intervalNum windows span this many units, at least 1
 * @param unit the interval's unit
 * @param limit the weight Binance allows per window, at least 1
 */
public record WeightLimit(int intervalNum, Unit unit, long limit) {

    /** Spot's limit today: 6000 per minute ({@link BinanceLimits#SPOT_REQUEST_WEIGHT_PER_MINUTE}). */
    public static final WeightLimit SPOT_DEFAULT = new WeightLimit(1, Unit.MINUTE, BinanceLimits.SPOT_REQUEST_WEIGHT_PER_MINUTE);

    /** The interval units of exchangeInfo's {@code rateLimits} and their header letters. */
    public enum Unit {
        SECOND('S', Duration.ofSeconds(1)),
        MINUTE('M', Duration.ofMinutes(1)),
        HOUR('H', Duration.ofHours(1)),
        DAY('D', Duration.ofDays(1));

        private final char letter;
        private final Duration length;

        Unit(char letter, Duration length) {
            this.letter = letter;
            this.length = length;
        }

        public char letter() {
            return letter;
        }

        /** The unit of a header letter (S, M, H, D; any case), or empty. */
        public static Optional<Unit> ofLetter(char letter) {
            char upper = Character.toUpperCase(letter);
            for (Unit u : values()) {
                if (u.letter == upper) {
                    return Optional.of(u);
                }
            }
            return Optional.empty();
        }

        /** The unit of an exchangeInfo interval name ({@code MINUTE}...), or empty. */
        public static Optional<Unit> ofName(String name) {
            if (name == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public WeightLimit {
        Objects.requireNonNull(unit, "unit");
        if (intervalNum < 1) {
            throw new IllegalArgumentException("intervalNum must be >= 1, got " + intervalNum);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
    }

    /** The window's length. */
    public Duration window() {
        return unit.length.multipliedBy(intervalNum);
    }

    /** {@code 1M} for one minute: the suffix of the {@code X-MBX-USED-WEIGHT-} header that reports this window. */
    public String headerSuffix() {
        return intervalNum + String.valueOf(unit.letter);
    }

    /** Whether {@code other} counts the same window (interval and unit), whatever its limit. */
    public boolean sameWindow(WeightLimit other) {
        return other.intervalNum == intervalNum && other.unit == unit;
    }

    /**
     * The {@code REQUEST_WEIGHT} limit among exchangeInfo's {@code rateLimits} whose window is {@code like}'s, or empty
     * when there is none (or it is malformed: a non-positive limit or interval).
     */
    public static Optional<WeightLimit> requestWeightLike(WeightLimit like, List<RateLimit> rateLimits) {
        for (RateLimit r : rateLimits) {
            if (!RateLimit.REQUEST_WEIGHT.equalsIgnoreCase(r.rateLimitType().trim())) {
                continue;
            }
            Optional<Unit> unit = Unit.ofName(r.interval());
            if (unit.isEmpty() || r.intervalNum() < 1 || r.limit() < 1) {
                continue;
            }
            WeightLimit candidate = new WeightLimit(r.intervalNum(), unit.get(), r.limit());
            if (candidate.sameWindow(like)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
