package dev.sextant.risk.domain;

import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.TradingState;
import java.math.BigDecimal;

/**
 * What the pre-trade checks look at for one prediction.
 *
 * @param prediction     the prediction to decide on
 * @param mark           close and ATR of its candle, null when the features never arrived
 * @param spreadRatio    latest (best ask - best bid) / mid of the symbol, null when unknown
 * @param tradingState   the state risk-service enforces
 * @param openPosition   the symbol's open position, or null
 * @param pendingIntent  the symbol's approved, unfilled entry, or null
 * @param dailyLossRatio today's loss / day's starting equity
 * @param limits         the thresholds
 */
public record CheckInput(PredictionMade prediction, MarketMark mark, BigDecimal spreadRatio, TradingState tradingState,
                         OpenPosition openPosition, PendingIntent pendingIntent, BigDecimal dailyLossRatio,
                         RiskLimits limits) {}
