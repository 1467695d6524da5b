package dev.sextant.contracts.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;

/** Candle interval, spelled as Binance spells it ({@code 1m}, {@code 1h}, ...). */
public enum Interval {
    M1("1m", Duration.ofMinutes(1)),
    M5("5m", Duration.ofMinutes(5)),
    M15("15m", Duration.ofMinutes(15)),
    H1("1h", Duration.ofHours(1)),
    H4("4h", Duration.ofHours(4)),
    D1("1d", Duration.ofDays(1));

    private final String code;
    private final Duration duration;

    Interval(String code, Duration duration) {
        this.code = code;
        this.duration = duration;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public Duration duration() {
        return duration;
    }

    /** True when {@code openTime} is on this interval's grid (UTC epoch aligned). */
    public boolean isAligned(Instant openTime) {
        return openTime.toEpochMilli() % duration.toMillis() == 0;
    }

    @JsonCreator
    public static Interval fromCode(String code) {
        for (Interval interval : values()) {
            if (interval.code.equals(code)) {
                return interval;
            }
        }
        throw new IllegalArgumentException("unknown interval '" + code + "' (known: 1m, 5m, 15m, 1h, 4h, 1d)");
    }
}
