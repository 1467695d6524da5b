package dev.sextant.contracts.topic;

import dev.sextant.contracts.event.Event;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * One topic of the catalog. {@code retention} null means kept forever; a compacted topic keeps the
 * last record per key. {@code consumed} topics have a {@code .dlq} twin for payloads their
 * consumers could not process.
 */
public record TopicSpec(
        String name,
        int partitions,
        Duration retention,
        boolean compacted,
        boolean consumed,
        Class<? extends Event> payload,
        String description) {

    public TopicSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("topic name must be lower-case letters, digits, '.' and '-': " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition");
        }
    }

    /** The dead-letter twin of this topic's name. */
    public String dlqName() {
        return Topics.dlq(name);
    }

    /** This spec with the name prefixed, e.g. for a test run's own topics. */
    public TopicSpec withPrefix(String prefix) {
        return prefix == null || prefix.isEmpty()
                ? this
                : new TopicSpec(prefix + name, partitions, retention, compacted, consumed, payload, description);
    }

    /** Topic-level configs for the broker. */
    public Map<String, String> configs() {
        Map<String, String> configs = new TreeMap<>();
        configs.put("cleanup.policy", compacted ? "compact" : "delete");
        configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
        if (compacted) {
            configs.put("min.cleanable.dirty.ratio", "0.1");
            configs.put("segment.ms", Long.toString(Duration.ofHours(1).toMillis()));
        }
        return configs;
    }
}
