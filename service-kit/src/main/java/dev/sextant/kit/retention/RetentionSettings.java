package dev.sextant.kit.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The retention configuration ({@code sextant.retention.*}), resolved and validated against the service's rules. A
 * broken value throws an {@link IllegalStateException} whose message is one sentence naming the property.
 *
 * @param enabled         whether the job runs ({@code sextant.retention.enabled}, default true)
 * @param interval        time between runs ({@code sextant.retention.interval}, default PT1H, at least PT1M)
 * @param initialDelay    time from start-up to the first run ({@code sextant.retention.initial-delay}, default PT1M)
 * @param batchSize       rows deleted per statement ({@code sextant.retention.batch-size}, 100..100000, default 5000)
 * @param partitionsAhead partitions kept ready after the current one ({@code sextant.retention.partitions-ahead}, 1..60, default 2)
 * @param periods         per rule, the period (null = kept forever)
 */
public record RetentionSettings(boolean enabled, Duration interval, Duration initialDelay, int batchSize,
                                int partitionsAhead, Map<RetentionRule, Duration> periods) {
    public static final String PREFIX = "sextant.retention.";
    static final Set<String> GLOBAL = Set.of("enabled", "interval", "initial-delay", "batch-size", "partitions-ahead");

    /**
     * Resolves the settings: {@code value} looks a property up (empty if unset), {@code names} are the property names
     * the configuration knows (to refuse a misspelt table).
     */
    public static RetentionSettings resolve(List<RetentionRule> rules, Function<String, Optional<String>> value,
                                            Iterable<String> names) {
        Map<String, RetentionRule> byName = new LinkedHashMap<>();
        for (RetentionRule rule : rules) {
            if (GLOBAL.contains(rule.name()) || byName.putIfAbsent(rule.name(), rule) != null) {
                throw new IllegalStateException("Invalid retention rules: the name " + rule.name() + " is used twice or reserved.");
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String n : names) {
            if (n.startsWith(PREFIX)) {
                String key = n.substring(PREFIX.length());
                if (!GLOBAL.contains(key) && !byName.containsKey(key)) {
                    unknown.add(n);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Invalid configuration: " + String.join(", ", unknown)
                    + " names no table of this service (known: " + String.join(", ", byName.keySet()) + ").");
        }
        boolean enabled = value.apply(PREFIX + "enabled").map(v -> {
            String t = v.trim().toLowerCase(java.util.Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalStateException("Invalid configuration: " + PREFIX + "enabled=" + v + " is not true or false.");
            }
            return Boolean.parseBoolean(t);
        }).orElse(true);
        Duration interval = duration(value, "interval", Duration.ofHours(1), Duration.ofMinutes(1));
        Duration initialDelay = duration(value, "initial-delay", Duration.ofMinutes(1), Duration.ZERO);
        int batchSize = integer(value, "batch-size", 5000, 100, 100_000);
        int ahead = integer(value, "partitions-ahead", 2, 1, 60);
        Map<RetentionRule, Duration> periods = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (RetentionRule rule : rules) {
            Optional<String> configured = value.apply(rule.property());
            Duration period;
            try {
                period = configured.isPresent() ? RetentionPeriods.parse(configured.get()) : rule.defaultPeriod();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("Invalid configuration: " + rule.property() + "=" + configured.get()
                        + " is not a retention period (write e.g. 90d, 36h, P90D or keep).");
            }
            RetentionRule.Floor floor = rule.floor();
            if (floor != null && period != null && (floor.foreverOnly() || period.compareTo(floor.minimum()) < 0)) {
                throw new IllegalStateException("Invalid configuration: " + rule.property() + "="
                        + RetentionPeriods.format(period) + " is too short for table " + rule.table() + ", "
                        + (floor.foreverOnly() ? "which must be kept (keep)" : "which needs at least "
                        + RetentionPeriods.format(floor.minimum())) + ": " + floor.reason() + ".");
            }
            periods.put(rule, period);
        }
        return new RetentionSettings(enabled, interval, initialDelay, batchSize, ahead, java.util.Collections.unmodifiableMap(periods));
    }

    private static Duration duration(Function<String, Optional<String>> value, String key, Duration dflt, Duration min) {
        Optional<String> v = value.apply(PREFIX + key);
        if (v.isEmpty()) {
            return dflt;
        }
        String t = v.get().trim();
        Duration d = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                // reported below
            }
        }
        if (d == null || d.compareTo(min) < 0) {
            throw new IllegalStateException("Invalid configuration: " + PREFIX + key + "=" + v.get()
                    + " is not a duration of at least " + min + " (write e.g. PT1H or 2h).");
        }
        return d;
    }

    private static int integer(Function<String, Optional<String>> value, String key, int dflt, int min, int max) {
        Optional<String> v = value.apply(PREFIX + key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("Invalid configuration: " + PREFIX + key + "=" + v.get() + " is not a whole number from "
                + min + " to " + max + ".");
    }

    /** The period of a rule (null = kept forever). */
    public Duration period(RetentionRule rule) {
        return periods.get(rule);
    }
}
