package dev.sextant.execution.adapter;

import java.math.BigDecimal;
import java.time.Instant;

/** A closed trade as the REST API shows it. */
public record TradeView(
        String positionId,
        String symbol,
        String side,
        BigDecimal quantity,
        Instant entryTime,
        BigDecimal entryPrice,
        Instant exitTime,
        BigDecimal exitPrice,
        BigDecimal entryFee,
        BigDecimal exitFee,
        BigDecimal grossPnl,
        BigDecimal netPnl,
        String exitReason) {}
