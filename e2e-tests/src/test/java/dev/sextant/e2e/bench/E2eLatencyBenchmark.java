package dev.sextant.e2e.bench;

import static org.awaitility.Awaitility.await;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.e2e.stack.PipelineTaps;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * End-to-end latency and memory of the whole stack (see {@code benchmarks/e2e-latency/README.md}).
 * Starts the six services like the e2e tests do ({@link Stack}), replays {@code bench.candles} real
 * 1h candles per symbol (BTCUSDT, ETHUSDT from 2024-01-01) at {@code bench.rate} candles per
 * second in total, and reports, from the Kafka record timestamps (all producers on this machine):
 * <ul>
 *   <li>candle → decision: each warm candle's {@code CandleClosed} to its {@code RiskDecisionMade} on
 *       {@code signals} (feature-service, prediction-service and risk-service in between);</li>
 *   <li>candle → entry fill: the candle whose decision was approved to the entry's {@code FillExecuted}
 *       (the whole chain, including the wait for the next candle, whose open is the fill price);</li>
 *   <li>fill candle → entry fill: the candle that fills the entry to the {@code FillExecuted};</li>
 * </ul>
 * p50 / p99 / max of each (candle → decision also without the first {@value #WARMUP_DECISIONS} decisions per
 * symbol, which run cold code), the five slowest candle → decision samples, and the total resident memory of the six JVMs (sum of {@code VmRSS}),
 * sampled every second: peak and at the end.
 */
public final class E2eLatencyBenchmark {
    /** Decisions per symbol left out of the steady-state figure (cold code at the start of the replay). */
    static final int WARMUP_DECISIONS = 10;

    private E2eLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.rate", "10"));
        int candles = Integer.getInteger("bench.candles", 300);
        String command = System.getProperty("bench.command", "./mvnw -B -pl e2e-tests verify -Pbench");
        String[] symbols = {"BTCUSDT", "ETHUSDT"};
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        long paceMs = Math.round(1000.0 * symbols.length / rate);
        // risk-service's sequencing (kernel, the default, or arrival) to compare the two
        String sequencing = System.getProperty("bench.sequencing", "kernel");
        List<String> overrides = StackOptions.overrides(System.getProperty("bench.set", ""));
        StackOptions options = StackOptions.replay(start, candles, paceMs + "ms", symbols)
                .with(Service.RISK, "sextant.risk.sequencing", sequencing).withOverrides(overrides);

        int exit = 0;
        long t0 = System.nanoTime();
        try (Stack stack = Stack.start(options); PipelineTaps taps = new PipelineTaps(stack.infra())) {
            double startupS = (System.nanoTime() - t0) / 1e9;
            AtomicLong peakRss = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet(totalRss(stack), Math::max), 0, 1, TimeUnit.SECONDS);
            long idleRss = totalRss(stack);

            long replayT0 = System.nanoTime();
            stack.startReplay();
            stack.awaitReplayFinished(Duration.ofMinutes(30));
            double replayS = (System.nanoTime() - replayT0) / 1e9;
            int warm = (candles - 49) * symbols.length;
            Instant lastOpen = start.plusSeconds(3600L * (candles - 1));
            await("pipeline drained").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                taps.refreshAll();
                return taps.signals.distinct().size() >= warm
                        && taps.entryFills().size() >= taps.expectedFilledEntries(lastOpen).size();
            });
            sampler.shutdownNow();
            long endRss = totalRss(stack);

            // The first predictions run cold code (ONNX session, C1 compiling): "steady" leaves out the first
            // WARMUP_DECISIONS warm candles of each symbol.
            Report report = measure(taps, start.plusSeconds(3600L * (49 + WARMUP_DECISIONS)));
            StringBuilder out = new StringBuilder();
            out.append("\n=== Sextant end-to-end benchmark ===\n");
            out.append("command:   ").append(command).append('\n');
            out.append("when:      ").append(Instant.now()).append('\n');
            out.append("machine:   ").append(machine()).append('\n');
            out.append("java:      ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.version")).append("; services: ")
                    .append(System.getProperty("e2e.jvm.flags", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"))
                    .append('\n');
            out.append(String.format(Locale.ROOT, "replay:    %d x 1h candles of %s from %s, pace %d ms per step"
                            + " (target %.1f candles/s), took %.1f s = %.1f candles/s%n", candles * symbols.length,
                    String.join("+", symbols), start, paceMs, rate, replayS, candles * symbols.length / replayS));
            out.append(String.format(Locale.ROOT, "startup:   six services ready in %.1f s%n", startupS));
            out.append("risk:      sextant.risk.sequencing=").append(sequencing).append('\n');
            out.append("overrides: ").append(overrides.isEmpty() ? "none" : String.join(", ", overrides)).append('\n');
            out.append(String.format(Locale.ROOT, "events:    %d candles, %d decisions (%d approved), %d entry fills%n",
                    taps.candles.distinct().size(), taps.signals.distinct().size(), taps.approved().size(),
                    taps.entryFills().size()));
            out.append(report.line("candle -> decision (signals)", report.candleToDecision));
            out.append(report.line("  same, after " + WARMUP_DECISIONS + " warm-up decisions/symbol", report.steadyCandleToDecision));
            out.append(report.line("candle -> entry fill (whole chain)", report.candleToFill));
            out.append(report.line("fill candle -> entry fill", report.fillCandleToFill));
            report.slowest().forEach(line -> out.append("           slowest candle -> decision: ").append(line).append('\n'));
            out.append(String.format(Locale.ROOT, "memory:    total RSS of the six JVMs: idle %d MiB, peak %d MiB, after the run %d MiB%n",
                    idleRss / 1024, peakRss.get() / 1024, endRss / 1024));
            for (Service s : Service.values()) {
                out.append(String.format(Locale.ROOT, "           %-18s %4d MiB%n", s.module(), stack.rssKib(s) / 1024));
            }
            System.out.println(out);
            Path file = Path.of(System.getProperty("e2e.logs", "target/bench-logs")).resolve("e2e-latency-report.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
            System.out.println("report written to " + file);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /** Latency samples in milliseconds. */
    record Report(List<Long> candleToDecision, List<Long> steadyCandleToDecision, List<Long> candleToFill,
                  List<Long> fillCandleToFill, List<String> slowest) {
        String line(String name, List<Long> samples) {
            if (samples.isEmpty()) {
                return String.format(Locale.ROOT, "latency:   %-36s no samples%n", name);
            }
            List<Long> sorted = new ArrayList<>(samples);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "latency:   %-36s p50 %5d ms  p99 %5d ms  max %5d ms  (n=%d)%n", name,
                    percentile(sorted, 50), percentile(sorted, 99), sorted.getLast(), sorted.size());
        }
    }

    static Report measure(PipelineTaps taps, Instant steadyFrom) {
        Map<String, Long> candleTs = new HashMap<>();          // "symbol|openTime" -> first publish time
        for (ConsumerRecord<String, String> r : taps.candles.records()) {
            CandleClosed c = EventCodec.decode(r.value(), CandleClosed.class);
            candleTs.putIfAbsent(key(c.symbol().value(), c.openTime()), r.timestamp());
        }
        List<Long> toDecision = new ArrayList<>();
        List<Long> steadyToDecision = new ArrayList<>();
        List<Map.Entry<Long, String>> decisionSamples = new ArrayList<>();
        Map<String, RiskDecisionMade> decisionByOrder = new HashMap<>();
        Map<String, Long> seenDecision = new HashMap<>();
        for (ConsumerRecord<String, String> r : taps.signals.records()) {
            RiskDecisionMade d = EventCodec.decode(r.value(), RiskDecisionMade.class);
            if (seenDecision.putIfAbsent(d.eventId().value(), r.timestamp()) != null) {
                continue;
            }
            Long c = candleTs.get(key(d.symbol().value(), d.candleOpenTime()));
            if (c != null) {
                toDecision.add(r.timestamp() - c);
                if (!d.candleOpenTime().isBefore(steadyFrom)) {
                    steadyToDecision.add(r.timestamp() - c);
                }
                decisionSamples.add(Map.entry(r.timestamp() - c, d.symbol().value() + " " + d.candleOpenTime()
                        + " published " + Instant.ofEpochMilli(c)));
            }
            if (d.approved()) {
                decisionByOrder.put(Ids.clientOrderId(d.eventId()).value(), d);
            }
        }
        List<Long> toFill = new ArrayList<>();
        List<Long> fillCandleToFill = new ArrayList<>();
        Map<String, Boolean> seenFill = new HashMap<>();
        for (ConsumerRecord<String, String> r : taps.fills.records()) {
            FillExecuted f = EventCodec.decode(r.value(), FillExecuted.class);
            if (f.purpose() != OrderPurpose.ENTRY || seenFill.putIfAbsent(f.eventId().value(), true) != null) {
                continue;
            }
            RiskDecisionMade d = decisionByOrder.get(f.clientOrderId().value());
            if (d != null) {
                Long c = candleTs.get(key(d.symbol().value(), d.candleOpenTime()));
                if (c != null) {
                    toFill.add(r.timestamp() - c);
                }
            }
            Long fc = candleTs.get(key(f.symbol().value(), f.tsEvent()));   // entry fill tsEvent = fill candle's open time
            if (fc != null) {
                fillCandleToFill.add(r.timestamp() - fc);
            }
        }
        List<String> slowest = decisionSamples.stream().sorted(Map.Entry.<Long, String>comparingByKey().reversed()).limit(5)
                .map(e -> e.getKey() + " ms: candle " + e.getValue()).toList();
        return new Report(toDecision, steadyToDecision, toFill, fillCandleToFill, slowest);
    }

    private static String key(String symbol, Instant openTime) {
        return symbol + "|" + openTime.toEpochMilli();
    }

    static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static long totalRss(Stack stack) {
        long total = 0;
        for (Service s : Service.values()) {
            try {
                total += stack.rssKib(s);
            } catch (RuntimeException e) {
                // a service between two incarnations: count what is there
            }
        }
        return total;
    }

    /** The machine, as the benchmarks print it, with the load average when the run started. */
    static String machine() {
        String cpu = "?";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException | RuntimeException e) {
            // best effort
        }
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            // best effort
        }
        return "nproc " + Runtime.getRuntime().availableProcessors() + ", memory " + mem + ", CPU " + cpu + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", load average " + load;
    }
}
