package dev.sextant.risk.adapter;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.risk.domain.OpenPosition;
import dev.sextant.risk.domain.PendingIntent;
import dev.sextant.risk.domain.RiskEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /risk/state} returns: the trading state, the account as risk-service books it,
 * open positions and pending entries, and the thresholds in force (ratios as fractions).
 * {@code tradingStateReason} / {@code tradingStateSince}: the reason and event time of the change that
 * led to the trading state (null when it never changed).
 */
public record RiskStateView(
        TradingState tradingState,
        String tradingStateReason,
        Instant tradingStateSince,
        BigDecimal equity,
        BigDecimal availableEquity,
        LocalDate day,
        BigDecimal dayStartEquity,
        BigDecimal dailyLossRatio,
        List<String> openSymbols,
        List<String> pendingSymbols,
        List<OpenPosition> openPositions,
        List<PendingIntent> pendingEntries,
        int waitingPredictions,
        Map<String, String> thresholds) {

    static RiskStateView of(RiskEngine engine, int waitingPredictions) {
        List<OpenPosition> open = List.copyOf(engine.openPositions());
        List<PendingIntent> pending = List.copyOf(engine.pendingIntents());
        return new RiskStateView(engine.tradingState(), engine.tradingStateReason(),
                engine.tradingStateSince(), engine.equity(), engine.availableEquity(), engine.day(),
                engine.dayStartEquity(), engine.dailyLossRatio(),
                open.stream().map(p -> p.symbol().value()).toList(),
                pending.stream().map(p -> p.symbol().value()).toList(),
                open, pending, waitingPredictions, engine.limits().asMap());
    }
}
