package dev.sextant.kit.consumer;

import java.util.Map;

/**
 * One consumed Kafka record as the consumer policy sees it.
 *
 * @param topic   the topic it was read from (with the deployment's prefix)
 * @param headers its headers, last value per name, as UTF-8 text
 */
public record InboundRecord(String topic, int partition, long offset, String key, String value, Map<String, String> headers) {
    public InboundRecord {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The key records are ordered by (the symbol for market data): records of one key are processed in order. */
    public String orderingKey() {
        return key == null ? "partition-" + partition : key;
    }

    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
