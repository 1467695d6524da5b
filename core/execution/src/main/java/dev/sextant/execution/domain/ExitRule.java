package dev.sextant.execution.domain;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.OrderPurpose;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Stop-loss and take-profit against one candle's range. For a long: {@code low <= stop} exits at
 * {@code min(open, stop)} (a candle that opens below the stop gapped through it and exits at its
 * open); otherwise {@code high >= takeProfit} exits at {@code max(open, takeProfit)}. A short is the
 * mirror image. When one candle touches both levels the stop wins: a candle does not say which came
 * first, so the paper exchange assumes the worse one. Exits fill at these prices without slippage.
 */
public final class ExitRule {
    private ExitRule() {}

    /** The exit {@code candle} triggers for {@code position}, if any. */
    public static Optional<Exit> check(Position position, CandleClosed candle) {
        BigDecimal open = candle.open();
        BigDecimal stop = position.stopLoss();
        BigDecimal target = position.takeProfit();
        if (position.direction() > 0) {
            if (candle.low().compareTo(stop) <= 0) {
                return Optional.of(new Exit(OrderPurpose.STOP_LOSS, Scales.price(open.min(stop))));
            }
            if (candle.high().compareTo(target) >= 0) {
                return Optional.of(new Exit(OrderPurpose.TAKE_PROFIT, Scales.price(open.max(target))));
            }
        } else {
            if (candle.high().compareTo(stop) >= 0) {
                return Optional.of(new Exit(OrderPurpose.STOP_LOSS, Scales.price(open.max(stop))));
            }
            if (candle.low().compareTo(target) <= 0) {
                return Optional.of(new Exit(OrderPurpose.TAKE_PROFIT, Scales.price(open.min(target))));
            }
        }
        return Optional.empty();
    }

    /**
     * The stop-loss check of the candle an entry filled on inside its range (at {@code fillMarket}, the
     * market price of the fill before slippage, see {@link FillPrices#TYPICAL}): the candle does not
     * say whether its extremes came before or after the fill, so the worse is assumed. A long whose
     * stop is within the candle's range ({@code low <= stop}) is stopped out at {@code min(stop, fillMarket)}
     * (at the fill's market price when that is already below the stop); a short is the mirror image.
     * The take-profit is not checked on that candle (it may have been touched before the fill).
     */
    public static Optional<Exit> checkStopAfterFill(Position position, CandleClosed candle, BigDecimal fillMarket) {
        BigDecimal stop = position.stopLoss();
        if (position.direction() > 0) {
            if (candle.low().compareTo(stop) <= 0) {
                return Optional.of(new Exit(OrderPurpose.STOP_LOSS, Scales.price(fillMarket.min(stop))));
            }
        } else if (candle.high().compareTo(stop) >= 0) {
            return Optional.of(new Exit(OrderPurpose.STOP_LOSS, Scales.price(fillMarket.max(stop))));
        }
        return Optional.empty();
    }

    /** Which protective exit fired and the price it fills at. */
    public record Exit(OrderPurpose reason, BigDecimal price) {}
}
