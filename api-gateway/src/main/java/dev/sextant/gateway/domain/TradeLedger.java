package dev.sextant.gateway.domain;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * Folds fills into trades: an ENTRY fill opens (or adds to) the trade of its {@code positionId}, an
 * exit fill (STOP_LOSS, TAKE_PROFIT, CLOSE) closes (part of) it. Fills of one symbol arrive in order
 * on one partition; an exit seen before its entry still yields a closed trade, completed when the
 * entry shows up. Duplicate fills must be filtered by the caller (by fill event id).
 */
public final class TradeLedger {
    private static final MathContext PRICE = MathContext.DECIMAL64;

    private TradeLedger() {}

    /**
     * The trade after {@code fill}.
     *
     * @param current the trade of {@code fill.positionId()} so far, or null when none
     * @param fill    a fill of that position
     * @return the updated trade
     */
    public static Trade apply(Trade current, FillExecuted fill) {
        if (current != null && !current.positionId().equals(fill.positionId())) {
            throw new IllegalArgumentException("fill " + fill.eventId() + " belongs to position " + fill.positionId()
                    + ", not " + current.positionId());
        }
        return fill.purpose().isExit() ? exit(current, fill) : entry(current, fill);
    }

    private static Trade entry(Trade current, FillExecuted fill) {
        PositionSide side = fill.side() == Side.BUY ? PositionSide.LONG : PositionSide.SHORT;
        if (current == null) {
            return new Trade(fill.positionId(), fill.symbol(), side, TradeStatus.OPEN,
                    fill.quantity(), fill.price(), fill.fee(), fill.tsEvent(),
                    BigDecimal.ZERO, null, BigDecimal.ZERO, null, null, null, fill.feeAsset());
        }
        BigDecimal quantity = current.quantity() == null ? fill.quantity() : current.quantity().add(fill.quantity());
        BigDecimal entryPrice = current.quantity() == null
                ? fill.price()
                : average(current.entryPrice(), current.quantity(), fill.price(), fill.quantity());
        var entryTime = current.entryTime() == null || fill.tsEvent().isBefore(current.entryTime())
                ? fill.tsEvent() : current.entryTime();
        return new Trade(current.positionId(), current.symbol(), side, status(quantity, current.exitQuantity()),
                quantity, entryPrice, current.entryFee().add(fill.fee()), entryTime,
                current.exitQuantity(), current.exitPrice(), current.exitFee(), current.exitTime(),
                current.exitReason(), current.realizedPnl(), Objects.requireNonNullElse(current.feeAsset(), fill.feeAsset()));
    }

    private static Trade exit(Trade current, FillExecuted fill) {
        BigDecimal pnl = fill.realizedPnl();
        if (current == null) {
            // The exit of a LONG sells, of a SHORT buys.
            PositionSide side = fill.side() == Side.SELL ? PositionSide.LONG : PositionSide.SHORT;
            return new Trade(fill.positionId(), fill.symbol(), side, TradeStatus.CLOSED,
                    null, null, BigDecimal.ZERO, null,
                    fill.quantity(), fill.price(), fill.fee(), fill.tsEvent(), fill.purpose().name(), pnl, fill.feeAsset());
        }
        BigDecimal exitQuantity = current.exitQuantity().add(fill.quantity());
        BigDecimal exitPrice = current.exitPrice() == null
                ? fill.price()
                : average(current.exitPrice(), current.exitQuantity(), fill.price(), fill.quantity());
        BigDecimal realized = current.realizedPnl() == null ? pnl : current.realizedPnl().add(pnl);
        return new Trade(current.positionId(), current.symbol(), current.side(), status(current.quantity(), exitQuantity),
                current.quantity(), current.entryPrice(), current.entryFee(), current.entryTime(),
                exitQuantity, exitPrice, current.exitFee().add(fill.fee()), fill.tsEvent(), fill.purpose().name(),
                realized, Objects.requireNonNullElse(current.feeAsset(), fill.feeAsset()));
    }

    private static TradeStatus status(BigDecimal entered, BigDecimal exited) {
        if (exited.signum() == 0) {
            return TradeStatus.OPEN;
        }
        return entered == null || exited.compareTo(entered) >= 0 ? TradeStatus.CLOSED : TradeStatus.OPEN;
    }

    private static BigDecimal average(BigDecimal p1, BigDecimal q1, BigDecimal p2, BigDecimal q2) {
        return p1.multiply(q1).add(p2.multiply(q2)).divide(q1.add(q2), PRICE);
    }
}
