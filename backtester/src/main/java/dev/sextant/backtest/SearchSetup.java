package dev.sextant.backtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.backtest.search.Combination;
import dev.sextant.backtest.search.Market;
import dev.sextant.backtest.search.Metric;
import dev.sextant.backtest.search.ParameterSpace;
import dev.sextant.backtest.search.SearchOutputs;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.Strategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What {@code backtest search} and {@code backtest walkforward} check and prepare before any candle is
 * read: the range, the costs, the combinations (every risk setting of every combination validated),
 * the strategies (a model loaded once), the metric and the thread count. Any bad input is an
 * IllegalArgumentException with one sentence saying what to fix.
 */
final class SearchSetup {
    final SearchOptions options;
    final Interval interval;
    final Instant from;
    final Instant to;
    final ExecutionSettings costs;
    final Metric rank;
    final int threads;
    final ParameterSpace space;
    final List<Combination> combinations;
    final Map<String, Supplier<Strategy>> strategies = new LinkedHashMap<>();
    final String codeVersion;
    String modelId;

    SearchSetup(SearchOptions o) {
        this.options = o;
        interval = BacktestCommand.parseInterval(o.interval);
        from = BacktestCommand.parseTime(o.from, "--from");
        to = BacktestCommand.parseTime(o.to, "--to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the date range is empty: --to " + to + " is not after --from " + from);
        }
        ExecutionSettings defaults = ExecutionSettings.defaults();
        costs = new ExecutionSettings(o.capital == null ? defaults.initialCapital() : o.capital,
                o.slippage == null ? defaults.slippage() : o.slippage, o.takerFee == null ? defaults.takerFeeRate() : o.takerFee,
                defaults.feeAsset(), defaults.venue(), defaults.candleWindow());
        rank = Metric.parse(o.rank, "--rank");
        threads = o.threads == null ? Runtime.getRuntime().availableProcessors() : o.threads;
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (o.top < 0) {
            throw new IllegalArgumentException("--top must be 0 (all) or more, got " + o.top);
        }
        if (o.maxCombinations < 1) {
            throw new IllegalArgumentException("--max-combinations must be at least 1, got " + o.maxCombinations);
        }
        space = ParameterSpace.parse(o.params);
        for (String name : o.settings.keySet()) {
            if (space.searches(name)) {
                throw new IllegalArgumentException(name + " is given both with --set and --param: keep one");
            }
        }
        if (!space.searches(ParameterSpace.STRATEGY) && !Strategies.NAMES.contains(o.strategy)) {
            throw new IllegalArgumentException("unknown strategy '" + o.strategy + "': choose one of " + String.join(", ", Strategies.NAMES));
        }
        combinations = o.random == null
                ? space.grid(o.strategy, o.settings, o.maxCombinations)
                : space.random(o.random, o.seed, o.strategy, o.settings, o.maxCombinations);
        for (String name : new TreeSet<>(combinations.stream().map(Combination::strategy).toList())) {
            strategies.put(name, Strategies.factory(name, o.modelDir, interval, KernelRun.CLOCK));
            if (name.equals("model")) {
                modelId = strategies.get(name).get().modelId();
            }
        }
        codeVersion = o.codeVersion != null ? o.codeVersion : BacktestCommand.CodeVersion.detect();
    }

    /** The sources, resolved (IllegalArgumentException for an unknown symbol or file). */
    List<MarketData.Source> sources() {
        MarketData market = new MarketData(options.dataDir != null ? options.dataDir : MarketData.defaultDataDir());
        return options.data.stream().map(d -> market.resolve(d, interval)).toList();
    }

    /** Reads the candles of [{@code loadFrom}, {@code to}) once, warning about refused rows. */
    MarketData.Loaded load(List<MarketData.Source> sources, Instant loadFrom, PrintWriter err) {
        MarketData.Loaded loaded = MarketData.load(sources, interval, loadFrom, to);
        if (loaded.rejected() > 0) {
            err.printf("warning: %d rows refused by the candle validator, e.g. %s%n", loaded.rejected(), loaded.rejections().getFirst());
        }
        return loaded;
    }

    Market market(MarketData.Loaded loaded) {
        return new Market(loaded.candles(), loaded.symbols(), interval.duration());
    }

    void createOut() {
        try {
            Files.createDirectories(options.out);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + options.out + ": " + e.getMessage());
        }
    }

    Path out() {
        return options.out;
    }

    /** The deterministic configuration written into every output. */
    ObjectNode config(String command, MarketData.Loaded loaded, long candlesInRange) {
        ObjectNode c = SearchOutputs.config();
        c.put("command", "backtest " + command);
        c.put("mode", options.random == null ? "grid" : "random");
        if (options.random != null) {
            c.put("samples", options.random);
            c.put("seed", options.seed);
        }
        c.put("combinations", combinations.size());
        c.put("rankedBy", rank.key());
        SearchOutputs.putAll(c.putObject("parameters"), space.specs());
        if (!space.searches(ParameterSpace.STRATEGY)) {
            c.put("strategy", options.strategy);
        }
        SearchOutputs.putAll(c.putObject("fixedSettings"), new java.util.TreeMap<>(options.settings));
        ArrayNode symbols = c.putArray("symbols");
        loaded.symbols().forEach(s -> symbols.add(s.value()));
        c.put("interval", interval.code());
        c.put("from", from.toString());
        c.put("to", to.toString());
        c.put("candles", candlesInRange);
        ArrayNode sources = c.putArray("dataSources");
        loaded.sources().forEach(sources::add);
        ObjectNode costNode = c.putObject("costs");
        costNode.put("initialCapital", costs.initialCapital());
        costNode.put("slippage", costs.slippage());
        costNode.put("takerFee", costs.takerFeeRate());
        c.put("modelId", modelId);
        c.put("codeVersion", codeVersion);
        return c;
    }

    /** What depends on the machine: threads, runs, time (search.json only, never the CSV files). */
    ObjectNode execution(long runs, long nanos) {
        ObjectNode e = SearchOutputs.config();
        e.put("threads", threads);
        e.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        e.put("runs", runs);
        e.put("elapsedSeconds", Math.round(nanos / 1e6) / 1e3);
        return e;
    }
}
