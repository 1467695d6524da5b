package dev.sextant.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line on the bundled real candles: outputs, figures and the refusal of bad input. */
class BacktestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new BacktestCommand());
        cli.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("backtest: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void twoSymbolsOfRealCandlesGiveEveryOutputWithTheFiguresAndTheBaselines(@TempDir Path dir) throws IOException {
        Run run = run("--data", "BTCUSDT,ETHUSDT", "--interval", "1h", "--from", "2024-01-01", "--to", "2024-04-01",
                "--strategy", "always-long", "--out", dir.toString(), "--code-version", "test", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(dir.resolve("trades.csv")).isNotEmptyFile();
        assertThat(dir.resolve("equity.csv")).isNotEmptyFile();

        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        for (String key : List.of("trades", "totalReturn", "cagr", "sharpe", "sortino", "maxDrawdown", "winRate", "profitFactor",
                "feesPaid", "candlesPerSecond")) {
            assertThat(summary.has(key)).as(key).isTrue();
        }
        assertThat(summary.get("trades").asInt()).isGreaterThan(5);
        assertThat(summary.get("feesPaid").asDouble()).isPositive();
        assertThat(summary.get("candlesPerSecond").asDouble()).isPositive();
        assertThat(summary.get("maxDrawdown").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.at("/baselines/buyAndHold/totalReturn").isNumber()).isTrue();
        // Always-long with the same exits is the strategy itself here: the two must agree exactly.
        assertThat(summary.at("/baselines/alwaysLong/totalReturn").asDouble()).isEqualTo(summary.get("totalReturn").asDouble());
        // 2024-01-01 → 2024-04-01: 91 days × 24 h × 2 symbols, every hour present in the bundled files.
        assertThat(summary.at("/run/candlesProcessed").asLong()).isEqualTo(91L * 24 * 2);
        assertThat(summary.at("/run/codeVersion").asText()).isEqualTo("test");
        assertThat(Files.readAllLines(dir.resolve("trades.csv")).stream().filter(l -> !l.startsWith("#")).count() - 1)
                .isEqualTo(summary.get("trades").asLong());
        assertThat(run.out()).contains("total return").contains("buy&hold");
    }

    @Test
    void theOrderOfTheDataArgumentsChangesNothing(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertThat(run("--data", "BTCUSDT,ETHUSDT", "--from", "2024-01-01", "--to", "2024-02-15", "--strategy", "always-long",
                "--out", a.toString(), "--code-version", "test", "--quiet").exit()).isZero();
        assertThat(run("--data", "ETHUSDT", "--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-02-15", "--strategy",
                "always-long", "--out", b.toString(), "--code-version", "test", "--quiet").exit()).isZero();
        for (String file : List.of("trades.csv", "equity.csv")) {
            List<String> first = Files.readAllLines(a.resolve(file)).stream().filter(l -> !l.startsWith("#")).toList();
            List<String> second = Files.readAllLines(b.resolve(file)).stream().filter(l -> !l.startsWith("#")).toList();
            assertThat(second).as(file).isEqualTo(first).hasSizeGreaterThan(2);
        }
    }

    @Test
    void theModelStrategyRunsTheBundledOnnxModelAndNamesItInTheOutputs(@TempDir Path dir) throws IOException {
        Run run = run("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-02-01", "--strategy", "model",
                "--out", dir.toString(), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.at("/run/modelId").asText()).startsWith("direction-logreg");
        assertThat(Files.readString(dir.resolve("equity.csv"))).contains("direction-logreg");
    }

    @Test
    void oneMinuteCandlesAreScoredByTheBundledOneMinuteModel(@TempDir Path dir) throws IOException {
        Run run = run("--data", "BTCUSDT,ETHUSDT", "--interval", "1m", "--from", "2023-04-20", "--to", "2023-04-21",
                "--strategy", "model", "--out", dir.toString(), "--code-version", "test", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.at("/run/modelId").asText()).startsWith("direction-logreg-1m");
        // One day of the carried 6-column 1m files: 1,440 candles per symbol, no gap that day.
        assertThat(summary.at("/run/candlesProcessed").asLong()).isEqualTo(2L * 1440);
        assertThat(summary.at("/run/interval").asText()).isEqualTo("1m");
    }

    @Test
    void theExecutionModelsAreAppliedAndWrittenIntoTheOutputs(@TempDir Path dir) throws IOException {
        String[] common = {"--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-03-01", "--strategy", "always-long",
                "--code-version", "test", "--quiet"};
        Run defaults = run(concat(common, "--out", dir.resolve("defaults").toString()));
        Run modelled = run(concat(common, "--out", dir.resolve("modelled").toString(), "--slippage-model",
                "volume:impact=0.5,cap=0.002", "--fee-model", "maker-taker:maker=0.0002", "--fill-price", "next-close",
                "--latency-candles", "2"));
        assertThat(defaults.exit()).as(defaults.err()).isZero();
        assertThat(modelled.exit()).as(modelled.err()).isZero();

        JsonNode plain = JSON.readTree(dir.resolve("defaults/summary.json").toFile()).at("/run/costs");
        assertThat(plain.get("slippage-model").asText()).isEqualTo("proportional:rate=0.0005");
        assertThat(plain.get("fee-model").asText()).isEqualTo("taker:rate=0.001");
        assertThat(plain.get("fill-price").asText()).isEqualTo("next-open");
        assertThat(plain.get("latency-candles").asText()).isEqualTo("1");
        assertThat(plain.get("entry-fill").asText()).isEqualTo("next candle's open × (1 + slippage)");

        JsonNode summary = JSON.readTree(dir.resolve("modelled/summary.json").toFile());
        JsonNode costs = summary.at("/run/costs");
        assertThat(costs.get("slippage-model").asText()).isEqualTo("volume:impact=0.5,cap=0.002");
        assertThat(costs.get("fee-model").asText()).isEqualTo("maker-taker:maker=0.0002,taker=0.001");
        assertThat(costs.get("fill-price").asText()).isEqualTo("next-close");
        assertThat(costs.get("latency-candles").asText()).isEqualTo("2");
        assertThat(costs.get("entry-fill").asText()).startsWith("2nd candle after the decision's close");
        assertThat(summary.get("trades").asInt()).isPositive();
        assertThat(summary.get("totalReturn").asDouble())
                .isNotEqualTo(JSON.readTree(dir.resolve("defaults/summary.json").toFile()).get("totalReturn").asDouble());
        assertThat(Files.readString(dir.resolve("modelled/trades.csv"))).contains("maker-taker:maker=0.0002");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aFileInBinancesKlineFormatCanBeGivenByPath(@TempDir Path dir) throws IOException {
        Path bundled = MarketData.defaultDataDir().resolve("binance_spot_BTCUSDT_1h.csv.gz");
        Path file = dir.resolve("XYZUSDT-1h-2024.csv.gz");
        Files.copy(bundled, file);
        Run run = run("--data", file.toString(), "--from", "2024-01-01", "--to", "2024-01-15", "--strategy", "ema-trend",
                "--out", dir.resolve("out").toString(), "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        assertThat(summary.at("/run/symbols/0").asText()).isEqualTo("XYZUSDT");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown symbol|--data,DOGEUSDT|no bundled 1h candles for DOGEUSDT",
        "empty range|--from,2024-02-01,--to,2024-02-01|the date range is empty",
        "range outside the data|--from,2030-01-01,--to,2030-02-01|no valid 1h candle between",
        "unknown strategy|--strategy,moon|unknown strategy 'moon': choose one of model, always-long, ema-trend",
        "bad risk setting|--set,risk-per-trade=7|risk-per-trade",
        "unknown risk setting|--set,leverage=10|leverage",
        "bad date|--from,01/02/2024|is not a date",
        "bad interval|--interval,7h|unknown --interval '7h'",
        "negative capital|--capital,-5|initial-capital",
        "unknown slippage model|--slippage-model,cubic|unknown --slippage-model 'cubic': use one of proportional, fixed, volume",
        "slippage model parameter|--slippage-model,volume:cap=0.01|--slippage-model: model volume needs impact=VALUE",
        "unknown fee model|--fee-model,tiered|unknown --fee-model 'tiered': use one of taker, maker-taker",
        "unknown fill price|--fill-price,vwap|unknown --fill-price 'vwap': use one of next-open, next-close, typical",
        "bad latency|--latency-candles,0|--latency-candles: latency must be a whole number of candles in [1, 1000]",
        "bad model scoring|--model-scoring,fast|--model-scoring must be batch or single, got 'fast'"})
    void badInputEndsWithOneSentenceSayingWhatToFix(String what, String args, String message, @TempDir Path dir) {
        List<String> base = new java.util.ArrayList<>(List.of("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-01-10",
                "--strategy", "always-long", "--out", dir.toString(), "--quiet"));
        String[] extra = args.split(",");
        for (int i = 0; i < extra.length; i += 2) {
            int at = base.indexOf(extra[i]);
            if (at >= 0) {
                base.set(at + 1, extra[i + 1]);
            } else {
                base.add(extra[i]);
                base.add(extra[i + 1]);
            }
        }
        Run run = run(base.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("summary.json")).doesNotExist();
    }

    @Test
    void aMalformedFileIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("BADUSDT-1h-2024.csv.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("this is not,a kline\nneither,is,this\n".getBytes(StandardCharsets.US_ASCII));
        }
        Run run = run("--data", file.toString(), "--from", "2024-01-01", "--to", "2024-02-01", "--strategy", "always-long",
                "--out", dir.resolve("out").toString(), "--quiet");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no valid 1h candle").contains("refused");
    }
}
