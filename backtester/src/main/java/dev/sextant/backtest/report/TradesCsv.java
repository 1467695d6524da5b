package dev.sextant.backtest.report;

import dev.sextant.performance.TradeRecord;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code trades.csv}: {@code #} lines with the run info (see {@link EquityCsv}), then the header
 * {@value #HEADER} and one row per trade. Decimals are plain strings, times ISO-8601 UTC; {@code holdHours} is the
 * holding time in hours.
 */
public final class TradesCsv {

    public static final String HEADER =
            "symbol,side,entryTime,entryPrice,exitTime,exitPrice,quantity,fees,netPnl,exitReason,holdHours";

    private TradesCsv() {
    }

    public static void write(BacktestResult result, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(Csv.runComments(result.run()));
            out.write(HEADER + "\n");
            for (TradeRecord t : result.trades()) {
                out.write(Csv.row(t.symbol(), t.side(), t.entryTime().toString(), Csv.plain(t.entryPrice()),
                        t.exitTime().toString(), Csv.plain(t.exitPrice()), Csv.plain(t.quantity()), Csv.plain(t.fees()),
                        Csv.plain(t.netPnl()), t.exitReason(), Csv.plain(SummaryJson.hours(t.holdingTime()))));
            }
        }
    }
}
