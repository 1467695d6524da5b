package dev.sextant.risk.domain;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.TradingState;
import java.math.BigDecimal;
import java.time.Duration;

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
 * @param book           the symbol's newest order book, null when none ever came
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
     * Why the book cannot be used for this decision: older than {@code max-book-age-seconds} at the prediction's market
     * time, or not two-sided; null when it can, or when there is no book at all.
     */
    public String bookProblem() {
        if (book == null) {
            return null;
        }
        Duration age = book.ageAt(prediction.tsEvent());
        if (age.compareTo(Duration.ofSeconds(limits.maxBookAgeSeconds())) > 0) {
            return "order book stale: the newest is " + age.getSeconds() + " s old at the decision (max "
                    + limits.maxBookAgeSeconds() + " s)";
        }
        return book.defect();
    }
}
