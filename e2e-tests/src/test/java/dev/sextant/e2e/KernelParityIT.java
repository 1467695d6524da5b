package dev.sextant.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.json.Json;
import dev.sextant.e2e.stack.Service;
import dev.sextant.e2e.stack.Stack;
import dev.sextant.e2e.stack.StackOptions;
import dev.sextant.e2e.stack.TopicTap;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.kernel.KernelListener;
import dev.sextant.kernel.ModelStrategy;
import dev.sextant.kernel.Strategy;
import dev.sextant.risk.domain.RiskLimits;
import dev.sextant.testing.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The live pipeline decides, orders and fills exactly as the backtester's {@code TradingKernel}: the same
 * 500 real 1h candles of BTCUSDT and ETHUSDT ({@link Slices#START}) go (a) through the backtester library
 * ({@link KernelRun} with a listener collecting the events) and (b) through the whole stack over real Kafka,
 * PostgreSQL and Redis, replayed as fast as the pipeline takes them; risk-service sequences its inputs by
 * execution-service's settlements (docs/architecture.md, "The kernel's order in the live pipeline"). The
 * decisions ({@code signals}), the order events ({@code orders}) and the fills ({@code fills}) must be the
 * same events, compared by derived id and every field but {@code tsInit}. The stack runs twice from scratch
 * (fresh topics, schemas and consumer groups), the second time with a kill -9 of risk-service and then of
 * execution-service in the middle of the replay.
 *
 * <p>Settings both sides share: the default risk limits with {@code risk-per-trade = 0.005} (two positions
 * never need more than the capital, so whether the paper venue has the cash for an entry cannot depend on
 * which other symbol's candles execution processed first: see the limits in docs/architecture.md) and the
 * default execution settings. The stack's execution keeps 1,000 candles per symbol (a decision reaching it
 * late, while it runs ahead of risk, must still find its fill candle), and risk waits up to 10 minutes for
 * a step (a killed service's restart must not time a step out). Waits follow the pipeline's progress
 * (decisions and settlements on the topics), never a wall-clock pace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelParityIT {
    static final int CANDLES_PER_SYMBOL = 500;
    static final Map<String, String> RISK_SETTINGS = Map.of("risk-per-trade", "0.005");
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    static final String SESSION_TIMEOUT_MS = "12000";
    static final String HEARTBEAT_MS = "3000";

    /** What one side produced: decisions, order events, fills. */
    record Outcome(List<RiskDecisionMade> decisions, List<OrderEvent> orders, List<FillExecuted> fills) {}

    static Outcome backtest;
    /** Every event of the backtest, in order (features and predictions too). */
    static List<Event> backtestEvents;
    static Outcome firstReplay;

    @BeforeAll
    static void runTheBacktester() {
        MarketData market = new MarketData(MarketData.defaultDataDir());
        Instant end = Slices.START.plusSeconds(3600L * CANDLES_PER_SYMBOL);
        List<CandleClosed> candles = MarketData.load(Arrays.stream(Slices.SYMBOLS).map(s -> market.bundled(s, Interval.H1))
                .toList(), Interval.H1, Slices.START, end).candles();
        assertThat(candles).hasSize(CANDLES_PER_SYMBOL * Slices.SYMBOLS.length);
        List<Event> events = new ArrayList<>();
        Strategy model = Strategies.create("model", null, KernelRun.CLOCK); // one vector at a time, as prediction-service
        try {
            KernelRun.run(candles, model, RiskLimits.defaults().withOverrides(RISK_SETTINGS), ExecutionSettings.defaults(),
                    new KernelListener() {
                        @Override
                        public void onEvent(Event event) {
                            events.add(event);
                        }
                    }, n -> { });
        } finally {
            ((ModelStrategy) model).close();
        }
        backtestEvents = List.copyOf(events);
        backtest = new Outcome(of(events, RiskDecisionMade.class), of(events, OrderEvent.class), of(events, FillExecuted.class));
        System.out.printf("e2e: backtest of %d candles: %d decisions (%d approved), %d order events, %d fills %s%n",
                candles.size(), backtest.decisions().size(), backtest.decisions().stream().filter(RiskDecisionMade::approved).count(),
                backtest.orders().size(), backtest.fills().size(), purposes(backtest.fills()));
        assertThat(backtest.fills()).extracting(FillExecuted::purpose).as("the slice trades, with both exits")
                .contains(OrderPurpose.ENTRY, OrderPurpose.STOP_LOSS, OrderPurpose.TAKE_PROFIT);
    }

    @Test
    @Order(1)
    void aReplayThroughTheStackGivesTheBacktestersDecisionsOrdersAndFills() {
        firstReplay = replay(progress -> { }, KernelParityIT::aRerunOfTheSliceReproducesEveryEvent);
        assertSame("stack replay 1", firstReplay, "backtest", backtest);
    }

    /**
     * The replay debugger's {@code rerun} (tools/replay): the slice's candles, fed into isolated copies of feature-,
     * prediction-, risk- and execution-service with the stack's settings, give every features, prediction, decision,
     * order, fill and position event the stack published, field for field (the stack started from empty state too).
     */
    static void aRerunOfTheSliceReproducesEveryEvent(Stack stack) {
        List<String> args = new ArrayList<>(List.of("rerun", "--bootstrap=" + TestInfra.kafkaBootstrap(),
                "--prefix=" + stack.infra().topicPrefix(), "--from=" + Slices.START,
                "--to=" + Slices.START.plus(Duration.ofDays(60)), "--root=" + stack.root(), // past the slice's end (data gaps)
                "--db-url=" + TestInfra.dbUrl(), "--db-user=" + TestInfra.dbUser(), "--db-password=" + TestInfra.dbPassword(),
                "--redis-url=" + TestInfra.redisUrl(), "--timeout=PT15M"));
        options().overrides().forEach((service, props) -> {
            if (service != Service.COLLECTOR && service != Service.GATEWAY) {
                props.forEach((k, v) -> args.add("--set=" + service.module() + ":" + k + "=" + v));
            }
        });
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = dev.sextant.replay.ReplayCommand.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        long t0 = System.nanoTime();
        int exit = cl.execute(args.toArray(String[]::new));
        System.out.printf("e2e: replay rerun of the slice (exit %d, %d s):%n%s%s", exit,
                (System.nanoTime() - t0) / 1_000_000_000L, err, out);
        assertThat(exit).as("replay rerun: %s%s", err, out).isZero();
        assertThat(out.toString()).contains("identical: the slice");
        // The comparison covered the whole slice: a features event per candle, every decision of the backtest, fills.
        int candles = CANDLES_PER_SYMBOL * Slices.SYMBOLS.length;
        assertThat(out.toString()).containsPattern("features\\s+" + candles + "\\s+" + candles + "\\s+" + candles);
        assertThat(out.toString()).containsPattern("signals\\s+" + backtest.decisions().size() + "\\s+"
                + backtest.decisions().size() + "\\s+" + backtest.decisions().size());
        assertThat(out.toString()).containsPattern("fills\\s+[1-9]\\d*\\s+[1-9]");
    }

    @Test
    @Order(2)
    void aSecondReplayWithRiskAndExecutionKilledMidwayGivesTheSameAgain() {
        int decisions = backtest.decisions().size();
        Outcome second = replay(stack -> {
            stack.awaitDecisions(decisions / 3);
            stack.killAndRestart(Service.RISK);
            stack.awaitDecisions(2 * decisions / 3);
            stack.killAndRestart(Service.EXECUTION);
        });
        assertSame("stack replay 2 (kill -9 of risk and execution)", second, "backtest", backtest);
        if (firstReplay != null) {
            assertSame("stack replay 2", second, "stack replay 1", firstReplay);
        }
    }

    // ------------------------------------------------------------------ one replay through a fresh stack

    /** A running replay: its stack and taps, for the scenario's kills. */
    static final class Replay {
        final Stack stack;
        final TopicTap<RiskDecisionMade> signals;
        final TopicTap<OrderEvent> orders;
        final TopicTap<FillExecuted> fills;
        final TopicTap<CandleSettled> settlements;

        Replay(Stack stack) {
            this.stack = stack;
            signals = new TopicTap<>(stack.infra(), Topics.SIGNALS, RiskDecisionMade.class);
            orders = new TopicTap<>(stack.infra(), Topics.ORDERS, OrderEvent.class);
            fills = new TopicTap<>(stack.infra(), Topics.FILLS, FillExecuted.class);
            settlements = new TopicTap<>(stack.infra(), Topics.SETTLEMENTS, CandleSettled.class);
        }

        void awaitDecisions(int atLeast) {
            await(atLeast + " decisions on signals").atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                stack.requireAlive(Service.RISK);
                return distinct(signals.refresh()).size() >= atLeast;
            });
        }

        void killAndRestart(Service service) {
            System.out.printf("e2e: kill -9 %s at %d decisions%n", service.module(), distinct(signals.refresh()).size());
            stack.kill(service);
            stack.restart(service);
        }

        /**
         * Done when every prediction has its decision and execution settled the last candle of every symbol
         * naming the last decision risk approved for it (so it took every approved decision).
         */
        void awaitDone(int decisions) {
            awaitDecisions(decisions);
            Instant last = Slices.START.plusSeconds(3600L * (CANDLES_PER_SYMBOL - 1));
            await("execution settled the last candles with every approved decision").atMost(RUN_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> Arrays.stream(Slices.SYMBOLS).allMatch(symbol -> {
                        EventId lastApproved = distinct(signals.refresh()).stream()
                                .filter(d -> d.approved() && d.symbol().value().equals(symbol))
                                .map(RiskDecisionMade::eventId).reduce((a, b) -> b).orElse(null);
                        return settlements.refresh().stream().anyMatch(s -> s.symbol().value().equals(symbol)
                                && s.candleOpenTime().equals(last) && Objects.equals(s.lastDecisionId(), lastApproved));
                    }));
        }

        Outcome outcome() {
            return new Outcome(distinct(signals.refresh()), distinct(orders.refresh()), distinct(fills.refresh()));
        }

        void close() {
            for (TopicTap<?> tap : List.of(signals, orders, fills, settlements)) {
                tap.close();
            }
        }
    }

    static StackOptions options() {
        StackOptions options = StackOptions.replay(Slices.START, CANDLES_PER_SYMBOL, "max", Slices.SYMBOLS);
        for (Map.Entry<String, String> setting : RISK_SETTINGS.entrySet()) {
            options = options.with(Service.RISK, "sextant.risk." + setting.getKey(), setting.getValue());
        }
        // -De2e.parity.sequencing=arrival shows what the test catches without the kernel sequencing
        options = options.with(Service.RISK, "sextant.risk.sequencing", System.getProperty("e2e.parity.sequencing", "kernel"))
                .with(Service.RISK, "sextant.risk.sequencer.step-timeout", "10m")
                .with(Service.EXECUTION, "sextant.execution.candle-window", "1000");
        for (Service service : Service.values()) {
            options = options.with(service, "kafka.session.timeout.ms", SESSION_TIMEOUT_MS)
                    .with(service, "kafka.heartbeat.interval.ms", HEARTBEAT_MS);
        }
        return options;
    }

    static Outcome replay(Consumer<Replay> midway) {
        return replay(midway, stack -> { });
    }

    /** A replay through a fresh stack; {@code afterwards} runs once it is done, while the stack and its topics still exist. */
    static Outcome replay(Consumer<Replay> midway, Consumer<Stack> afterwards) {
        Stack stack = Stack.start(options());
        Replay replay = null;
        try {
            replay = new Replay(stack);
            long t0 = System.nanoTime();
            stack.startReplay();
            midway.accept(replay);
            replay.awaitDone(backtest.decisions().size());
            Outcome outcome = replay.outcome();
            System.out.printf("e2e: stack %s: %d decisions, %d order events, %d fills %s in %d s%n", stack.runId(),
                    outcome.decisions().size(), outcome.orders().size(), outcome.fills().size(), purposes(outcome.fills()),
                    (System.nanoTime() - t0) / 1_000_000_000L);
            afterwards.accept(stack);
            return outcome;
        } catch (RuntimeException | AssertionError e) {
            System.err.println("e2e: " + e + "\n" + stack.logTails(60));
            throw e;
        } finally {
            if (replay != null) {
                replay.close();
            }
            stack.close();
        }
    }

    // ------------------------------------------------------------------ comparison

    static void assertSame(String name, Outcome actual, String expectedName, Outcome expected) {
        compare(name + " vs " + expectedName + ": decisions", actual.decisions(), expected.decisions());
        compare(name + " vs " + expectedName + ": order events", actual.orders(), expected.orders());
        compare(name + " vs " + expectedName + ": fills", actual.fills(), expected.fills());
    }

    /** Same event ids, and each event the same JSON but for {@code tsInit}; the differences named, a few at most. */
    static void compare(String what, List<? extends Event> actual, List<? extends Event> expected) {
        Map<String, JsonNode> a = byId(actual);
        Map<String, JsonNode> e = byId(expected);
        List<String> differences = new ArrayList<>();
        e.forEach((id, node) -> {
            if (!a.containsKey(id)) {
                differences.add("missing " + node);
            } else if (!a.get(id).equals(node)) {
                List<String> paths = new ArrayList<>();
                diff(node, a.get(id), "", paths);
                differences.add(node.path("type").asText() + " " + id + " differs: " + String.join("; ", paths));
            }
        });
        a.forEach((id, node) -> {
            if (!e.containsKey(id)) {
                differences.add("extra " + node);
            }
        });
        assertThat(differences).as("%s (%d expected, %d actual); first differences:%n%s", what, e.size(), a.size(),
                String.join("\n", differences.subList(0, Math.min(5, differences.size())))).isEmpty();
    }

    /** The paths where two JSON trees differ, with both values. */
    static void diff(JsonNode expected, JsonNode actual, String path, List<String> out) {
        if (expected.isObject() && actual.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(expected.path(name), actual.path(name), path + "." + name, out);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(expected.get(i), actual.get(i), path + "[" + i + "]", out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + ", actual " + actual);
        }
    }

    static Map<String, JsonNode> byId(List<? extends Event> events) {
        Map<String, JsonNode> byId = new TreeMap<>();
        for (Event event : events) {
            ObjectNode node = (ObjectNode) readTree(EventCodec.encode(event));
            node.remove("tsInit");
            byId.put(event.eventId().value(), node);
        }
        return byId;
    }

    static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T extends Event> List<T> distinct(List<T> events) {
        Map<String, T> byId = new java.util.LinkedHashMap<>();
        for (T event : events) {
            byId.putIfAbsent(event.eventId().value(), event);
        }
        return List.copyOf(byId.values());
    }

    static <T extends Event> List<T> of(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Map<OrderPurpose, Long> purposes(List<FillExecuted> fills) {
        Map<OrderPurpose, Long> counts = new TreeMap<>();
        fills.forEach(f -> counts.merge(f.purpose(), 1L, Long::sum));
        return counts;
    }
}
