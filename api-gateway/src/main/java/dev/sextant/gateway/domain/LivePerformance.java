package dev.sextant.gateway.domain;

import dev.sextant.backtest.BuyAndHold;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.performance.EquitySample;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.performance.TradeRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live strategy's figures beside buy-and-hold over the same candles, computed as the backtester computes them:
 * {@link PerformanceCalculator} over an equity curve and the closed trades, and {@link BuyAndHold} (the backtester's
 * baseline) over the candles.
 *
 * <p>The gateway keeps no equity series of its own, so the curve is rebuilt the way the paper exchange marks its
 * account: one sample at each candle close time (after every symbol of that time), starting at the initial capital at
 * the first candle's open; a sample is the initial capital, plus the net P&amp;L of every trade closed by then, plus
 * each trade open at that time marked to its symbol's latest close ({@code ±quantity × (close − entry) − entry fee}).
 * The paper exchange exits a position whole, so a trade is open until its exit. Trades whose entry the gateway has
 * not seen add their P&amp;L to the curve but are left out of the trade figures.
 */
public final class LivePerformance {
    private LivePerformance() {}

    /**
     * @param symbols        the symbols of the candles, in order of first appearance
     * @param interval       their interval
     * @param start          first candle's open time: where both curves start
     * @param end            last candle's close time
     * @param candles        candles read
     * @param initialCapital the capital both curves start with
     * @param strategy       the live strategy's figures
     * @param buyAndHold     buy-and-hold's figures over the same candles, with the platform's default costs
     * @param openTrades     trades open at the end (in the curve, not in the trade figures)
     * @param tradesLeftOut  closed trades without a known entry (in the curve, not in the trade figures)
     */
    public record Result(List<String> symbols, String interval, Instant start, Instant end, long candles,
                         BigDecimal initialCapital, BacktestFigures strategy, BacktestFigures buyAndHold, long openTrades,
                         long tradesLeftOut) {}

    /**
     * @param candles the candles of the period, in open-time order, at least one
     * @param trades  the trades of the same symbols (any order)
     * @param costs   the initial capital and the costs buy-and-hold pays
     */
    public static Result compute(List<CandleClosed> candles, List<Trade> trades, Interval interval, ExecutionSettings costs) {
        if (candles.isEmpty()) {
            throw new IllegalArgumentException("no candle: nothing to measure");
        }
        Set<Symbol> seen = new LinkedHashSet<>();
        candles.forEach(c -> seen.add(c.symbol()));
        List<Symbol> symbols = List.copyOf(seen);
        List<EquitySample> equity = equity(candles, trades, costs.initialCapital());
        Instant end = equity.getLast().time();
        List<TradeRecord> closed = new ArrayList<>();
        long leftOut = 0;
        long open = 0;
        for (Trade t : trades) {
            if (t.status() != TradeStatus.CLOSED || t.exitTime() == null || t.exitTime().isAfter(end)) {
                open += t.status() == TradeStatus.OPEN ? 1 : 0;
                continue;
            }
            TradeRecord record = record(t);
            if (record == null) {
                leftOut++;
            } else {
                closed.add(record);
            }
        }
        closed.sort(Comparator.comparing(TradeRecord::exitTime));
        var strategy = PerformanceCalculator.compute(equity, closed, interval.duration());
        var hold = PerformanceCalculator.compute(BuyAndHold.run(candles, symbols, costs), List.of(), interval.duration());
        return new Result(symbols.stream().map(Symbol::value).toList(), interval.code(), equity.getFirst().time(), end,
                candles.size(), costs.initialCapital(), BacktestFigures.of(strategy), BacktestFigures.of(hold), open, leftOut);
    }

    /** The rebuilt equity curve (see the class comment). */
    public static List<EquitySample> equity(List<CandleClosed> candles, List<Trade> trades, BigDecimal initialCapital) {
        List<Trade> entered = trades.stream()
                .filter(t -> t.entryTime() != null && t.entryPrice() != null && t.quantity() != null)
                .sorted(Comparator.comparing(Trade::entryTime)).toList();
        List<Trade> exited = trades.stream()
                .filter(t -> t.status() == TradeStatus.CLOSED && t.exitTime() != null && t.realizedPnl() != null)
                .sorted(Comparator.comparing(Trade::exitTime)).toList();
        Map<Symbol, BigDecimal> lastClose = new HashMap<>();
        Set<String> closedIds = new HashSet<>();
        List<Trade> open = new ArrayList<>();
        BigDecimal realized = BigDecimal.ZERO;
        int nextEntry = 0;
        int nextExit = 0;

        List<EquitySample> equity = new ArrayList<>(candles.size() + 1);
        equity.add(new EquitySample(candles.getFirst().openTime(), initialCapital, false));
        int n = candles.size();
        for (int i = 0; i < n; i++) {
            CandleClosed c = candles.get(i);
            lastClose.put(c.symbol(), c.close());
            boolean lastOfItsTime = i + 1 == n || !candles.get(i + 1).closeTime().equals(c.closeTime());
            if (!lastOfItsTime) {
                continue;
            }
            Instant at = c.closeTime();
            while (nextEntry < entered.size() && !entered.get(nextEntry).entryTime().isAfter(at)) {
                open.add(entered.get(nextEntry++));
            }
            while (nextExit < exited.size() && !exited.get(nextExit).exitTime().isAfter(at)) {
                Trade t = exited.get(nextExit++);
                realized = realized.add(t.realizedPnl());
                closedIds.add(t.positionId());
            }
            open.removeIf(t -> closedIds.contains(t.positionId()));
            BigDecimal value = initialCapital.add(realized);
            for (Trade t : open) {
                BigDecimal mark = lastClose.getOrDefault(t.symbol(), t.entryPrice());
                BigDecimal move = mark.subtract(t.entryPrice()).multiply(t.quantity());
                value = value.add(t.side() == PositionSide.SHORT ? move.negate() : move).subtract(t.entryFee());
            }
            equity.add(new EquitySample(at, value.max(BigDecimal.ZERO), !open.isEmpty()));
        }
        return equity;
    }

    /** A closed trade as the performance statistics count it; null when its entry is unknown. */
    static TradeRecord record(Trade t) {
        if (t.entryTime() == null || t.entryPrice() == null || t.quantity() == null || t.exitPrice() == null
                || t.exitTime().isBefore(t.entryTime()) || t.realizedPnl() == null) {
            return null;
        }
        return new TradeRecord(t.symbol().value(), t.side() == PositionSide.SHORT ? TradeRecord.SHORT : TradeRecord.LONG,
                t.entryTime(), t.entryPrice(), t.exitTime(), t.exitPrice(), t.quantity(), t.entryFee().add(t.exitFee()),
                t.realizedPnl(), t.exitReason() == null ? "CLOSE" : t.exitReason());
    }
}
