package dev.sextant.kit.retention;

import dev.sextant.contracts.topic.TopicSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How long the rows of one table are kept (docs/operations.md, "Time-series storage and retention").
 *
 * @param name          the property that configures it: {@code sextant.retention.<name>}
 * @param table         the table, unqualified (the service's schema is the connection's current schema)
 * @param timeColumn    the timestamptz column a row's age is measured on; an index should lead with it
 * @param basis         what "now" is for that column (market time for event times, the wall clock otherwise)
 * @param defaultPeriod how long rows are kept when the property is not set; null = kept forever
 * @param floor         the shortest period allowed (a replayable id must outlive the topic it came from); null = none
 * @param condition     an extra SQL predicate a row must also match to be deleted (e.g. only resolved rows); null = none
 * @param partitioning  the partitions the table is cut into, when a migration made it a partitioned table
 */
public record RetentionRule(String name, String table, String timeColumn, Basis basis, Duration defaultPeriod,
                            Floor floor, String condition, Partitioning partitioning) {
    private static final Pattern IDENT = Pattern.compile("[a-z_][a-z0-9_]{0,49}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,49}");

    /**
     * MARKET: the column holds market (event) time, and "now" is the newest value in the table, but never later
     * than the wall clock — a replay of last year's candles keeps last year's candles, and a forged row dated
     * 9999-12-31 cannot expire everything. WALL: the column holds processing time (applied_at, published_at, ...),
     * compared with the wall clock like the broker's own retention.
     */
    public enum Basis { MARKET, WALL }

    /** NONE: a plain table (rows deleted in batches); DAY or MONTH: range partitions of one UTC day or month. */
    public enum Partitioning { NONE, DAY, MONTH }

    /**
     * The shortest period a table may be given, and why. {@code minimum} null with {@code foreverOnly}: the rows
     * may never expire (their source keeps its records forever).
     */
    public record Floor(Duration minimum, boolean foreverOnly, String reason) {
        /** Margin over a topic's retention.ms: a record lives until its segment rolls (segment.ms, 7 days by default) and is checked. */
        public static final Duration REPLAY_MARGIN = Duration.ofDays(8);

        /**
         * The ids of events read from {@code topic} (or derived from them) guard against a replay of that topic: they
         * must be kept for its retention plus {@link #REPLAY_MARGIN}; forever if the topic keeps its records forever.
         */
        public static Floor replayableFrom(TopicSpec topic) {
            if (topic.retention() == null || topic.compacted()) {
                return new Floor(null, true, "topic " + topic.name() + " keeps its records forever, so they can always be replayed");
            }
            Duration min = topic.retention().plus(REPLAY_MARGIN);
            return new Floor(min, false, "a record of topic " + topic.name() + " can be replayed for its retention ("
                    + RetentionPeriods.format(topic.retention()) + ") plus a segment roll and a day ("
                    + RetentionPeriods.format(REPLAY_MARGIN) + ")");
        }

        /** The longest of several floors (the strictest). */
        public static Floor strictest(Floor... floors) {
            Floor best = null;
            for (Floor f : floors) {
                if (best == null || f.foreverOnly() || (!best.foreverOnly() && f.minimum().compareTo(best.minimum()) > 0)) {
                    best = f;
                }
                if (best.foreverOnly()) {
                    return best;
                }
            }
            return best;
        }
    }

    public RetentionRule {
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(partitioning, "partitioning");
        if (!NAME.matcher(name).matches() || !IDENT.matcher(table).matches() || !IDENT.matcher(timeColumn).matches()) {
            throw new IllegalArgumentException("not a retention rule name/table/column: " + name + " " + table + " " + timeColumn);
        }
        if (defaultPeriod != null && (defaultPeriod.isNegative() || defaultPeriod.isZero())) {
            throw new IllegalArgumentException("the default period of " + name + " must be positive");
        }
        if (partitioning != Partitioning.NONE && condition != null) {
            throw new IllegalArgumentException(name + ": a partitioned table's partitions are dropped whole, so it takes no condition");
        }
    }

    /** A table whose rows expire by age alone. */
    public static RetentionRule of(String name, String table, String timeColumn, Basis basis, Duration defaultPeriod) {
        return new RetentionRule(name, table, timeColumn, basis, defaultPeriod, null, null, Partitioning.NONE);
    }

    public RetentionRule withFloor(Floor newFloor) {
        return new RetentionRule(name, table, timeColumn, basis, defaultPeriod, newFloor, condition, partitioning);
    }

    public RetentionRule where(String newCondition) {
        return new RetentionRule(name, table, timeColumn, basis, defaultPeriod, floor, newCondition, partitioning);
    }

    public RetentionRule partitioned(Partitioning by) {
        return new RetentionRule(name, table, timeColumn, basis, defaultPeriod, floor, condition, by);
    }

    public String property() {
        return RetentionSettings.PREFIX + name;
    }
}
