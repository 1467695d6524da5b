package dev.sextant.collector.domain;

/** Why a row was rejected; {@link #code()} is the {@code reason} label of the invalid-candle metric. */
public enum InvalidReason {
    /** Not a kline row (column count, a value that is not a number). */
    MALFORMED("malformed"),
    /** A price (open, high, low, close) is zero or negative. */
    NON_POSITIVE_PRICE("non_positive_price"),
    /** {@code high < max(open, close)}. */
    HIGH_BELOW_BODY("high_below_body"),
    /** {@code low > min(open, close)}. */
    LOW_ABOVE_BODY("low_above_body"),
    /** {@code volume < 0} (or quote volume, trade count). */
    NEGATIVE_VOLUME("negative_volume"),
    /** The open time is not on the interval's grid. */
    MISALIGNED_OPEN_TIME("misaligned_open_time"),
    /** Binance's close time is not inside {@code (openTime, openTime + interval]}. */
    CLOSE_TIME_OUT_OF_RANGE("close_time_out_of_range"),
    /** Same symbol, interval and open time as a candle already accepted or stored. */
    DUPLICATE("duplicate"),
    /** Open time earlier than a candle already accepted: the feed went backwards. */
    OUT_OF_ORDER("out_of_order");

    private final String code;

    InvalidReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
