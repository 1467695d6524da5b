package dev.sextant.backtest.report;

import dev.sextant.performance.EquitySample;
import dev.sextant.performance.PerformanceCalculator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code equity.csv}: first {@code #} lines with the run info ({@code # key: value} for strategy,
 * parameters, symbols, interval, data range, data sources, costs, code version, model id), then the header
 * {@value #HEADER} and one row per equity sample. {@code drawdown} is the fall below the running peak as a positive
 * fraction; equity is a plain decimal string; times are ISO-8601 UTC.
 */
public final class EquityCsv {

    public static final String HEADER = "time,equity,inMarket,drawdown";

    private EquityCsv() {
    }

    public static void write(BacktestResult result, Path file) throws IOException {
        double[] drawdowns = PerformanceCalculator.drawdowns(result.equity());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(Csv.runComments(result.run()));
            out.write(HEADER + "\n");
            int i = 0;
            for (EquitySample s : result.equity()) {
                out.write(Csv.row(s.time().toString(), Csv.plain(s.equity()), Boolean.toString(s.inMarket()),
                        Csv.plain(drawdowns[i++])));
            }
        }
    }
}
