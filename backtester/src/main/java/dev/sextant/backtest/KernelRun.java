package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.kernel.KernelListener;
import dev.sextant.kernel.Strategy;
import dev.sextant.kernel.TradingKernel;
import dev.sextant.performance.EquitySample;
import dev.sextant.performance.TradeRecord;
import dev.sextant.risk.domain.RiskEngine;
import dev.sextant.risk.domain.RiskLimits;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One pass of candles through a fresh {@link TradingKernel}: the strategy's equity curve (one
 * sample per candle close time, after every symbol of that time), its closed trades, and counts.
 * The risk engine and the paper exchange start with the same capital, the exchange's.
 */
public final class KernelRun {
    /** tsInit of every event: fixed, so the same run writes the same events. */
    public static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    /** What a run produced. */
    public record Outcome(List<EquitySample> equity, List<TradeRecord> trades, long candles, long decisions,
                          long approvals, List<String> stateChanges, long nanos) {
        public double candlesPerSecond() {
            return nanos == 0 ? 0 : candles * 1e9 / nanos;
        }
    }

    private KernelRun() {}

    /** Runs {@code candles} (open-time order) through {@code strategy} with these limits and costs (default models). */
    public static Outcome run(List<CandleClosed> candles, Strategy strategy, RiskLimits limits, ExecutionSettings costs) {
        return run(candles, strategy, limits, costs, KernelListener.NONE, n -> { });
    }

    /** Runs {@code candles} (open-time order) through {@code strategy} with these limits, costs and execution models. */
    public static Outcome run(List<CandleClosed> candles, Strategy strategy, RiskLimits limits, ExecutionSettings costs,
                              ExecutionModels models) {
        return run(candles, strategy, limits, costs, models, KernelListener.NONE, n -> { });
    }

    /**
     * As {@link #run(List, Strategy, RiskLimits, ExecutionSettings)}, also handing every kernel event
     * to {@code events} and the number of candles done to {@code progress} every 4,096 candles.
     */
    public static Outcome run(List<CandleClosed> candles, Strategy strategy, RiskLimits limits, ExecutionSettings costs,
                              KernelListener events, LongConsumer progress) {
        return run(candles, strategy, limits, costs, ExecutionModels.defaults(costs), events, progress);
    }

    /**
     * As {@link #run(List, Strategy, RiskLimits, ExecutionSettings, KernelListener, LongConsumer)}, the paper
     * exchange filling with {@code models}.
     */
    public static Outcome run(List<CandleClosed> candles, Strategy strategy, RiskLimits limits, ExecutionSettings costs,
                              ExecutionModels models, KernelListener events, LongConsumer progress) {
        Recorder recorder = new Recorder(events);
        RiskEngine risk = new RiskEngine(limits, costs.initialCapital(), TradingState.RUNNING, CLOCK);
        PaperExchange exchange = new PaperExchange(costs, models, CLOCK);
        TradingKernel kernel = new TradingKernel(strategy, risk, exchange, CLOCK, recorder);
        List<EquitySample> equity = new ArrayList<>(candles.size() + 1);
        if (!candles.isEmpty()) {
            // The starting point: the capital before the first candle, so every run's curve begins at it.
            equity.add(new EquitySample(candles.getFirst().openTime(), costs.initialCapital(), false));
        }
        long start = System.nanoTime();
        int n = candles.size();
        for (int i = 0; i < n; i++) {
            CandleClosed candle = candles.get(i);
            kernel.onCandle(candle);
            boolean lastOfItsTime = i + 1 == n || !candles.get(i + 1).closeTime().equals(candle.closeTime());
            if (lastOfItsTime && recorder.equity != null) {
                equity.add(new EquitySample(candle.closeTime(), recorder.equity, exchange.hasOpenPositions()));
            }
            if ((i & 4095) == 4095) {
                progress.accept(i + 1L);
            }
        }
        long nanos = System.nanoTime() - start;
        progress.accept(n);
        return new Outcome(equity, recorder.trades, kernel.candles(), recorder.decisions, recorder.approvals,
                recorder.stateChanges, nanos);
    }

    /** The closed trade as the performance statistics count it. */
    static TradeRecord record(ClosedTrade t) {
        return new TradeRecord(t.symbol().value(), t.side() == PositionSide.SHORT ? TradeRecord.SHORT : TradeRecord.LONG,
                t.entryTime(), t.entryPrice(), t.exitTime(), t.exitPrice(), t.quantity(), t.entryFee().add(t.exitFee()),
                t.netPnl(), t.exitReason().name());
    }

    private static final class Recorder implements KernelListener {
        final KernelListener downstream;
        final List<TradeRecord> trades = new ArrayList<>();
        final List<String> stateChanges = new ArrayList<>();
        BigDecimal equity;
        long decisions;
        long approvals;

        Recorder(KernelListener downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onEvent(Event event) {
            if (event instanceof RiskDecisionMade d) {
                decisions++;
                if (d.approved()) {
                    approvals++;
                }
            } else if (event instanceof TradingStateChanged s) {
                stateChanges.add(s.tsEvent() + " " + s.previous() + " -> " + s.state() + ": " + s.reason());
            }
            downstream.onEvent(event);
        }

        @Override
        public void onTrade(ClosedTrade trade) {
            trades.add(record(trade));
            downstream.onTrade(trade);
        }

        @Override
        public void onEquity(EquityPoint point) {
            equity = point.equity();
            downstream.onEquity(point);
        }
    }
}
