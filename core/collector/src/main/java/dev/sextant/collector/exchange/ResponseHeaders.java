package dev.sextant.collector.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rate-limit headers of a Binance response, leniently: names in any case (HTTP/2 sends them lowercase), any
 * number of values per name, and garbage ignored rather than trusted.
 */
final class ResponseHeaders {
    /** {@code X-MBX-USED-WEIGHT-(intervalNum)(intervalLetter)}, or the bare legacy {@code X-MBX-USED-WEIGHT} (= 1M). */
    private static final Pattern USED_WEIGHT = Pattern.compile("x-mbx-used-weight(?:-(\\d{1,9})([smhd]))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    static final String RETRY_AFTER = "Retry-After";

    private ResponseHeaders() {}

    /**
     * The highest weight the response reports as used in {@code limit}'s window: the values of
     * {@code X-MBX-USED-WEIGHT-<suffix>} (the other windows' headers are not this limit's), plus the bare
     * {@code X-MBX-USED-WEIGHT} when the window is one minute. Values that are not plain non-negative integers are
     * ignored; empty when no usable value is there.
     */
    static OptionalLong usedWeight(Map<String, ? extends List<String>> headers, WeightLimit limit) {
        long best = -1;
        for (Map.Entry<String, ? extends List<String>> e : headers.entrySet()) {
            if (e.getKey() == null || !reportsWindow(e.getKey().trim(), limit)) {
                continue;
            }
            for (String value : e.getValue()) {
                OptionalLong v = nonNegative(value);
                if (v.isPresent()) {
                    best = Math.max(best, v.getAsLong());
                }
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    private static boolean reportsWindow(String name, WeightLimit limit) {
        Matcher m = USED_WEIGHT.matcher(name);
        if (!m.matches()) {
            return false;
        }
        if (m.group(1) == null) {
            return limit.intervalNum() == 1 && limit.unit() == WeightLimit.Unit.MINUTE;
        }
        int num = Integer.parseInt(m.group(1));
        Optional<WeightLimit.Unit> unit = WeightLimit.Unit.ofLetter(m.group(2).charAt(0));
        return unit.isPresent() && unit.get() == limit.unit() && num == limit.intervalNum();
    }

    /**
     * The {@code Retry-After} of the response in seconds as Binance sends it (rest-api.md: "the number of seconds"):
     * the largest plain non-negative integer among its values; empty when absent or garbage (an HTTP date, a
     * fraction, a negative number, text).
     */
    static Optional<Duration> retryAfter(Map<String, ? extends List<String>> headers) {
        long best = -1;
        for (Map.Entry<String, ? extends List<String>> e : headers.entrySet()) {
            if (e.getKey() == null || !RETRY_AFTER.equalsIgnoreCase(e.getKey().trim())) {
                continue;
            }
            for (String value : e.getValue()) {
                OptionalLong v = nonNegative(value);
                if (v.isPresent()) {
                    best = Math.max(best, v.getAsLong());
                }
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(best));
    }

    private static OptionalLong nonNegative(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        if (!DIGITS.matcher(v).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }
}
