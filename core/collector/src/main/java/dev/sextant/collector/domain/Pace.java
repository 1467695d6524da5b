package dev.sextant.collector.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the replay goes: one step (one candle per symbol) per {@link #period()}, or
 * {@link #isMax() max}: as fast as the pipeline takes it.
 */
public record Pace(Duration period) {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /** As fast as the broker acknowledges. */
    public static final Pace MAX = new Pace(Duration.ZERO);

    public Pace {
        if (period == null || period.isNegative()) {
            throw new IllegalArgumentException("pace period must not be negative");
        }
    }

    public static Pace every(Duration period) {
        if (period.isZero()) {
            throw new IllegalArgumentException("a paced replay needs a period above zero (use 'max' for no pause)");
        }
        return new Pace(period);
    }

    public boolean isMax() {
        return period.isZero();
    }

    /**
     * Parses {@code max}, a simple duration ({@code 1s}, {@code 500ms}, {@code 2m}, {@code 1h}) or
     * an ISO-8601 duration ({@code PT1S}).
     *
     * @throws IllegalArgumentException with a sentence naming the accepted forms
     */
    public static Pace parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("max")) {
            return MAX;
        }
        Duration period = null;
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            period = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else if (value.startsWith("pt")) {
            try {
                period = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                period = null;
            }
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(
                    "pace must be 'max' or a positive duration such as 1s, 500ms, 2m or PT1S, got '" + text + "'");
        }
        return new Pace(period);
    }

    @Override
    public String toString() {
        return isMax() ? "max" : period.toString();
    }
}
