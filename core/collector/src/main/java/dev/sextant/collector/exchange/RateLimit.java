package dev.sextant.collector.exchange;

import java.util.Objects;

/**
 * One entry of {@code GET /api/v3/exchangeInfo}'s {@code rateLimits} array, as the HTTP adapter decodes it, e.g.
 * {@code {"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}} (enums.md, "Rate limiters
 * (rateLimitType)"). {@link WeightBudget#updateLimits} takes the {@code REQUEST_WEIGHT} one; {@code ORDERS} and
 * {@code RAW_REQUESTS} entries are carried as they come and ignored there.
 *
 * @param rateLimitType {@code REQUEST_WEIGHT}, {@code ORDERS} or {@code RAW_REQUESTS}
 * @param interval {@code SECOND}, {@code MINUTE}, {@code HOUR} or {@code DAY}
 * @param intervalNum how many {@code interval}s the window spans
 * @param limit the most the window allows
 */
public record RateLimit(String rateLimitType, String interval, int intervalNum, long limit) {
    public static final String REQUEST_WEIGHT = "REQUEST_WEIGHT";

    public RateLimit {
        Objects.requireNonNull(rateLimitType, "rateLimitType");
        Objects.requireNonNull(interval, "interval");
    }
}
