package dev.sextant.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code backtest search} and {@code backtest walkforward} on the bundled real candles: outputs and bad input. */
class SearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    static Run run(Callable<Integer> command, String name, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = BacktestCommand.configure(new CommandLine(command), name);
        cli.setOut(new PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run search(String... args) {
        return run(new SearchCommand(), "backtest search", args);
    }

    static Run walkForward(String... args) {
        return run(new WalkForwardCommand(), "backtest walkforward", args);
    }

    private static List<String> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void aGridSearchWritesEveryCombinationRankedAndSaysItIsInSample(@TempDir Path dir) throws IOException {
        Run run = search("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-03-01", "--strategy", "ema-trend",
                "--param", "stop-atr-multiple=1.5..3:0.5", "--param", "reward-risk-ratio=2,3", "--rank", "totalReturn",
                "--out", dir.toString(), "--code-version", "test", "--quiet", "--threads", "2");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("IN-SAMPLE").contains("8 combinations");

        List<String> csv = rows(dir.resolve("search.csv"));
        assertThat(csv).hasSize(1 + 8);
        assertThat(csv.getFirst()).startsWith("rank,id,strategy,stop-atr-multiple,reward-risk-ratio,trades,totalReturn,cagr,sharpe");
        JsonNode json = JSON.readTree(dir.resolve("search.json").toFile());
        assertThat(json.get("inSample").asBoolean()).isTrue();
        assertThat(json.get("rankedBy").asText()).isEqualTo("totalReturn");
        assertThat(json.at("/run/codeVersion").asText()).isEqualTo("test");
        assertThat(json.at("/run/combinations").asInt()).isEqualTo(8);
        assertThat(json.at("/run/parameters/stop-atr-multiple").asText()).isEqualTo("1.5..3:0.5");
        assertThat(json.at("/execution/threads").asInt()).isEqualTo(2);
        JsonNode ranking = json.get("ranking");
        assertThat(ranking).hasSize(8);
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(ranking.get(i).at("/figures/totalReturn").asDouble())
                    .isLessThanOrEqualTo(ranking.get(i - 1).at("/figures/totalReturn").asDouble());
            assertThat(ranking.get(i).get("rank").asInt()).isEqualTo(i + 1);
        }
        assertThat(json.at("/baselines/buyAndHold/totalReturn").isNumber()).isTrue();
    }

    @Test
    void theSameSearchWritesTheSameBytesWithOneThreadAndWithTwo(@TempDir Path dir) throws IOException {
        List<String> args = List.of("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-02-15", "--param",
                "strategy=ema-trend,always-long", "--param", "risk-per-trade=0.005..0.03", "--random", "6", "--seed", "11",
                "--code-version", "test", "--quiet");
        List<String> one = new ArrayList<>(args);
        one.addAll(List.of("--threads", "1", "--out", dir.resolve("one").toString()));
        List<String> two = new ArrayList<>(args);
        two.addAll(List.of("--threads", "2", "--out", dir.resolve("two").toString()));
        assertThat(search(one.toArray(String[]::new)).exit()).isZero();
        assertThat(search(two.toArray(String[]::new)).exit()).isZero();

        assertThat(Files.readString(dir.resolve("two/search.csv"))).isEqualTo(Files.readString(dir.resolve("one/search.csv")));
        assertThat(rows(dir.resolve("one/search.csv"))).hasSize(1 + 6);
        JsonNode a = JSON.readTree(dir.resolve("one/search.json").toFile());
        JsonNode b = JSON.readTree(dir.resolve("two/search.json").toFile());
        assertThat(b.get("ranking")).isEqualTo(a.get("ranking"));
        assertThat(a.at("/run/seed").asLong()).isEqualTo(11);
    }

    @Test
    void aWalkForwardReportsOnlyTestWindowsBesideBuyAndHold(@TempDir Path dir) throws IOException {
        Run run = walkForward("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-03-31", "--train", "30d", "--test", "15d",
                "--strategy", "ema-trend", "--param", "stop-atr-multiple=2,3", "--param", "reward-risk-ratio=2,3",
                "--out", dir.toString(), "--code-version", "test", "--quiet");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("OUT-OF-SAMPLE").contains("4 windows x 4 combinations");

        JsonNode wf = JSON.readTree(dir.resolve("walkforward.json").toFile());
        JsonNode windows = wf.get("windows");
        assertThat(windows).hasSize(4);
        Instant firstTest = Instant.parse("2024-01-31T00:00:00Z");
        assertThat(windows.get(0).get("testStart").asText()).isEqualTo(firstTest.toString());
        assertThat(windows.get(3).get("testEnd").asText()).isEqualTo("2024-03-31T00:00:00Z");
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i).get("testStart").asText()).isEqualTo(windows.get(i - 1).get("testEnd").asText());
            assertThat(windows.get(i).at("/outOfSample/initialEquity").decimalValue())
                    .isEqualByComparingTo(windows.get(i - 1).at("/outOfSample/finalEquity").decimalValue());
        }
        assertThat(wf.at("/outOfSample/start").asText()).isEqualTo(firstTest.toString());
        assertThat(wf.at("/outOfSample/finalEquity").decimalValue())
                .isEqualByComparingTo(windows.get(3).at("/outOfSample/finalEquity").decimalValue());
        assertThat(wf.at("/buyAndHold/start").asText()).isEqualTo(firstTest.toString());
        assertThat(rows(dir.resolve("walkforward.csv"))).hasSize(1 + 4);

        JsonNode search = JSON.readTree(dir.resolve("search.json").toFile());
        assertThat(search.get("inSample").asBoolean()).isFalse();
        assertThat(search.get("ranking")).hasSize(4);
        int chosen = 0;
        for (JsonNode r : search.get("ranking")) {
            chosen += r.get("timesChosen").asInt();
            assertThat(r.at("/outOfSample/start").asText()).isEqualTo(firstTest.toString());
        }
        assertThat(chosen).isEqualTo(4);

        // The stitched curve in the backtest's own formats: summary.json's keys, trades only inside the test windows.
        JsonNode summary = JSON.readTree(dir.resolve("walkforward-summary.json").toFile());
        assertThat(summary.get("totalReturn").asDouble()).isEqualTo(wf.at("/outOfSample/totalReturn").asDouble());
        assertThat(summary.at("/baselines/buyAndHold/totalReturn").asDouble()).isEqualTo(wf.at("/buyAndHold/totalReturn").asDouble());
        assertThat(summary.at("/run/from").asText()).isEqualTo(firstTest.toString());
        List<String> trades = rows(dir.resolve("walkforward-trades.csv"));
        assertThat(trades.size() - 1).isEqualTo(summary.get("trades").asInt());
        int entry = List.of(trades.getFirst().split(",")).indexOf("entryTime");
        assertThat(entry).isNotNegative();
        for (String trade : trades.subList(1, trades.size())) {
            assertThat(Instant.parse(trade.split(",")[entry])).isAfter(firstTest);
        }
        assertThat(dir.resolve("walkforward-report.html")).isNotEmptyFile();
        assertThat(dir.resolve("walkforward-equity.csv")).isNotEmptyFile();
    }

    @Test
    void theBacktestEntryPointDispatchesTheSubcommands() {
        assertThat(BacktestCommand.execute("search", "--version")).isZero();
        assertThat(BacktestCommand.execute("walkforward", "--version")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty grid|--param,confidence-threshold=|has no value (an empty grid)",
        "no parameter|--param,|must be NAME=V1,V2",
        "unknown setting|--param,leverage=1;2|unknown risk setting 'leverage'",
        "impossible value|--param,risk-per-trade=0.01;7|risk-per-trade",
        "range without step|--param,stop-atr-multiple=1..3|needs a step for a grid search",
        "set and param|--set,stop-atr-multiple=2|is given both with --set and --param",
        "unknown rank|--rank,winRate|unknown --rank 'winRate': choose one of sharpe, totalReturn, calmar, profitFactor",
        "no threads|--threads,0|--threads must be at least 1",
        "unknown strategy|--param,strategy=ema-trend;moon|unknown strategy 'moon'",
        "empty range|--to,2024-01-01|the date range is empty",
        "range outside the data|--from,2030-01-01,--to,2030-02-01|no valid 1h candle between"})
    void badSearchInputEndsWithOneSentence(String what, String args, String message, @TempDir Path dir) {
        Run run = search(withArgs(List.of("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-01-20", "--strategy", "ema-trend",
                "--param", "stop-atr-multiple=2,3", "--out", dir.resolve("out").toString(), "--quiet"), args));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("backtest search: ").contains(message);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "window longer than the range|--train,60d|no test window is left",
        "bad duration|--test,2 months|is not a duration",
        "test shorter than a candle|--interval,1d,--test,12h|must each be at least one candle",
        "short warm-up|--warm-up,10|--warm-up must be at least 50",
        "unknown select|--select,luck|unknown --select 'luck'"})
    void badWalkForwardInputEndsWithOneSentence(String what, String args, String message, @TempDir Path dir) {
        Run run = walkForward(withArgs(List.of("--data", "BTCUSDT", "--from", "2024-01-01", "--to", "2024-02-01", "--train", "20d",
                "--test", "5d", "--strategy", "ema-trend", "--param", "stop-atr-multiple=2,3", "--out", dir.resolve("out").toString(),
                "--quiet"), args));
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("backtest walkforward: ").contains(message);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The base arguments with {@code extra} (OPTION,VALUE pairs; ';' stands for ',' inside a value) replacing or adding. */
    private static String[] withArgs(List<String> base, String extra) {
        List<String> args = new ArrayList<>(base);
        String[] pairs = extra.split(",", -1);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            String option = pairs[i];
            String value = pairs[i + 1].replace(';', ',');
            int at = option.equals("--param") || option.equals("--set") ? -1 : args.indexOf(option);
            if (option.equals("--param")) {
                // The extra --param replaces the base one.
                int base0 = args.indexOf("--param");
                args.remove(base0);
                args.remove(base0);
            }
            if (at >= 0) {
                args.set(at + 1, value);
            } else {
                args.add(option);
                args.add(value);
            }
        }
        return args.toArray(String[]::new);
    }
}
