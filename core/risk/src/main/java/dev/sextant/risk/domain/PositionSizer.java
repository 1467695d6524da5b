package dev.sextant.risk.domain;

import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Sizes a long entry from the risk budget (the design's worked example):
 * <pre>
 *   risk budget   = equity x risk-per-trade                          (exact)
 *   stop distance = stop-atr-multiple x ATR                          (exact)
 *   stop-loss     = close - stop distance                            (exact)
 *   take-profit   = close + reward-risk-ratio x stop distance        (exact)
 *   quantity      = round(risk budget / (stop distance x step), quantity-rounding) x step
 *   notional cap  : quantity x close x (1 + cost-headroom) <= available equity,
 *                   else quantity = floor(available / (close x (1 + cost-headroom) x step)) x step
 *   risk amount   = quantity x stop distance                         (exact)
 * </pre>
 * No leverage: the notional plus its cost headroom (the share reserved for the entry's slippage and
 * fee, so that execution can pay for the entry) never exceeds the equity not already committed to
 * open positions and pending entries. The result always carries the {@value #NAME} check, whose
 * value is {@code notional x (1 + cost-headroom)} and whose threshold is the available equity.
 */
public final class PositionSizer {
    public static final String NAME = "notional_cap";

    /** The sized intent (null when no entry can be sized) and the {@value #NAME} check. */
    public record Sizing(OrderIntent intent, RiskCheck check) {}

    /**
     * The available equity's text, and the detail of an uncapped entry, for the available-equity instance
     * they name: the account hands out the same instance until it changes (see {@link Account}), so
     * consecutive sizings share them.
     */
    private final TextMemo availableText = TextMemo.plain();
    /** The quantity step's text (the limits' instance, the same until a settings update). */
    private final TextMemo stepText = TextMemo.plain();
    private final TextMemo withinDetail = new TextMemo(available -> "notional within available equity " + available.toPlainString());

    public Sizing size(BigDecimal equity, BigDecimal availableEquity, MarketMark mark, BigDecimal step, RiskLimits limits) {
        if (mark == null || mark.atr() == null) {
            return impossible(availableEquity, "cannot size without the candle's close and atr_14");
        }
        BigDecimal close = mark.close();
        BigDecimal stopDistance = limits.stopAtrMultiple().multiply(mark.atr());
        if (stopDistance.signum() <= 0) {
            return impossible(availableEquity, "cannot size: ATR is 0, so the stop distance is 0");
        }
        BigDecimal stopLoss = close.subtract(stopDistance);
        if (stopLoss.signum() <= 0) {
            return impossible(availableEquity, "cannot size: stop-loss " + stopLoss.toPlainString() + " is not above 0");
        }
        if (equity.signum() <= 0) {
            return impossible(availableEquity, "cannot size: equity " + equity.toPlainString() + " is not positive");
        }
        BigDecimal takeProfit = close.add(limits.rewardRiskRatio().multiply(stopDistance));
        BigDecimal riskBudget = equity.multiply(limits.riskPerTrade());
        BigDecimal steps = riskBudget.divide(stopDistance.multiply(step), 0, limits.quantityRounding());
        if (steps.signum() <= 0) {
            return impossible(availableEquity, "risk budget " + riskBudget.toPlainString() + " buys less than one step of "
                    + step.toPlainString() + " at stop distance " + stopDistance.toPlainString());
        }
        BigDecimal quantity = steps.multiply(step);
        BigDecimal costFactor = BigDecimal.ONE.add(limits.costHeadroom());
        String detail;
        BigDecimal cost = quantity.multiply(close).multiply(costFactor);
        if (cost.compareTo(availableEquity) > 0) {
            BigDecimal capSteps = availableEquity.signum() <= 0 ? BigDecimal.ZERO
                    : availableEquity.divide(close.multiply(costFactor).multiply(step), 0, RoundingMode.DOWN);
            if (capSteps.signum() <= 0) {
                return new Sizing(null, new RiskCheck(NAME, false, cost, "<=", availableEquity, null,
                        "available equity " + availableText.of(availableEquity) + " buys less than one step of " + stepText.of(step)));
            }
            BigDecimal capped = capSteps.multiply(step);
            detail = "quantity capped from " + quantity.toPlainString() + " to " + capped.toPlainString()
                        + " by available equity " + availableText.of(availableEquity) + " (no leverage)";
            quantity = capped;
        } else {
            detail = withinDetail.of(availableEquity);
        }
        BigDecimal notional = quantity.multiply(close);
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, quantity, close, stopLoss, takeProfit,
                quantity.multiply(stopDistance));
        return new Sizing(intent, new RiskCheck(NAME, true, notional.multiply(costFactor), "<=", availableEquity, null, detail));
    }

    private static Sizing impossible(BigDecimal availableEquity, String detail) {
        return new Sizing(null, new RiskCheck(NAME, false, null, "<=", availableEquity, null, detail));
    }
}
