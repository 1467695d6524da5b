package dev.sextant.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.CandleSettled;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.execution.domain.Effects;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.PaperExchange;
import dev.sextant.execution.domain.SettlementBook;
import dev.sextant.feature.domain.FeatureStreams;
import dev.sextant.feature.domain.FeatureVector;
import dev.sextant.feature.domain.FeaturesEvents;
import dev.sextant.risk.domain.KernelSequencer;
import dev.sextant.risk.domain.RiskEngine;
import dev.sextant.risk.domain.RiskLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live pipeline's order, simulated without Kafka: execution (the paper exchange plus its
 * {@link SettlementBook}), the feature and prediction steps and risk (the engine behind a
 * {@link KernelSequencer}) exchange their events through FIFO queues, one per topic, and a seeded random
 * scheduler picks which consumer reads next, so every run interleaves the topics differently (execution
 * running candles ahead of risk, predictions before features, fills before settlements...). Whatever the
 * interleaving, risk's decisions and execution's fills, orders and positions must be exactly those of
 * {@link TradingKernel} on the same candles.
 */
class LiveOrderParityTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final List<Symbol> SYMBOLS = List.of(Symbol.of("ETHUSDT"), Symbol.of("BTCUSDT"), Symbol.of("SOLUSDT"));
    static final int CANDLES = 160;

    /**
     * Random-walk candles of three symbols; {@code binanceCloseTime}: close time = open + 1 h - 1 ms (as
     * Binance writes it) instead of open + 1 h (as the collector normalises it).
     */
    static List<CandleClosed> candles(long seed, boolean binanceCloseTime) {
        Random random = new Random(seed);
        List<CandleClosed> all = new ArrayList<>();
        for (Symbol symbol : SYMBOLS) {
            double price = 100 + random.nextInt(900);
            for (int n = 0; n < CANDLES; n++) {
                double open = price;
                double close = open * (1 + random.nextGaussian() * 0.012);
                double high = Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * 0.008);
                double low = Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * 0.008);
                price = close;
                Instant openTime = T0.plus(Duration.ofHours(n));
                Instant closeTime = openTime.plus(Duration.ofHours(1)).minusMillis(binanceCloseTime ? 1 : 0);
                all.add(new CandleClosed(Ids.candleId("binance", symbol, Interval.H1, openTime), closeTime, CLOCK.instant(),
                        null, CandleClosed.SCHEMA_VERSION, "binance", symbol, Interval.H1, openTime, closeTime, bd(open),
                        bd(high), bd(low), bd(close), BigDecimal.TEN, bd(close * 10), 100));
            }
        }
        all.sort(Comparator.comparing(CandleClosed::openTime).thenComparing(c -> c.symbol().value()));
        return all;
    }

    static BigDecimal bd(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Up with 0.75 on every third candle of a symbol, else down: frequent entries, exits of both kinds. */
    static Strategy strategy() {
        return new RuleStrategy("thirds", f -> (f.candleOpenTime().toEpochMilli() / 3_600_000 + f.symbol().value().length()) % 3 == 0
                ? 0.75 : 0.3, CLOCK);
    }

    /**
     * The exchange keeps every candle: execution may run any number of candles ahead of risk here, and a
     * decision reaching it late must still find its fill candle (the live limit: docs/architecture.md).
     */
    static ExecutionSettings settings() {
        return new ExecutionSettings(new BigDecimal("10000"), new BigDecimal("0.0005"), new BigDecimal("0.001"), "USDT",
                "paper", CANDLES);
    }

    /**
     * Small entries, so the no-leverage cap never binds and the exchange never lacks cash: whether it does
     * can depend on which other symbol's candles execution processed before a decision (the live limit).
     */
    static RiskLimits limits() {
        return RiskLimits.defaults().withOverrides(Map.of("max-atr-ratio", "0.2", "min-atr-ratio", "0.0001", "risk-per-trade", "0.005", "max-daily-loss", "0.5"));
    }

    static RiskEngine risk() {
        return new RiskEngine(limits(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
    }

    /** What the kernel produced. */
    static List<Event> kernel(List<CandleClosed> candles) {
        List<Event> events = new ArrayList<>();
        TradingKernel kernel = new TradingKernel(strategy(), risk(), new PaperExchange(settings(), CLOCK), CLOCK, new KernelListener() {
            @Override
            public void onEvent(Event event) {
                events.add(event);
            }
        });
        candles.forEach(kernel::onCandle);
        return events;
    }

    /** What the simulated live pipeline produced, under one random interleaving. */
    static List<Event> live(List<CandleClosed> candles, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        // topics (FIFO each)
        Deque<CandleClosed> candlesForExecution = new ArrayDeque<>(candles);
        Deque<CandleClosed> candlesForFeatures = new ArrayDeque<>(candles);
        Deque<FeaturesComputed> featuresForPrediction = new ArrayDeque<>();
        Deque<FeaturesComputed> featuresForRisk = new ArrayDeque<>();
        Deque<PredictionMade> predictions = new ArrayDeque<>();
        Deque<RiskDecisionMade> signals = new ArrayDeque<>();
        Deque<Event> fills = new ArrayDeque<>();
        Deque<Event> positions = new ArrayDeque<>();
        Deque<Event> orders = new ArrayDeque<>();
        Deque<Event> settlements = new ArrayDeque<>();

        PaperExchange exchange = new PaperExchange(settings(), CLOCK);
        SettlementBook book = new SettlementBook();
        Consumer<Effects> publish = effects -> {
            for (Event e : effects.events()) {
                events.add(e);
                switch (e) {
                    case FillExecuted f -> fills.add(f);
                    case PositionChanged p -> positions.add(p);
                    case OrderEvent o -> orders.add(o);
                    default -> { }
                }
            }
        };
        FeatureStreams streams = new FeatureStreams();
        Strategy strategy = strategy();
        RiskEngine engine = risk();
        KernelSequencer sequencer = new KernelSequencer(Duration.ofSeconds(30), CLOCK);

        Map<String, Runnable> consumers = new LinkedHashMap<>();
        consumers.put("execution:candles", () -> {
            CandleClosed c = candlesForExecution.poll();
            Effects effects = exchange.onCandle(c);
            publish.accept(effects);
            List<CandleSettled> settled = book.record(c.symbol(), c.interval(), c.openTime(), null, null, effects.events(),
                    c.eventId(), CLOCK.instant()).settlements();
            settlements.addAll(settled);
            events.addAll(settled);
        });
        consumers.put("execution:signals", () -> {
            RiskDecisionMade d = signals.poll();
            Effects effects = exchange.onDecision(d);
            publish.accept(effects);
            if (d.approved() && effects.outcome() == Effects.Outcome.APPLIED) {
                var ch = book.record(d.symbol(), d.interval(), null, d.eventId(), d.candleOpenTime(),
                        effects.events(), d.eventId(), CLOCK.instant());
                settlements.addAll(ch.settlements());
                events.addAll(ch.settlements());
            }
        });
        consumers.put("features", () -> {
            CandleClosed c = candlesForFeatures.poll();
            Optional<FeatureVector> v = streams.accept(FeaturesEvents.key(c), FeaturesEvents.bar(c));
            FeaturesComputed f = FeaturesEvents.featuresComputed(c, v.orElseThrow(), CLOCK.instant());
            featuresForPrediction.add(f);
            featuresForRisk.add(f);
        });
        consumers.put("prediction", () -> strategy.signal(featuresForPrediction.poll()).ifPresent(predictions::add));
        Consumer<Event> risk = e -> {
            sequencer.offer(e);
            for (Optional<KernelSequencer.Step> step = sequencer.advance(engine, CLOCK.instant()); step.isPresent();
                 step = sequencer.advance(engine, CLOCK.instant())) {
                assertThat(step.get().outcome()).as(step.get().note())
                        .isIn(KernelSequencer.Outcome.STEPPED, KernelSequencer.Outcome.ANSWERED);
                for (Event out : step.get().published()) {
                    events.add(out);
                    if (out instanceof RiskDecisionMade d) {
                        signals.add(d);
                    }
                }
            }
        };
        consumers.put("risk:features", () -> risk.accept(featuresForRisk.poll()));
        consumers.put("risk:predictions", () -> risk.accept(predictions.poll()));
        consumers.put("risk:fills", () -> risk.accept(fills.poll()));
        consumers.put("risk:positions", () -> risk.accept(positions.poll()));
        consumers.put("risk:orders", () -> {
            Event o = orders.poll();
            if (KernelSequencer.sequences(o)) {
                risk.accept(o);
            }
        });
        consumers.put("risk:settlements", () -> risk.accept(settlements.poll()));
        Map<String, Deque<?>> queues = Map.of("execution:candles", candlesForExecution, "execution:signals", signals,
                "features", candlesForFeatures, "prediction", featuresForPrediction, "risk:features", featuresForRisk,
                "risk:predictions", predictions, "risk:fills", fills, "risk:positions", positions, "risk:orders", orders,
                "risk:settlements", settlements);
        while (true) {
            List<String> ready = consumers.keySet().stream().filter(k -> !queues.get(k).isEmpty()).toList();
            if (ready.isEmpty()) {
                break;
            }
            consumers.get(ready.get(random.nextInt(ready.size()))).run();
        }
        assertThat(sequencer.held()).as("inputs left held; %s", sequencer.waitingFor()).isZero();
        return events;
    }

    static <T extends Event> List<T> of(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @ParameterizedTest(name = "interleaving {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void everyInterleavingGivesTheKernelsDecisionsOrdersAndFills(long seed) {
        List<CandleClosed> candles = candles(42, seed % 2 == 0);
        List<Event> reference = kernel(candles);
        List<Event> live = live(candles, seed);

        List<RiskDecisionMade> decisions = of(reference, RiskDecisionMade.class);
        assertThat(decisions.stream().filter(RiskDecisionMade::approved).count()).as("approved entries").isGreaterThan(5);
        List<FillExecuted> fills = of(reference, FillExecuted.class);
        assertThat(fills).extracting(FillExecuted::purpose).contains(OrderPurpose.STOP_LOSS, OrderPurpose.TAKE_PROFIT);

        List<RiskDecisionMade> liveDecisions = of(live, RiskDecisionMade.class);
        for (int i = 0; i < Math.min(decisions.size(), liveDecisions.size()); i++) {
            assertThat(liveDecisions.get(i)).as("decision %d of %d (live %d)", i, decisions.size(), liveDecisions.size())
                    .isEqualTo(decisions.get(i));
        }
        assertThat(liveDecisions).as("decisions, in the kernel's order").containsExactlyElementsOf(decisions);
        assertThat(of(live, TradingStateChanged.class)).containsExactlyElementsOf(of(reference, TradingStateChanged.class));
        assertThat(of(live, FillExecuted.class)).containsExactlyInAnyOrderElementsOf(fills);
        assertThat(of(live, OrderEvent.class)).containsExactlyInAnyOrderElementsOf(of(reference, OrderEvent.class));
        assertThat(of(live, PositionChanged.class)).containsExactlyInAnyOrderElementsOf(of(reference, PositionChanged.class));
        long approved = liveDecisions.stream().filter(RiskDecisionMade::approved).count();
        assertThat(of(live, CandleSettled.class)).as("one settlement per candle, one more per approved decision at most")
                .hasSizeLessThanOrEqualTo((int) (candles.size() + approved));
    }
}
