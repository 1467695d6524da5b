package dev.sextant.backtest;

import dev.sextant.backtest.search.Market;
import dev.sextant.backtest.search.Parallel;
import dev.sextant.backtest.search.ParameterSearch;
import dev.sextant.backtest.search.SearchOutputs;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./sextant backtest search ...}: a grid or random search over the risk settings and the
 * strategy, every combination run on the same candles (loaded once) in parallel, ranked. The ranking
 * is in-sample; {@link WalkForwardCommand} gives out-of-sample figures.
 */
@Command(name = "backtest search", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = {"backtest search --data=SYMBOL[,...] --from=DAY --to=DAY",
                "         --param=NAME=VALUES... --out=DIR [OPTIONS]"},
        description = {"Runs every combination of --param values (a grid, or --random N draws) over the range and ranks them."
                + " The ranking is IN-SAMPLE (scored on the candles it is chosen on); `backtest walkforward` gives"
                + " out-of-sample figures.",
                "Writes search.csv (one row per combination, every figure) and search.json (the ranking, the configuration).", ""},
        footer = {"", "Examples:",
                "  backtest search --data BTCUSDT --from 2023-01-01 --to 2024-01-01 \\",
                "    --strategy ema-trend --param confidence-threshold=0.5,0.55 \\",
                "    --param stop-atr-multiple=1.5..3:0.5 --out backtests/search1",
                "  backtest search --data BTCUSDT --from 2023-01-01 --to 2024-01-01 \\",
                "    --param strategy=ema-trend,always-long --param risk-per-trade=0.005..0.03 \\",
                "    --random 40 --seed 7 --rank calmar --out backtests/search2"})
public final class SearchCommand implements Callable<Integer> {
    public static final String NAME = "search";

    @Mixin
    SearchOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code backtest search ARGS}; returns the exit code (0 done, 2 bad input, 1 failure). */
    public static int execute(String... args) {
        return BacktestCommand.configure(new CommandLine(new SearchCommand()), "backtest search").execute(args);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        SearchSetup setup = new SearchSetup(options);
        MarketData.Loaded loaded = setup.load(setup.sources(), setup.from, err);
        Market market = setup.market(loaded);

        long started = System.nanoTime();
        List<ParameterSearch.Row> rows;
        try (Parallel parallel = new Parallel(setup.threads, new Parallel.Progress(err, quiet()))) {
            rows = ParameterSearch.run(market, setup.combinations, setup.strategies, setup.costs, parallel);
        }
        long nanos = System.nanoTime() - started;
        List<ParameterSearch.Row> ranked = ParameterSearch.rank(rows, setup.rank);
        var hold = BuyAndHold.run(market.candles(), market.symbols(), setup.costs);
        Performance buyAndHold = PerformanceCalculator.compute(hold, List.of(), market.bar());

        setup.createOut();
        SearchOutputs.writeSearch(setup.out(), setup.config(NAME, loaded, market.candles().size()),
                setup.execution(rows.size(), nanos), setup.rank, ranked, buyAndHold);
        out.printf("Parameter search (%s): %d combinations on %s %s, %s to %s, ranked by %s; %d runs on %d threads in %.1f s%n",
                options.random == null ? "grid" : "random, seed " + options.seed, rows.size(),
                String.join(",", loaded.symbols().stream().map(Object::toString).toList()), setup.interval.code(),
                setup.from, setup.to, setup.rank.key(), rows.size(), setup.threads, nanos / 1e9);
        SearchOutputs.printSearch(out, setup.rank, ranked, buyAndHold, options.top);
        out.printf("wrote %s/{search.csv,search.json}%n", setup.out());
        out.flush();
        return 0;
    }

    private boolean quiet() {
        return options.quiet || System.console() == null && System.getenv("SEXTANT_PROGRESS") == null;
    }
}
