package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;

/**
 * Parses and checks the query parameters of the REST API. Parameters arrive as raw text so that a
 * malformed value (e.g. {@code limit=abc}) gets a clear 400 instead of a framework's 404.
 */
public final class QueryParams {
    /** Largest {@code limit} any list endpoint accepts. */
    public static final int MAX_LIMIT = 1000;
    /** Largest page {@code size} of the trades endpoint. */
    public static final int MAX_PAGE_SIZE = 500;

    private QueryParams() {}

    /** The symbol named by {@code raw}, or {@code fallback} when absent. */
    public static Symbol symbol(String raw, Symbol fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String value = raw.trim();
        if (!value.matches("[A-Z0-9]{2,30}")) {
            throw new InvalidRequestException("invalid symbol '" + value
                    + "': use the exchange spelling, 2-30 upper-case letters or digits (e.g. BTCUSDT)");
        }
        return new Symbol(value);
    }

    /** The interval named by {@code raw} ({@code 1m}, {@code 1h}, ...), or null when absent. */
    public static Interval interval(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Interval.fromCode(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("invalid interval: " + e.getMessage());
        }
    }

    /** {@code limit} in 1..{@value #MAX_LIMIT}, {@code fallback} when absent. */
    public static int limit(String raw, int fallback) {
        return intInRange("limit", raw, fallback, 1, MAX_LIMIT);
    }

    /** Zero-based page number, 0 when absent. */
    public static int page(String raw) {
        return intInRange("page", raw, 0, 0, Integer.MAX_VALUE);
    }

    /** Page size in 1..{@value #MAX_PAGE_SIZE}, {@code fallback} when absent. */
    public static int size(String raw, int fallback) {
        return intInRange("size", raw, fallback, 1, MAX_PAGE_SIZE);
    }

    private static int intInRange(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid " + name + " '" + raw.trim() + "': must be a whole number"
                    + range(min, max));
        }
        if (value < min || value > max) {
            throw new InvalidRequestException(name + " " + value + " is out of range: must be" + range(min, max));
        }
        return value;
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? " >= " + min : " in " + min + ".." + max;
    }
}
