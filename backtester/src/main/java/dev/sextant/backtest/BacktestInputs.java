package dev.sextant.backtest;

import dev.sextant.contracts.event.Interval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsing and checks of a backtest's inputs that every host shares: the command line names the
 * options ({@code --from}), the API gateway names the JSON fields ({@code from}). Each method throws an
 * IllegalArgumentException with one sentence that names the input and says what to write instead.
 */
public final class BacktestInputs {
    private BacktestInputs() {}

    /** The interval written {@code code} ({@code 1h}, ...); {@code name} names the input in the message. */
    public static Interval interval(String code, String name) {
        for (Interval i : Interval.values()) {
            if (i.code().equals(code)) {
                return i;
            }
        }
        List<String> codes = new ArrayList<>();
        for (Interval i : Interval.values()) {
            codes.add(i.code());
        }
        throw new IllegalArgumentException("unknown " + name + " '" + code + "': use one of " + String.join(", ", codes));
    }

    /** A day ({@code 2024-01-31}, 00:00 UTC) or an ISO instant ({@code 2024-01-31T00:00:00Z}). */
    public static Instant time(String text, String name) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " is required: write it as 2024-01-31 or 2024-01-31T00:00:00Z");
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a date: write it as 2024-01-31 or 2024-01-31T00:00:00Z");
        }
    }

    /** Refuses an empty range: {@code to} (exclusive) must be after {@code from} (inclusive). */
    public static void range(Instant from, Instant to, String fromName, String toName) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the date range is empty: " + toName + " " + to + " is not after " + fromName
                    + " " + from);
        }
    }
}
