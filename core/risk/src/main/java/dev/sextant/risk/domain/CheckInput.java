package dev.sextant.risk.domain;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.TradingState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * What the pre-trade checks look at for one prediction.
 *
 * @param prediction     the prediction to decide on
 * @param mark           close and ATR of its candle, null when the features never arrived
 * @param spreadRatio    latest (best ask - best bid) / mid of the symbol, null when unknown (no book, or one that cannot
 *                       be priced: see {@code book})
 * @param tradingState   the state risk-service enforces
 * @param openPosition   the symbol's open position, or null
 * @param pendingIntent  the symbol's approved, unfilled entry, or null
 * @param dailyLossRatio today's loss / day's starting equity
 * @param limits         the thresholds
 * @param book           the symbol's latest order book, null when none ever came
 */
public record CheckInput(PredictionMade prediction, MarketMark mark, BigDecimal spreadRatio, TradingState tradingState,
                         OpenPosition openPosition, PendingIntent pendingIntent, BigDecimal dailyLossRatio,
                         RiskLimits limits, OrderBookView book) {

    /** Without an order book (none ever came for the symbol); {@code spreadRatio} as given. */
    public CheckInput(PredictionMade prediction, MarketMark mark, BigDecimal spreadRatio, TradingState tradingState,
                      OpenPosition openPosition, PendingIntent pendingIntent, BigDecimal dailyLossRatio, RiskLimits limits) {
        this(prediction, mark, spreadRatio, tradingState, openPosition, pendingIntent, dailyLossRatio, limits, null);
    }

    /**
     * Why the book cannot be used for this decision: taken more than {@code max-book-age-seconds} before the
     * prediction's market time (stale) or after it (a book of a later market than the one decided on: a lagging
     * decision, or a forged time), or not two-sided; null when it can, or when there is no book at all.
     */
    public String bookProblem() {
        if (book == null) {
            return null;
        }
        Duration max = Duration.ofSeconds(limits.maxBookAgeSeconds());
        Instant decided = prediction.tsEvent();
        Duration age = book.ageAt(decided);
        if (age.compareTo(max) > 0) {
            return "order book stale: the latest is " + age.getSeconds() + " s old at the decision (max "
                    + limits.maxBookAgeSeconds() + " s)";
        }
        if (book.takenAt().isAfter(decided.plus(max))) {
            return "order book not of the decision's market: the latest was taken "
                    + Duration.between(decided, book.takenAt()).getSeconds() + " s after it (max "
                    + limits.maxBookAgeSeconds() + " s)";
        }
        return book.defect();
    }
}
