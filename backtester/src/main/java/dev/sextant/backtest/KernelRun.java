package dev.sextant.backtest;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.ClosedTrade;
import dev.sextant.execution.domain.EquityPoint;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.execution.domain.Position;
import dev.sextant.execution.domain.Scales;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One pass of candles through a fresh {@link TradingKernel}: the strategy's equity curve (one
 * sample per candle close time, after every symbol of that time), its closed trades, and counts.
 * The risk engine and the paper exchange start with the same capital, the exchange's.
 */
public final class KernelRun {
    /** tsInit of every event: fixed, so the same run writes the same events. */
    public static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    /** Exit reason of a position closed because its window ended ({@link #window}). */
    public static final String WINDOW_END = "WINDOW_END";

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
        return run(candles, null, false, strategy, limits, costs, models, events, progress);
    }

    /**
     * A run over a window that starts at {@code tradeFrom}. The candles before it only warm up: they go
     * through the whole kernel (execution marks, the feature engines advance, the strategy sees the
     * vectors) but every prediction of a candle opening before {@code tradeFrom} is dropped, so no
     * decision, order or fill exists before the window; the equity curve starts at the capital at
     * {@code tradeFrom} (the first window candle's open). With {@code closeAtEnd}, a position still open
     * after the last candle is sold (bought back) at that candle's close with slippage and the taker
     * fee, like a market order of the paper venue: it becomes a trade with exit reason
     * {@value #WINDOW_END} and the last equity sample is what the account holds in cash. The caller
     * passes the warm-up candles and the window's candles only (e.g. a {@code subList}), so nothing after
     * the window can reach the run.
     *
     * @throws IllegalArgumentException when no candle opens at or after {@code tradeFrom}
     */
    public static Outcome window(List<CandleClosed> candles, Instant tradeFrom, boolean closeAtEnd, Strategy strategy,
                                 RiskLimits limits, ExecutionSettings costs) {
        return window(candles, tradeFrom, closeAtEnd, strategy, limits, costs, ExecutionModels.defaults(costs));
    }

    /** As {@link #window(List, Instant, boolean, Strategy, RiskLimits, ExecutionSettings)} with these execution models. */
    public static Outcome window(List<CandleClosed> candles, Instant tradeFrom, boolean closeAtEnd, Strategy strategy,
                                 RiskLimits limits, ExecutionSettings costs, ExecutionModels models) {
        return run(candles, tradeFrom, closeAtEnd, strategy, limits, costs, models, KernelListener.NONE, n -> { });
    }

    private static Outcome run(List<CandleClosed> candles, Instant tradeFrom, boolean closeAtEnd, Strategy strategy,
                               RiskLimits limits, ExecutionSettings costs, ExecutionModels models, KernelListener events,
                               LongConsumer progress) {
        int n = candles.size();
        int first = 0;
        if (tradeFrom != null) {
            while (first < n && candles.get(first).openTime().isBefore(tradeFrom)) {
                first++;
            }
            if (first == n) {
                throw new IllegalArgumentException("no candle opens at or after " + tradeFrom + " in the window");
            }
            strategy = new WarmUpGate(strategy, tradeFrom);
        }
        Recorder recorder = new Recorder(events);
        RiskEngine risk = new RiskEngine(limits, costs.initialCapital(), TradingState.RUNNING, CLOCK);
        PaperExchange exchange = new PaperExchange(costs, models, CLOCK);
        TradingKernel kernel = new TradingKernel(strategy, risk, exchange, CLOCK, recorder);
        List<EquitySample> equity = new ArrayList<>(n - first + 1);
        if (n > 0) {
            // The starting point: the capital before the first traded candle, so every run's curve begins at it.
            equity.add(new EquitySample(candles.get(first).openTime(), costs.initialCapital(), false));
        }
        Map<Symbol, CandleClosed> last = closeAtEnd ? new HashMap<>() : null;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CandleClosed candle = candles.get(i);
            kernel.onCandle(candle);
            if (last != null) {
                last.put(candle.symbol(), candle);
            }
            boolean lastOfItsTime = i + 1 == n || !candles.get(i + 1).closeTime().equals(candle.closeTime());
            if (i >= first && lastOfItsTime && recorder.equity != null) {
                equity.add(new EquitySample(candle.closeTime(), recorder.equity, exchange.hasOpenPositions()));
            }
            if ((i & 4095) == 4095) {
                progress.accept(i + 1L);
            }
        }
        if (closeAtEnd && n > 0 && exchange.hasOpenPositions()) {
            closeOpenPositions(exchange, last, models, recorder.trades, equity);
        }
        long nanos = System.nanoTime() - start;
        progress.accept(n);
        return new Outcome(equity, recorder.trades, kernel.candles(), recorder.decisions, recorder.approvals,
                recorder.stateChanges, nanos);
    }

    /**
     * Sells (buys back) every open position at its symbol's last close with the run's slippage and fee
     * models, like a market close of the paper venue: one trade per position, in symbol order, and the
     * last equity sample lowered by the exit costs.
     */
    private static void closeOpenPositions(PaperExchange exchange, Map<Symbol, CandleClosed> last, ExecutionModels models,
                                           List<TradeRecord> trades, List<EquitySample> equity) {
        List<Position> open = new ArrayList<>(exchange.openPositions());
        open.sort(Comparator.comparing(p -> p.symbol().value()));
        BigDecimal change = BigDecimal.ZERO;
        for (Position p : open) {
            CandleClosed mark = last.get(p.symbol());
            Side exitSide = p.direction() > 0 ? Side.SELL : Side.BUY;
            BigDecimal price = models.slippage().fillPrice(exitSide, mark.close(), p.quantity(), mark.volume());
            BigDecimal fee = models.fees().fee(OrderPurpose.CLOSE, price, p.quantity());
            BigDecimal gross = Scales.quote(price.subtract(p.entryPrice()).multiply(p.quantity())
                    .multiply(BigDecimal.valueOf(p.direction())));
            BigDecimal net = Scales.quote(gross.subtract(p.entryFee()).subtract(fee));
            Instant exitTime = mark.closeTime().isBefore(p.openedAt()) ? p.openedAt() : mark.closeTime();
            trades.add(new TradeRecord(p.symbol().value(), p.side() == PositionSide.SHORT ? TradeRecord.SHORT : TradeRecord.LONG,
                    p.openedAt(), p.entryPrice(), exitTime, price, p.quantity(), p.entryFee().add(fee), net, WINDOW_END));
            // The marked equity counted the position at the close; the sale gets the price after slippage, less the fee.
            change = change.add(Scales.quote(p.signedQuantity().multiply(price.subtract(Scales.price(mark.close())))))
                    .subtract(fee);
        }
        EquitySample lastSample = equity.removeLast();
        BigDecimal cash = lastSample.equity().add(change);
        equity.add(new EquitySample(lastSample.time(), cash.signum() < 0 ? BigDecimal.ZERO : cash, lastSample.inMarket()));
    }

    /** Drops the predictions of candles opening before the window: the strategy warms up but cannot trade. */
    private record WarmUpGate(Strategy inner, Instant tradeFrom) implements Strategy {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String modelId() {
            return inner.modelId();
        }

        @Override
        public Optional<PredictionMade> signal(FeaturesComputed features) {
            Optional<PredictionMade> prediction = inner.signal(features);
            return features.candleOpenTime().isBefore(tradeFrom) ? Optional.empty() : prediction;
        }
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
