package dev.sextant.gateway.domain;

import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The open positions as the gateway's own trade projection knows them: what {@code /api/v1/positions}
 * and the account answer while Redis (execution-service's latest {@code PositionChanged}) is
 * unavailable. Each open trade is a position of its remaining quantity (entered minus exited) at its
 * average entry price; fees are those of its fills so far, the realized P&amp;L that of its exits so far.
 * Stop-loss and take-profit are not in the fills, so they are null.
 */
public final class OpenTradePositions {
    private OpenTradePositions() {}

    /**
     * @param trades    trades of the projection (closed ones and open ones whose entry is unknown are skipped)
     * @param markPrice the latest price of a symbol, null when unknown
     * @return the open positions by symbol, then position id, marked to {@code markPrice}
     */
    public static List<PositionView> of(List<Trade> trades, Function<Symbol, BigDecimal> markPrice) {
        return trades.stream()
                .filter(t -> t.status() == TradeStatus.OPEN && t.quantity() != null && t.entryPrice() != null)
                .filter(t -> remaining(t).signum() > 0)
                .sorted(Comparator.comparing((Trade t) -> t.symbol().value()).thenComparing(Trade::positionId))
                .map(t -> view(t, markPrice.apply(t.symbol())))
                .toList();
    }

    private static PositionView view(Trade t, BigDecimal mark) {
        BigDecimal quantity = remaining(t);
        BigDecimal unrealized = PositionMath.unrealizedPnl(t.side(), quantity, t.entryPrice(), mark);
        Instant updatedAt = t.exitTime() != null && t.exitTime().isAfter(t.entryTime()) ? t.exitTime() : t.entryTime();
        return new PositionView(t.symbol().value(), t.positionId(), t.side(), quantity, t.entryPrice(), null, null,
                Objects.requireNonNullElse(t.realizedPnl(), BigDecimal.ZERO), t.entryFee().add(t.exitFee()), t.entryTime(),
                null, updatedAt, mark, unrealized, PositionMath.returnOn(unrealized, quantity, t.entryPrice()));
    }

    private static BigDecimal remaining(Trade t) {
        return t.quantity().subtract(t.exitQuantity());
    }
}
