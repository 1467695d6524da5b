package dev.sextant.gateway.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The latest price of a symbol: the close of its last closed candle.
 *
 * @param time   close time of that candle
 * @param source {@code redis} (collector's latest candle) or {@code gateway} (own candle projection)
 */
public record PriceView(String symbol, BigDecimal price, String interval, Instant time, String source) {}
