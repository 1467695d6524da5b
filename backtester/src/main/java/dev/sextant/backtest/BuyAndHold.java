package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.performance.EquitySample;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The buy-and-hold baseline on the same candles and costs: the capital is split equally between the
 * symbols; each share buys its symbol at the open of the symbol's first candle (paying slippage and
 * the taker fee, like a market entry of the paper venue) and is held to the end. Equity is marked at
 * every close; the last sample is net of selling everything (slippage and fee again), so the figure
 * is what a trader would have had in cash.
 */
public final class BuyAndHold {
    private static final MathContext MC = MathContext.DECIMAL64;

    private BuyAndHold() {}

    public static List<EquitySample> run(List<CandleClosed> candles, List<Symbol> symbols, ExecutionSettings costs) {
        BigDecimal share = costs.initialCapital().divide(BigDecimal.valueOf(symbols.size()), MC);
        BigDecimal buyFactor = BigDecimal.ONE.add(costs.slippage());
        BigDecimal sellFactor = BigDecimal.ONE.subtract(costs.slippage());
        BigDecimal feeFactor = BigDecimal.ONE.add(costs.takerFeeRate());
        Map<Symbol, BigDecimal> quantity = new HashMap<>();
        Map<Symbol, BigDecimal> lastClose = new HashMap<>();
        BigDecimal cash = costs.initialCapital();
        List<EquitySample> equity = new ArrayList<>();
        int n = candles.size();
        if (n > 0) {
            equity.add(new EquitySample(candles.getFirst().openTime(), costs.initialCapital(), false));
        }
        for (int i = 0; i < n; i++) {
            CandleClosed c = candles.get(i);
            if (!quantity.containsKey(c.symbol())) {
                BigDecimal price = c.open().multiply(buyFactor, MC);
                BigDecimal qty = share.divide(price.multiply(feeFactor, MC), MC);
                quantity.put(c.symbol(), qty);
                cash = cash.subtract(share);
            }
            lastClose.put(c.symbol(), c.close());
            boolean lastOfItsTime = i + 1 == n || !candles.get(i + 1).closeTime().equals(c.closeTime());
            if (lastOfItsTime) {
                boolean last = i + 1 == n;
                BigDecimal value = cash;
                for (Map.Entry<Symbol, BigDecimal> held : quantity.entrySet()) {
                    BigDecimal mark = held.getValue().multiply(lastClose.get(held.getKey()), MC);
                    if (last) {
                        mark = mark.multiply(sellFactor, MC).multiply(BigDecimal.ONE.subtract(costs.takerFeeRate()), MC);
                    }
                    value = value.add(mark);
                }
                equity.add(new EquitySample(c.closeTime(), value.setScale(8, RoundingMode.HALF_EVEN), true));
            }
        }
        return equity;
    }
}
