package dev.sextant.backtest;

import dev.sextant.backtest.report.BacktestResult;
import dev.sextant.backtest.report.BaselineResult;
import dev.sextant.backtest.report.PriceBar;
import dev.sextant.backtest.report.RunInfo;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionModels;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.FillPriceRule;
import dev.sextant.execution.domain.ProportionalSlippage;
import dev.sextant.kernel.ModelStrategy;
import dev.sextant.kernel.RuleStrategy;
import dev.sextant.kernel.Strategy;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.risk.domain.RiskLimits;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * One backtest: the strategy through the kernel, and on the same candles and costs the two
 * baselines, buy-and-hold ({@link BuyAndHold}) and always-long with the same exits (the kernel with
 * {@link RuleStrategy#alwaysLong}), with the figures of each.
 */
public final class Backtester {
    /** Price charts are drawn from at most this many bars per symbol (longer series are merged into coarser bars). */
    static final int MAX_CHART_BARS = 4000;

    /**
     * What to run: the strategy, its risk settings, the costs and the execution models the paper exchange
     * fills with; {@code batchScoring}: a model scores the replay's vectors in batches ({@link BatchScoredModel},
     * the same results, faster), else one vector at a time as prediction-service does.
     */
    public record Request(String strategy, Path modelDir, Map<String, String> riskSettings, ExecutionSettings costs,
                          ExecutionModels models, String codeVersion, boolean batchScoring) {
        public Request {
            riskSettings = Map.copyOf(new TreeMap<>(riskSettings));
            models = models.checkAgainst(costs);
        }

        /** A request scoring in batches. */
        public Request(String strategy, Path modelDir, Map<String, String> riskSettings, ExecutionSettings costs,
                       ExecutionModels models, String codeVersion) {
            this(strategy, modelDir, riskSettings, costs, models, codeVersion, true);
        }

        /** A request with the default execution models of {@code costs}, scoring in batches. */
        public Request(String strategy, Path modelDir, Map<String, String> riskSettings, ExecutionSettings costs,
                       String codeVersion) {
            this(strategy, modelDir, riskSettings, costs, ExecutionModels.defaults(costs), codeVersion, true);
        }

        /** The risk limits: the defaults with {@code riskSettings} applied (IllegalArgumentException naming a bad one). */
        public RiskLimits limits() {
            return RiskLimits.defaults().withOverrides(riskSettings);
        }
    }

    private Backtester() {}

    /** Runs {@code request} on {@code data}; {@code progress} hears the strategy pass's candles done. */
    public static BacktestResult run(MarketData.Loaded data, Interval interval, Instant from, Instant to, Request request,
                                     LongConsumer progress) {
        return run(data, interval, from, to, request, progress, n -> { });
    }

    /**
     * As {@link #run(MarketData.Loaded, Interval, Instant, Instant, Request, LongConsumer)}; {@code alwaysLongProgress}
     * hears the candles done of the second kernel pass, the always-long baseline, which runs after the strategy's and
     * takes about as long (buy-and-hold between them is one quick loop).
     */
    public static BacktestResult run(MarketData.Loaded data, Interval interval, Instant from, Instant to, Request request,
                                     LongConsumer progress, LongConsumer alwaysLongProgress) {
        RiskLimits limits = request.limits();
        Strategy strategy = Strategies.create(request.strategy(), request.modelDir(), interval, KernelRun.CLOCK,
                request.batchScoring() ? data.candles() : null);
        try {
            return run(data, interval, from, to, request, limits, strategy, progress, alwaysLongProgress);
        } finally {
            if (strategy instanceof ModelStrategy model) {
                model.close(); // the model's native session: a host may run many backtests in one process
            }
        }
    }

    private static BacktestResult run(MarketData.Loaded data, Interval interval, Instant from, Instant to, Request request,
                                      RiskLimits limits, Strategy strategy, LongConsumer progress,
                                      LongConsumer alwaysLongProgress) {
        KernelRun.Outcome outcome = KernelRun.run(data.candles(), strategy, limits, request.costs(), request.models(),
                dev.sextant.kernel.KernelListener.NONE, progress);
        Duration bar = interval.duration();
        Performance performance = PerformanceCalculator.compute(outcome.equity(), outcome.trades(), bar);

        Map<String, BaselineResult> baselines = new LinkedHashMap<>();
        var hold = BuyAndHold.run(data.candles(), data.symbols(), request.costs(), request.models());
        baselines.put(BaselineResult.BUY_AND_HOLD, new BaselineResult(BaselineResult.BUY_AND_HOLD,
                "buy at the first open, hold to the end (equal split between symbols, net of slippage and fees both ways)",
                PerformanceCalculator.compute(hold, List.of(), bar), hold));
        KernelRun.Outcome always = KernelRun.run(data.candles(), RuleStrategy.alwaysLong(KernelRun.CLOCK), limits, request.costs(),
                request.models(), dev.sextant.kernel.KernelListener.NONE, alwaysLongProgress);
        baselines.put(BaselineResult.ALWAYS_LONG, new BaselineResult(BaselineResult.ALWAYS_LONG,
                "enter long whenever flat, with the same sizing, stops, take-profits and costs",
                PerformanceCalculator.compute(always.equity(), always.trades(), bar), always.equity()));

        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("strategy", strategy.name());
        parameters.putAll(request.riskSettings());
        RunInfo info = new RunInfo(strategy.name(), parameters, data.symbols().stream().map(Object::toString).toList(),
                interval.code(), from, to, data.sources(), request.codeVersion(),
                strategy instanceof ModelStrategy ? strategy.modelId() : null, costs(request.costs(), request.models(), limits),
                outcome.candles(), outcome.candlesPerSecond());
        return new BacktestResult(info, performance, outcome.equity(), outcome.trades(), prices(data.candles(), interval),
                baselines);
    }

    /** The cost and sizing settings as they were used, for every output. */
    static Map<String, String> costs(ExecutionSettings costs, RiskLimits limits) {
        return costs(costs, ExecutionModels.defaults(costs), limits);
    }

    /** The cost settings, execution models and sizing settings as they were used, for every output. */
    static Map<String, String> costs(ExecutionSettings costs, ExecutionModels models, RiskLimits limits) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("initial-capital", costs.initialCapital().toPlainString() + " " + costs.feeAsset());
        out.put("slippage", costs.slippage().toPlainString());
        out.put("taker-fee", costs.takerFeeRate().toPlainString());
        out.putAll(models.describe());
        out.put("entry-fill", entryFill(models));
        out.put("exit-fill", exitFill(models.fillPrice()));
        for (RecordComponent component : RiskLimits.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(limits);
                out.put("risk." + component.getName(), value instanceof java.math.BigDecimal b ? b.toPlainString() : String.valueOf(value));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The entry fill rule in words, e.g. "next candle's open × (1 + slippage)" (the default's words, unchanged). */
    static String entryFill(ExecutionModels models) {
        int latency = models.latency().candles();
        String candle = latency == 1 ? "next candle's" : ordinal(latency) + " candle after the decision's";
        String where = switch (models.fillPrice().spec()) {
            case "next-close" -> " close";
            case "typical" -> " typical price (high + low + close) / 3";
            default -> " open";
        };
        return candle + where + (models.slippage() instanceof ProportionalSlippage ? " × (1 + slippage)"
                : " with " + models.slippage().spec() + " slippage");
    }

    static String exitFill(FillPriceRule rule) {
        String base = "stop-loss or take-profit level (the open when gapped through), stop first when both touched";
        return switch (rule.fillCandleCheck()) {
            case WHOLE_CANDLE -> base;
            case NONE -> base + "; the fill candle is not checked (filled at its close)";
            case STOP_ONLY -> base + "; on the fill candle the stop only (at the stop, or the fill's price if beyond it)";
        };
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** Per symbol, its candles as chart bars, merged into coarser bars when there are more than {@link #MAX_CHART_BARS}. */
    static Map<String, List<PriceBar>> prices(List<CandleClosed> candles, Interval interval) {
        Map<String, List<CandleClosed>> bySymbol = new LinkedHashMap<>();
        for (CandleClosed c : candles) {
            bySymbol.computeIfAbsent(c.symbol().value(), s -> new ArrayList<>()).add(c);
        }
        Map<String, List<PriceBar>> prices = new LinkedHashMap<>();
        bySymbol.forEach((symbol, series) -> {
            int per = Math.max(1, (series.size() + MAX_CHART_BARS - 1) / MAX_CHART_BARS);
            List<PriceBar> bars = new ArrayList<>(series.size() / per + 1);
            for (int i = 0; i < series.size(); i += per) {
                CandleClosed first = series.get(i);
                double high = Double.NEGATIVE_INFINITY;
                double low = Double.POSITIVE_INFINITY;
                CandleClosed last = first;
                for (int j = i; j < Math.min(series.size(), i + per); j++) {
                    last = series.get(j);
                    high = Math.max(high, last.high().doubleValue());
                    low = Math.min(low, last.low().doubleValue());
                }
                bars.add(new PriceBar(first.openTime(), first.open().doubleValue(), high, low, last.close().doubleValue()));
            }
            prices.put(symbol, bars);
        });
        return prices;
    }
}
