package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.FeeModel;
import dev.sextant.execution.domain.ProportionalSlippage;
import dev.sextant.execution.domain.SlippageModel;
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
 * the fee of a market entry, like a market entry of the paper venue) and is held to the end. Equity
 * is marked at every close; the last sample is net of selling everything (slippage and the fee of a
 * market close again), so the figure is what a trader would have had in cash.
 *
 * <p>With {@link ProportionalSlippage} (the default) the slippage is the factor {@code 1 ± rate};
 * another {@link SlippageModel} prices the buy at the first open for the quantity the share buys
 * before slippage (and the candle's volume), and the sale at the last close for the held quantity.
 * The fill-price rule and latency of the models do not apply: the baseline buys at the first open.
 */
public final class BuyAndHold {
    private static final MathContext MC = MathContext.DECIMAL64;

    private BuyAndHold() {}

    /** With the default execution models of {@code costs}. */
    public static List<EquitySample> run(List<CandleClosed> candles, List<Symbol> symbols, ExecutionSettings costs) {
        return run(candles, symbols, costs, ExecutionModels.defaults(costs));
    }

    public static List<EquitySample> run(List<CandleClosed> candles, List<Symbol> symbols, ExecutionSettings costs,
                                         ExecutionModels models) {
        BigDecimal share = costs.initialCapital().divide(BigDecimal.valueOf(symbols.size()), MC);
        SlippageModel slippage = models.slippage();
        FeeModel fees = models.fees();
        BigDecimal entryFeeRate = fees.rate(fees.liquidity(OrderPurpose.ENTRY));
        BigDecimal exitFeeRate = fees.rate(fees.liquidity(OrderPurpose.CLOSE));
        BigDecimal proportional = slippage instanceof ProportionalSlippage p ? p.rate() : null;
        BigDecimal buyFactor = proportional == null ? null : BigDecimal.ONE.add(proportional);
        BigDecimal sellFactor = proportional == null ? null : BigDecimal.ONE.subtract(proportional);
        BigDecimal feeFactor = BigDecimal.ONE.add(entryFeeRate);
        Map<Symbol, BigDecimal> quantity = new HashMap<>();
        Map<Symbol, CandleClosed> last = new HashMap<>();
        BigDecimal cash = costs.initialCapital();
        List<EquitySample> equity = new ArrayList<>();
        int n = candles.size();
        if (n > 0) {
            equity.add(new EquitySample(candles.getFirst().openTime(), costs.initialCapital(), false));
        }
        for (int i = 0; i < n; i++) {
            CandleClosed c = candles.get(i);
            if (!quantity.containsKey(c.symbol())) {
                BigDecimal price = buyFactor != null ? c.open().multiply(buyFactor, MC)
                        : slippage.fillPrice(Side.BUY, c.open(), share.divide(c.open(), MC), c.volume());
                BigDecimal qty = share.divide(price.multiply(feeFactor, MC), MC);
                quantity.put(c.symbol(), qty);
                cash = cash.subtract(share);
            }
            last.put(c.symbol(), c);
            boolean lastOfItsTime = i + 1 == n || !candles.get(i + 1).closeTime().equals(c.closeTime());
            if (lastOfItsTime) {
                boolean end = i + 1 == n;
                BigDecimal value = cash;
                for (Map.Entry<Symbol, BigDecimal> held : quantity.entrySet()) {
                    CandleClosed mark = last.get(held.getKey());
                    BigDecimal worth;
                    if (!end) {
                        worth = held.getValue().multiply(mark.close(), MC);
                    } else if (sellFactor != null) {
                        worth = held.getValue().multiply(mark.close(), MC).multiply(sellFactor, MC)
                                .multiply(BigDecimal.ONE.subtract(exitFeeRate), MC);
                    } else {
                        BigDecimal sold = slippage.fillPrice(Side.SELL, mark.close(), held.getValue(), mark.volume());
                        worth = held.getValue().multiply(sold, MC).multiply(BigDecimal.ONE.subtract(exitFeeRate), MC);
                    }
                    value = value.add(worth);
                }
                equity.add(new EquitySample(c.closeTime(), value.setScale(8, RoundingMode.HALF_EVEN), true));
            }
        }
        return equity;
    }
}
