package dev.sextant.kit.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Retention periods as written in configuration: {@code keep}, {@code 90d}, {@code 36h}, or ISO-8601 ({@code P90D}). */
public final class RetentionPeriods {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([dh])");

    private RetentionPeriods() {
    }

    /** The period, or null for {@code keep} (forever); IllegalArgumentException if it is none of the forms. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("keep")) {
            return null;
        }
        Matcher m = SHORT.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
        } else {
            try {
                d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a retention period");
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("not a positive period");
        }
        return d;
    }

    /** {@code 30d}, {@code 36h}, {@code keep}; other durations in ISO-8601. */
    public static String format(Duration d) {
        if (d == null) {
            return "keep";
        }
        if (d.toHours() * 3600 == d.toSeconds() && d.getNano() == 0) {
            return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
        }
        return d.toString();
    }
}
