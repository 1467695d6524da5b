package dev.sextant.e2e.bench;

import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackOptions;
import dev.sextant.e2e.stack.TopicTap;
import dev.sextant.replay.ReplayCommand;
import dev.sextant.testing.TestInfra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import picocli.CommandLine;

/**
 * How long the replay debugger's {@code rerun} takes for one day of 1m candles of two symbols (issue 9: ≤ 60 s),
 * see {@code benchmarks/replay-rerun/README.md}.
 *
 * <p>Starts the six services like the e2e tests ({@link Stack}) with the collector replaying {@code bench.day}'s
 * 1,440 carried 1m candles of BTCUSDT and ETHUSDT at {@code pace=max} from empty state, prediction-service scoring
 * them with the bundled 1m model ({@code models/direction-logreg-1m}) and risk-service's volatility floor lowered for
 * 1m candles ({@code min-atr-ratio} {@value #MIN_ATR_RATIO}, so the day trades), and waits until every prediction has its
 * decision and execution settled each symbol's last candle. It then runs {@code replay rerun --from <day> --to
 * <day + 1>} exactly as an operator would ({@link ReplayCommand}, with the stack's settings as {@code --set}),
 * {@code bench.rerun.repeats} times, and prints the wall time of each run beside the counts it compared and its
 * verdict. A run that does not reproduce the day exactly fails the benchmark: a fast but wrong rerun is no result.
 */
public final class RerunBenchmark {
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT"};
    static final int CANDLES_PER_DAY = 1440;
    static final String MODEL = "models/direction-logreg-1m";
    /** A volatility floor for 1m candles (the backtester trades 2023-04-20 23 times with it). */
    static final String MIN_ATR_RATIO = "0.0003";

    private RerunBenchmark() {}

    public static void main(String[] args) throws Exception {
        Instant day = Instant.parse(System.getProperty("bench.day", "2023-04-20T00:00:00Z"));
        int repeats = Integer.getInteger("bench.rerun.repeats", 3);
        String command = System.getProperty("bench.command",
                "./mvnw -B -pl e2e-tests verify -Pbench -Dbench.main=dev.sextant.e2e.bench.RerunBenchmark");
        List<String> overrides = StackOptions.overrides(System.getProperty("bench.set", ""));
        StackOptions options = StackOptions.replay(day, CANDLES_PER_DAY, "max", SYMBOLS).withInterval(Interval.M1)
                .with(Service.PREDICTION, "sextant.prediction.model.classpath-location", MODEL)
                // risk's default volatility band (ATR/price >= 0.5 %) is an hourly one: it denies every 1m candle
                // (ATR/price is about 0.05 %), and a day without trades would leave execution out of the rerun
                .with(Service.RISK, "sextant.risk.min-atr-ratio", MIN_ATR_RATIO)
                .withOverrides(overrides);

        int exit = 0;
        long t0 = System.nanoTime();
        try (Stack stack = Stack.start(options); PipelineTaps taps = new PipelineTaps(stack.infra());
             TopicTap<CandleSettled> settlements = new TopicTap<>(stack.infra(), Topics.SETTLEMENTS, CandleSettled.class)) {
            double startupS = (System.nanoTime() - t0) / 1e9;
            long replayT0 = System.nanoTime();
            stack.startReplay();
            stack.awaitReplayFinished(Duration.ofMinutes(20));
            taps.refreshAll();
            int published = taps.candles.distinct().size(); // the collector is done: every candle of the day is on the topic
            if (published == 0) {
                throw new IllegalStateException("no candle of " + day + " was replayed: choose a day of the carried 1m window");
            }
            Instant last = day.plus(Interval.M1.duration().multipliedBy(CANDLES_PER_DAY - 1));
            await("the last candle of each symbol scored, every prediction decided, and each symbol's last candle settled with its last approved decision")
                    .atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        stack.requireAlive(Service.RISK);
                        taps.refreshAll();
                        settlements.refresh();
                        int predictions = taps.predictions.distinct().size();
                        boolean lastScored = java.util.Arrays.stream(SYMBOLS).allMatch(sym -> taps.predictions.distinct().stream()
                                .anyMatch(p -> p.symbol().value().equals(sym) && p.candleOpenTime().equals(last)));
                        return lastScored && taps.signals.distinct().size() >= predictions
                                && java.util.Arrays.stream(SYMBOLS).allMatch(s -> settled(taps, settlements, s, last));
                    });
            double pipelineS = (System.nanoTime() - replayT0) / 1e9;
            int candles = taps.candles.distinct().size();
            int predictions = taps.predictions.distinct().size();
            int decisions = taps.signals.distinct().size();
            int approved = taps.approved().size();
            int fills = taps.fills.distinct().size();

            List<String> runs = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            String lastOutput = "";
            for (int i = 1; i <= repeats; i++) {
                List<String> cli = rerunArguments(stack, options, day);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine cl = ReplayCommand.commandLine();
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(err, true));
                long r0 = System.nanoTime();
                int code = cl.execute(cli.toArray(String[]::new));
                double s = (System.nanoTime() - r0) / 1e9;
                lastOutput = err + out.toString();
                if (code != 0 || !out.toString().contains("identical: the slice")) {
                    throw new IllegalStateException("rerun " + i + " did not reproduce the day (exit " + code + "):\n" + lastOutput);
                }
                seconds.add(s);
                runs.add(String.format(Locale.ROOT, "rerun %d:   %.1f s (exit %d, identical)", i, s, code));
            }

            StringBuilder report = new StringBuilder();
            report.append("\n=== Sextant replay rerun benchmark ===\n");
            report.append("command:   ").append(command).append('\n');
            report.append("when:      ").append(Instant.now()).append('\n');
            report.append("machine:   ").append(E2eLatencyBenchmark.machine()).append('\n');
            report.append("java:      ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.version")).append("; services and rerun copies: ")
                    .append(System.getProperty("e2e.jvm.flags", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"))
                    .append('\n');
            report.append(String.format(Locale.ROOT, "day:       %s, %d x 1m candles of %s (%d in all), model %s%n", day,
                    CANDLES_PER_DAY, String.join("+", SYMBOLS), candles, MODEL));
            report.append(String.format(Locale.ROOT, "stack:     ready in %.1f s; replayed and settled the day in %.1f s: "
                    + "%d predictions, %d decisions (%d approved), %d fills%n", startupS, pipelineS, predictions, decisions,
                    approved, fills));
            report.append("overrides: ").append(overrides.isEmpty() ? "none" : String.join(", ", overrides)).append('\n');
            runs.forEach(r -> report.append(r).append('\n'));
            report.append(String.format(Locale.ROOT, "result:    best %.1f s, worst %.1f s for one day of 1m candles of two"
                    + " symbols (issue 9 asks <= 60 s)%n", seconds.stream().mapToDouble(d -> d).min().orElseThrow(),
                    seconds.stream().mapToDouble(d -> d).max().orElseThrow()));
            report.append("last rerun's output:\n").append(lastOutput.strip()).append('\n');
            System.out.println(report);
            Path file = Path.of(System.getProperty("e2e.logs", "target/bench-logs")).resolve("replay-rerun-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report.toString());
            System.out.println("report written to " + file);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /** True once execution settled {@code symbol}'s candle {@code last} naming the last decision risk approved for it. */
    static boolean settled(PipelineTaps taps, TopicTap<CandleSettled> settlements, String symbol, Instant last) {
        EventId lastApproved = taps.approved().stream().filter(d -> d.symbol().value().equals(symbol))
                .map(RiskDecisionMade::eventId).reduce((a, b) -> b).orElse(null);
        return settlements.distinct().stream().anyMatch(s -> s.symbol().value().equals(symbol)
                && s.candleOpenTime().equals(last) && Objects.equals(s.lastDecisionId(), lastApproved));
    }

    /** {@code replay rerun} of the day against the stack's topics, with the stack's service settings. */
    static List<String> rerunArguments(Stack stack, StackOptions options, Instant day) {
        List<String> args = new ArrayList<>(List.of("rerun", "--bootstrap=" + TestInfra.kafkaBootstrap(),
                "--prefix=" + stack.infra().topicPrefix(), "--from=" + day,
                // event time = close time: the day's last candle closes at midnight, so the slice ends a minute later
                "--to=" + day.plus(Duration.ofDays(1)).plus(Interval.M1.duration()),
                "--root=" + stack.root(), "--db-url=" + TestInfra.dbUrl(), "--db-user=" + TestInfra.dbUser(),
                "--db-password=" + TestInfra.dbPassword(), "--redis-url=" + TestInfra.redisUrl(), "--timeout=PT15M"));
        options.overrides().forEach((service, props) -> {
            if (service != Service.COLLECTOR && service != Service.GATEWAY) {
                props.forEach((k, v) -> args.add("--set=" + service.module() + ":" + k + "=" + v));
            }
        });
        return args;
    }
}
