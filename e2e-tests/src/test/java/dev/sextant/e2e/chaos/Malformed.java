package dev.sextant.e2e.chaos;

import dev.sextant.contracts.topic.Topics;

/**
 * The malformed and forged records a chaos campaign injects, each on the topic it attacks. Every one must
 * be refused by each consumer of that topic (dead-lettered to {@code <topic>.dlq} with a
 * {@code dead-letter-reason}, or parked in the consumer's {@code parked_records} with its error), except
 * {@link #REPLAYED_CONTROL_COMMAND}, a valid command sent a second time with the same event id, which must
 * simply have no second effect (idempotent control).
 */
public enum Malformed {
    CANDLE_OPEN_TIME_YEAR_1000000000(Topics.CANDLES, "a CandleClosed whose openTime is in year +1000000000"),
    CANDLE_DATED_9999_12_31(Topics.CANDLES, "a CandleClosed dated 9999-12-31"),
    CANDLE_NEGATIVE_PRICES(Topics.CANDLES, "a CandleClosed with negative prices"),
    CANDLE_ZERO_PRICES(Topics.CANDLES, "a CandleClosed with zero prices"),
    CANDLE_1E400_PRICES(Topics.CANDLES, "a CandleClosed with prices of 1e400"),
    CANDLE_HIGH_BELOW_LOW(Topics.CANDLES, "a CandleClosed whose high is below its low"),
    CANDLE_1E400_VOLUME(Topics.CANDLES, "a CandleClosed with a volume (quantity) of 1e400"),
    CANDLE_JSON_WITH_TRAILING_GARBAGE(Topics.CANDLES, "a replayed candle's JSON followed by garbage"),
    NON_JSON_PAYLOAD(null, "a payload that is not JSON (on a topic drawn at random)"),
    FORGED_ENTRY_FILL(Topics.FILLS, "a FillExecuted (entry) of a position execution never opened"),
    FORGED_EXIT_FILL(Topics.FILLS, "a FillExecuted (exit, realizedPnl +1000000) of a position execution never opened"),
    FORGED_POSITION(Topics.POSITIONS, "a PositionChanged (LONG) of a position execution never opened"),
    FILL_1E400_QUANTITY(Topics.FILLS, "a FillExecuted with a quantity of 1e400"),
    FILL_ZERO_PRICE(Topics.FILLS, "a FillExecuted with a price of 0"),
    REPLAYED_CONTROL_COMMAND(Topics.CONTROL, "a PauseRequested sent again with the same event id after a resume");

    private final String topic;
    private final String description;

    Malformed(String topic, String description) {
        this.topic = topic;
        this.description = description;
    }

    /** The catalog topic it is injected on; null when drawn at random ({@link #NON_JSON_PAYLOAD}). */
    public String topic() {
        return topic;
    }

    public String description() {
        return description;
    }

    /**
     * A fill or position that is valid in every field but its provenance: it is injected only once the pipeline has
     * decided on a candle of its symbol, dated at that candle's open. A consumer then knows at once that no decision
     * of the platform opened it (the gateway holds a fill dated after the last decision it read until a later one
     * shows that none will come, and records that refusal in its {@code held_fill} table, not as a dead letter).
     */
    public boolean forged() {
        return this == FORGED_ENTRY_FILL || this == FORGED_EXIT_FILL || this == FORGED_POSITION;
    }

    /** Whether every consumer must refuse it (dead letter or parked); false: it must have no second effect. */
    public boolean mustBeRefused() {
        return this != REPLAYED_CONTROL_COMMAND;
    }
}
