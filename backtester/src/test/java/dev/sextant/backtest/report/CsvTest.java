package dev.sextant.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.performance.EquitySample;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.performance.TradeRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private static List<String> comments(List<String> lines) {
        return lines.stream().takeWhile(l -> l.startsWith("#")).toList();
    }

    @Test
    void tradesCsvHasTheRunInfoTheHeaderAndOneRowPerTrade() throws IOException {
        BacktestResult result = BacktestFixture.builder().build();
        Path file = dir.resolve("trades.csv");
        TradesCsv.write(result, file);
        List<String> lines = Files.readAllLines(file);

        List<String> comments = comments(lines);
        assertThat(comments).contains(
                "# strategy: momentum-lgbm",
                "# parameters: entryThreshold=0.58; exitThreshold=0.45; horizonBars=12",
                "# symbols: BTCUSDT ETHUSDT",
                "# interval: 1h",
                "# data range: 2023-12-20T00:00:00Z to 2024-01-04T00:00:00Z",
                "# code version: perf@0a1b2c3",
                "# model id: lgbm-btc-eth-2024-01-15");
        assertThat(comments).anySatisfy(l -> assertThat(l).startsWith("# costs: initialEquity=10000; feeRate=0.001"));
        assertThat(comments).anySatisfy(l -> assertThat(l).startsWith("# data sources: data/market/BTCUSDT-1h.csv"));
        assertThat(lines.get(comments.size())).isEqualTo(
                "symbol,side,entryTime,entryPrice,exitTime,exitPrice,quantity,fees,netPnl,exitReason,holdHours");
        List<String> rows = lines.subList(comments.size() + 1, lines.size());
        assertThat(rows).hasSize(result.trades().size()).hasSize(10);
        for (int i = 0; i < rows.size(); i++) {
            TradeRecord t = result.trades().get(i);
            String[] f = rows.get(i).split(",", -1);
            assertThat(f).hasSize(11);
            assertThat(f[0]).isEqualTo(t.symbol());
            assertThat(f[1]).isEqualTo(t.side());
            assertThat(f[2]).isEqualTo(t.entryTime().toString()).endsWith("Z");
            assertThat(f[3]).isEqualTo(t.entryPrice().toPlainString());
            assertThat(f[4]).isEqualTo(t.exitTime().toString());
            assertThat(f[5]).isEqualTo(t.exitPrice().toPlainString());
            assertThat(f[6]).isEqualTo(t.quantity().toPlainString());
            assertThat(f[7]).isEqualTo(t.fees().toPlainString());
            assertThat(f[8]).isEqualTo(t.netPnl().toPlainString());
            assertThat(f[9]).isEqualTo(t.exitReason());
            assertThat(Double.parseDouble(f[10])).isEqualTo(t.holdingTime().toMinutes() / 60.0);
        }
        assertThat(rows.get(0)).startsWith("BTCUSDT,LONG,2023-12-20T06:00:00Z,");
    }

    @Test
    void fieldsWithCommasOrQuotesAreQuotedAndCommentsStayOneLine() throws IOException {
        BacktestResult result = BacktestFixture.builder().trades(1).exitReason("SIGNAL, \"manual\"")
                .strategy("two\nlines").modelId(null).build();
        Path file = dir.resolve("trades.csv");
        TradesCsv.write(result, file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("# strategy: two lines", "# model id: none");
        assertThat(lines.get(lines.size() - 1)).endsWith(",\"SIGNAL, \"\"manual\"\"\"," + Csv.plain(
                SummaryJson.hours(result.trades().get(0).holdingTime())));
        assertThat(Csv.field("plain")).isEqualTo("plain");
        assertThat(Csv.field("a\nb")).isEqualTo("\"a\nb\"");
    }

    @Test
    void equityCsvHasOneRowPerSampleWithItsDrawdown() throws IOException {
        BacktestResult result = BacktestFixture.builder().initialEquity("1E+4").build();
        Path file = dir.resolve("equity.csv");
        EquityCsv.write(result, file);
        List<String> lines = Files.readAllLines(file);
        List<String> comments = comments(lines);
        assertThat(comments).contains("# strategy: momentum-lgbm", "# code version: perf@0a1b2c3");
        assertThat(lines.get(comments.size())).isEqualTo("time,equity,inMarket,drawdown");
        List<String> rows = lines.subList(comments.size() + 1, lines.size());
        assertThat(rows).hasSize(360);
        assertThat(rows.get(0)).isEqualTo("2023-12-20T01:00:00Z,10000,false,0");
        double[] drawdowns = PerformanceCalculator.drawdowns(result.equity());
        boolean sawDrawdown = false;
        for (int i = 0; i < rows.size(); i++) {
            EquitySample s = result.equity().get(i);
            String[] f = rows.get(i).split(",", -1);
            assertThat(f[0]).isEqualTo(s.time().toString());
            assertThat(f[1]).isEqualTo(s.equity().toPlainString());
            assertThat(f[2]).isEqualTo(Boolean.toString(s.inMarket()));
            assertThat(Double.parseDouble(f[3])).isEqualTo(drawdowns[i]);
            assertThat(f[3]).doesNotContain("E");
            sawDrawdown |= drawdowns[i] > 0;
        }
        assertThat(sawDrawdown).isTrue();
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(",true,"));
    }
}
