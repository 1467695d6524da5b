package dev.sextant.execution.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.Liquidity;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.execution.domain.FeeModel;
import dev.sextant.execution.domain.Order;
import dev.sextant.execution.domain.Position;
import dev.sextant.kit.consumer.InboundRecord;
import dev.sextant.kit.consumer.TestPolicy;
import dev.sextant.testing.TestInfra;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One transaction per consumed batch, on the real PostgreSQL ({@link ExecutionHarness}): a batch stores and publishes
 * exactly what the same inputs in batches of one do, in a bounded number of transactions; a flush that fails with
 * the database (before or after its commit) or the broker is retried and stores and publishes everything once; a bug
 * half-way through a batch leaves the records before it stored and published once, and memory = the database.
 * (A flush that stalls, e.g. on a conflict it cannot resolve, retries forever under the test policy: the timeout
 * turns that into a failure.)
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExecutionBatchTest {
    private static final Symbol BTC = Symbol.of("BTCUSDT");
    private static final Symbol ETH = Symbol.of("ETHUSDT");
    private static final Symbol SOL = Symbol.of("SOLUSDT");
    private static final Symbol XRP = Symbol.of("XRPUSDT");
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private static TestInfra infra;
    private final List<ExecutionHarness> harnesses = new ArrayList<>();
    private final TestPolicy policy = new TestPolicy();

    @BeforeAll
    static void infra() {
        infra = TestInfra.start();
    }

    @AfterAll
    static void closeInfra() {
        infra.close();
    }

    @AfterEach
    void dropSchemas() {
        harnesses.forEach(ExecutionHarness::close);
    }

    private ExecutionHarness harness(String name, ExecutionSettings settings, FeeModel fees) {
        ExecutionHarness h = ExecutionHarness.start(infra.schema(name), settings, fees);
        harnesses.add(h);
        return h;
    }

    private static ExecutionSettings window(int candles) {
        ExecutionSettings d = ExecutionSettings.defaults();
        return new ExecutionSettings(d.initialCapital(), d.slippage(), d.takerFeeRate(), d.feeAsset(), d.venue(), candles);
    }

    // ------------------------------------------------------------------ the same books, batch or not

    @Test
    void aBatchOfCandlesDecisionsAndCloseRequestsOfSeveralSymbolsStoresAndPublishesExactlyWhatBatchesOfOneDo() {
        ExecutionSettings settings = window(5); // small, so the batch also trims the candle table
        ExecutionHarness batched = harness("xbatch_n", settings, null);
        ExecutionHarness single = harness("xbatch_1", settings, null);
        List<Event> inputs = scenario();

        int statements = batched.db.statements.get();
        for (Event input : inputs) {
            apply(batched, input);
        }
        assertThat(batched.db.statements.get()).as("applying an input touches no database").isEqualTo(statements);
        assertThat(batched.publisher.sent).as("nor the broker").isEmpty();
        int transactions = batched.db.transactions();
        int latestWrites = batched.latest.writes.get();
        batched.service.flush();
        assertThat(batched.db.transactions() - transactions)
                .as("one write, reading and marking the outbox, the order gauges").isLessThanOrEqualTo(4);
        assertThat(batched.latest.writes.get() - latestWrites)
                .as("the latest state once per batch: the newest position per symbol, the account").isLessThanOrEqualTo(4);

        int singleTransactions = single.db.transactions();
        for (Event input : inputs) {
            apply(single, input);
            single.service.flush();
        }
        assertThat(single.db.transactions() - singleTransactions).as("per input, for contrast").isGreaterThan(inputs.size());

        Map<String, List<String>> books = single.dump();
        assertThat(batched.dump()).isEqualTo(books);
        assertThat(batched.publisher.sent).as("the same events, ids and order").isEqualTo(single.publisher.sent);
        assertThat(batched.service.account()).isEqualTo(single.service.account());
        assertThat(positions(batched)).isEqualTo(positions(single));
        assertThat(entries(batched)).isEqualTo(entries(single));
        assertThat(batched.latest.positions).isEqualTo(single.latest.positions);
        assertThat(batched.latest.account).isEqualTo(single.latest.account);

        // the scenario did what it is there for
        assertThat(books.get("fills")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(books.get("closed_trades")).isNotEmpty();
        assertThat(books.get("orders")).anyMatch(r -> r.contains("REJECTED"));
        assertThat(books.get("orders").stream().filter(r -> r.startsWith(entry(SOL, 2).value()))).singleElement()
                .as("the late decision filled at once").asString().contains("FILLED");
        assertThat(books.get("applied_commands")).anyMatch(r -> r.endsWith("stale"))
                .anyMatch(r -> r.endsWith("applied") || r.endsWith("ignored"));
        assertThat(books.get("recent_candles")).as("3 symbols x the window").hasSize(15);
        assertThat(books.get("settlement_counts")).isNotEmpty();
        assertThat(books.get("outbox")).hasSize(single.publisher.sent.size());
    }

    @Test
    void aBatchOf200CandlesCommitsABoundedNumberOfTransactions() {
        // a window of 50: the batch's 51 candles per symbol also trim recent_candles
        ExecutionHarness batched = harness("xbatch_200", window(50), null);
        ExecutionHarness single = harness("xbatch_200_1", window(50), null);
        List<Symbol> symbols = List.of(BTC, ETH, SOL, XRP);
        Map<Symbol, List<CandleClosed>> candles = new LinkedHashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            candles.put(symbols.get(i), candles(symbols.get(i), "100", 51, 7 + i));
        }
        List<InboundRecord> first = new ArrayList<>();
        List<InboundRecord> decisions = new ArrayList<>();
        List<InboundRecord> batch = new ArrayList<>();
        for (Symbol s : symbols) {
            first.add(record(Topics.CANDLES, candles.get(s).get(0)));
            decisions.add(record(Topics.SIGNALS, decision(s, 0, candles.get(s).get(0).close(), "10")));
        }
        for (int n = 1; n <= 50; n++) {
            for (Symbol s : symbols) {
                batch.add(record(Topics.CANDLES, candles.get(s).get(n)));
            }
        }
        assertThat(batch).hasSize(200);
        for (ExecutionHarness h : List.of(batched, single)) {
            policy.runner(Topics.CANDLES).process(first, h.consumers.candles);
            policy.runner(Topics.SIGNALS).process(decisions, h.consumers.signals);
        }

        int transactions = batched.db.transactions();
        int statements = batched.db.statements.get();
        policy.runner(Topics.CANDLES).process(batch, batched.consumers.candles);
        assertThat(batched.db.transactions() - transactions)
                .as("one write, reading and marking the outbox, the order gauges").isLessThanOrEqualTo(4);
        assertThat(batched.db.statements.get() - statements).as("a statement per table, not per record").isLessThan(20);

        transactions = single.db.transactions();
        for (InboundRecord r : batch) {
            policy.runner(Topics.CANDLES).process(List.of(r), single.consumers.candles);
        }
        assertThat(single.db.transactions() - transactions).as("per record, for contrast").isGreaterThanOrEqualTo(200);

        assertThat(batched.dump()).isEqualTo(single.dump());
        assertThat(batched.publisher.sent).isEqualTo(single.publisher.sent);
        assertThat(batched.publisher.sent).filteredOn(FillExecuted.class::isInstance).as("entries and exits")
                .hasSizeGreaterThan(4);
        assertThat(batched.count("SELECT count(*) FROM recent_candles")).as("4 symbols x the window").isEqualTo(200);
        assertThat(policy.parked.rows).isEmpty();
        assertThat(policy.deadLetters.sent).isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCandleRedeliveredAfterItLeftTheWindowInTheSameBatchIsStoredAsBatchesOfOneStoreIt() {
        // the table is trimmed at the end of the batch's transaction: the candle is still in it when the batch
        // inserts it again, although memory (and a per-input write) had let it go
        ExecutionHarness batched = harness("xbatch_old", window(5), null);
        ExecutionHarness single = harness("xbatch_old_1", window(5), null);
        List<CandleClosed> btc = candles(BTC, "100", 12, 31);
        List<InboundRecord> first = new ArrayList<>();
        List<InboundRecord> batch = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            first.add(record(Topics.CANDLES, btc.get(n)));
        }
        for (int n = 5; n < 12; n++) {
            batch.add(record(Topics.CANDLES, btc.get(n)));
        }
        batch.add(record(Topics.CANDLES, btc.get(3)));
        policy.runner(Topics.CANDLES).process(first, batched.consumers.candles);
        policy.runner(Topics.CANDLES).process(batch, batched.consumers.candles);
        for (InboundRecord r : first) {
            policy.runner(Topics.CANDLES).process(List.of(r), single.consumers.candles);
        }
        for (InboundRecord r : batch) {
            policy.runner(Topics.CANDLES).process(List.of(r), single.consumers.candles);
        }

        assertThat(batched.dump()).isEqualTo(single.dump());
        assertThat(batched.publisher.sent).isEqualTo(single.publisher.sent);
        assertThat(batched.count("SELECT count(*) FROM recent_candles")).isEqualTo(5);
        assertThat(policy.parked.rows).isEmpty();
    }

    // ------------------------------------------------------------------ failures in the flush

    /** Three batches: candles, decisions, then 16 candles whose flush meets the failure. */
    private List<List<InboundRecord>> threeBatches() {
        List<CandleClosed> btc = candles(BTC, "100", 10, 11);
        List<CandleClosed> eth = candles(ETH, "50", 10, 12);
        List<InboundRecord> candles = List.of(record(Topics.CANDLES, btc.get(0)), record(Topics.CANDLES, eth.get(0)),
                record(Topics.CANDLES, btc.get(1)), record(Topics.CANDLES, eth.get(1)));
        List<InboundRecord> decisions = List.of(record(Topics.SIGNALS, decision(BTC, 1, btc.get(1).close(), "10")),
                record(Topics.SIGNALS, decision(ETH, 1, eth.get(1).close(), "20")));
        List<InboundRecord> more = new ArrayList<>();
        for (int n = 2; n < 10; n++) {
            more.add(record(Topics.CANDLES, btc.get(n)));
            more.add(record(Topics.CANDLES, eth.get(n)));
        }
        return List.of(candles, decisions, more);
    }

    private void run(ExecutionHarness h, List<List<InboundRecord>> batches, Runnable beforeLast) {
        policy.runner(Topics.CANDLES).process(batches.get(0), h.consumers.candles);
        policy.runner(Topics.SIGNALS).process(batches.get(1), h.consumers.signals);
        beforeLast.run();
        policy.runner(Topics.CANDLES).process(batches.get(2), h.consumers.candles);
    }

    @ParameterizedTest(name = "the commit went through before the failure: {0}")
    @ValueSource(booleans = {false, true})
    void aFlushFailingOnceWithAConnectionFailureIsRetriedAndStoresAndPublishesEachEventOnce(boolean committed) {
        List<List<InboundRecord>> batches = threeBatches();
        ExecutionHarness reference = harness("xbatch_ref", ExecutionSettings.defaults(), null);
        run(reference, batches, () -> {});
        ExecutionHarness failing = harness(committed ? "xbatch_lost_ack" : "xbatch_lost", ExecutionSettings.defaults(), null);
        TestPolicy failingPolicy = new TestPolicy();
        failingPolicy.runner(Topics.CANDLES).process(batches.get(0), failing.consumers.candles);
        failingPolicy.runner(Topics.SIGNALS).process(batches.get(1), failing.consumers.signals);
        failing.db.failAfterCommit = committed;
        failing.db.failCommits.set(1);
        failingPolicy.runner(Topics.CANDLES).process(batches.get(2), failing.consumers.candles);

        assertThat(failing.db.failCommits).as("the failure happened").hasValue(0);
        assertThat(failingPolicy.sleeps).as("the flush was retried").isNotEmpty();
        assertThat(failing.dump()).as("nothing stored twice, nothing lost").isEqualTo(reference.dump());
        assertThat(failing.rows("SELECT write_seq FROM account")).as("the batch written once")
                .isEqualTo(reference.rows("SELECT write_seq FROM account")).containsExactly("3");
        assertThat(failing.publisher.ids()).as("each event published once, in order").isEqualTo(reference.publisher.ids())
                .doesNotHaveDuplicates();
        assertThat(failing.publisher.sent).filteredOn(FillExecuted.class::isInstance).isNotEmpty();
        assertThat(failing.service.account()).isEqualTo(reference.service.account());
        assertThat(positions(failing)).isEqualTo(positions(reference));
        assertThat(failing.latest.positions).isEqualTo(reference.latest.positions);
        assertThat(failingPolicy.parked.rows).isEmpty();
        assertThat(failing.service.notReadyReason()).as("ready again").isNull();
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeIsRetriedWithoutWritingTheBatchAgain() {
        List<List<InboundRecord>> batches = threeBatches();
        ExecutionHarness reference = harness("xbatch_kref", ExecutionSettings.defaults(), null);
        run(reference, batches, () -> {});
        ExecutionHarness failing = harness("xbatch_kafka", ExecutionSettings.defaults(), null);
        int[] commits = new int[1];
        run(failing, batches, () -> {
            failing.publisher.failures.set(1);
            commits[0] = failing.db.commits.get();
        });

        assertThat(failing.publisher.failures).hasValue(0);
        assertThat(failing.db.commits.get() - commits[0]).as("the batch is written once").isEqualTo(1);
        assertThat(failing.dump()).isEqualTo(reference.dump());
        assertThat(new HashSet<>(failing.publisher.ids())).as("every event published (again: consumers drop a repeated id)")
                .isEqualTo(new HashSet<>(reference.publisher.ids()));
        assertThat(failing.latest.positions).isEqualTo(reference.latest.positions);
    }

    @Test
    void anOrderTheBooksHoldButMemoryDoesNotMakesTheBatchReloadAndApplyItsInputsAgain() {
        ExecutionHarness h = harness("xbatch_known", ExecutionSettings.defaults(), null);
        List<CandleClosed> btc = candles(BTC, "100", 2, 41);
        List<CandleClosed> eth = candles(ETH, "50", 2, 42);
        policy.runner(Topics.CANDLES).process(List.of(record(Topics.CANDLES, btc.get(0)), record(Topics.CANDLES, eth.get(0))),
                h.consumers.candles);
        RiskDecisionMade btcDecision = decision(BTC, 0, btc.get(0).close(), "10");
        RiskDecisionMade ethDecision = decision(ETH, 0, eth.get(0).close(), "20");
        ClientOrderId foreign = Ids.clientOrderId(btcDecision.eventId());
        h.rows("INSERT INTO orders (client_order_id, position_id, symbol, candle_interval, purpose, side, order_type,"
                + " quantity, causation_id, status, filled_quantity, reason, created_at, updated_at) VALUES ('"
                + foreign.value() + "', '" + foreign.value() + "', 'BTCUSDT', '1h', 'ENTRY', 'BUY', 'MARKET', 10, '"
                + btcDecision.eventId().value() + "', 'REJECTED', 0, 'written by another writer', now(), now())"
                + " RETURNING 1");

        policy.runner(Topics.SIGNALS).process(List.of(record(Topics.SIGNALS, btcDecision), record(Topics.SIGNALS, ethDecision)),
                h.consumers.signals);

        assertThat(policy.parked.rows).isEmpty();
        assertThat(h.rows("SELECT reason FROM orders WHERE client_order_id = '" + foreign.value() + "'"))
                .as("the stored order stays as it is").containsExactly("written by another writer");
        assertThat(h.count("SELECT count(*) FROM orders")).isEqualTo(2);
        assertThat(h.publisher.ids()).doesNotHaveDuplicates()
                .doesNotContain(Ids.derive("order-submitted", foreign.value()).value())
                .contains(Ids.derive("order-submitted", Ids.clientOrderId(ethDecision.eventId()).value()).value());
        assertThat(entries(h)).containsExactly(Ids.clientOrderId(ethDecision.eventId()).value() + " ACCEPTED");
        assertThat(h.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isZero();
    }

    // ------------------------------------------------------------------ a bug half-way through a batch

    @Test
    void aBugInTheMiddleOfABatchParksItsRecordWhileTheRecordsBeforeItAreStoredAndPublishedOnce() {
        BugOnSecondEntryFee fees = new BugOnSecondEntryFee(new BigDecimal("7"));
        ExecutionHarness h = harness("xbatch_bug", ExecutionSettings.defaults(), fees);
        List<CandleClosed> btc = candles(BTC, "100", 4, 21);
        List<CandleClosed> eth = candles(ETH, "50", 4, 22);
        policy.runner(Topics.CANDLES).process(List.of(record(Topics.CANDLES, btc.get(0)), record(Topics.CANDLES, eth.get(0))),
                h.consumers.candles);
        policy.runner(Topics.SIGNALS).process(List.of(record(Topics.SIGNALS, decision(ETH, 0, eth.get(0).close(), "20"))),
                h.consumers.signals);
        // the signals consumer applied a decision and has not flushed yet; the candles consumer's batch then fills
        // both entries: the BTC fill (the order already moved to FILLED in memory) meets a bug
        RiskDecisionMade btcDecision = decision(BTC, 0, btc.get(0).close(), "7");
        h.consumers.signals.apply(btcDecision, record(Topics.SIGNALS, btcDecision));
        List<InboundRecord> batch = List.of(record(Topics.CANDLES, eth.get(1)), record(Topics.CANDLES, btc.get(1)),
                record(Topics.CANDLES, eth.get(2)), record(Topics.CANDLES, btc.get(2)));
        policy.runner(Topics.CANDLES).process(batch, h.consumers.candles);

        assertThat(policy.parked.rows).hasSize(2);
        assertThat(policy.parked.rows.get(0).record().offset()).isEqualTo(batch.get(1).offset());
        assertThat(policy.parked.rows.get(0).error()).contains("simulated bug");
        assertThat(policy.parked.rows.get(1).behind()).as("its key is held").isEqualTo(policy.parked.rows.get(0).id());
        ClientOrderId btcEntry = Ids.clientOrderId(btcDecision.eventId());
        assertThat(h.rows("SELECT status FROM orders WHERE client_order_id = '" + btcEntry.value() + "'"))
                .containsExactly("ACCEPTED");
        assertThat(h.count("SELECT count(*) FROM fills WHERE symbol = 'BTCUSDT'")).isZero();
        assertThat(h.count("SELECT count(*) FROM fills WHERE symbol = 'ETHUSDT' AND purpose = 'ENTRY'")).isEqualTo(1);
        assertThat(h.rows("SELECT open_time FROM recent_candles WHERE symbol = 'BTCUSDT'")).hasSize(1);
        assertThat(h.rows("SELECT open_time FROM recent_candles WHERE symbol = 'ETHUSDT'")).hasSize(3);
        assertThat(h.publisher.ids()).doesNotHaveDuplicates()
                .contains(Ids.derive("order-submitted", btcEntry.value()).value(),
                        Ids.derive("order-accepted", btcEntry.value()).value());
        assertThat(h.publisher.sent).filteredOn(e -> e instanceof OrderFilled f && f.clientOrderId().equals(btcEntry))
                .isEmpty();
        assertThat(h.count("SELECT count(*) FROM outbox WHERE published_at IS NULL")).isZero();

        // memory is the database: a service that starts from it sees the same books
        ExecutionHarness restarted = h.restart();
        harnesses.add(restarted);
        assertThat(h.service.account()).isEqualTo(restarted.service.account());
        assertThat(positions(h)).isEqualTo(positions(restarted));
        assertThat(entries(h)).isEqualTo(entries(restarted)).containsExactly(btcEntry.value() + " ACCEPTED");

        // released after a restart with the fix: the entry fills once
        policy.runner(Topics.CANDLES).process(List.of(), h.consumers.candles);
        assertThat(policy.parked.resolution).hasSize(2);
        assertThat(h.count("SELECT count(*) FROM fills WHERE symbol = 'BTCUSDT' AND purpose = 'ENTRY'")).isEqualTo(1);
        assertThat(h.publisher.sent).filteredOn(e -> e instanceof FillExecuted f && f.clientOrderId().equals(btcEntry))
                .hasSize(1);
        assertThat(h.publisher.ids()).doesNotHaveDuplicates();
        assertThat(h.rows("SELECT status FROM orders WHERE client_order_id = '" + btcEntry.value() + "'"))
                .containsExactly("FILLED");
        assertThat(entries(h)).isEmpty();
    }

    /** The default fees, but the second entry fee of an order of {@code quantity} (its fill: the first is the cash check) throws. */
    private static final class BugOnSecondEntryFee implements FeeModel {
        private final FeeModel real = FeeModel.taker(ExecutionSettings.defaults().takerFeeRate());
        private final BigDecimal quantity;
        private final AtomicInteger calls = new AtomicInteger();

        BugOnSecondEntryFee(BigDecimal quantity) {
            this.quantity = quantity;
        }

        @Override
        public Liquidity liquidity(OrderPurpose purpose) {
            return real.liquidity(purpose);
        }

        @Override
        public BigDecimal rate(Liquidity liquidity) {
            return real.rate(liquidity);
        }

        @Override
        public String spec() {
            return real.spec();
        }

        @Override
        public BigDecimal fee(OrderPurpose purpose, BigDecimal price, BigDecimal quantity) {
            if (purpose == OrderPurpose.ENTRY && quantity.compareTo(this.quantity) == 0 && calls.incrementAndGet() == 2) {
                throw new IllegalStateException("simulated bug in the fee model");
            }
            return real.fee(purpose, price, quantity);
        }
    }

    // ------------------------------------------------------------------ fixtures

    /**
     * Candles of three symbols, 16 hours; decisions (BTC, ETH every 4 candles; SOL late: after its fill candle);
     * a redelivered decision, candle (held, and one that left the window), a denied decision; a close request,
     * its redelivery and a stale one.
     */
    private static List<Event> scenario() {
        Map<Symbol, List<CandleClosed>> candles = Map.of(BTC, candles(BTC, "100", 16, 1), ETH, candles(ETH, "50", 16, 2),
                SOL, candles(SOL, "20", 16, 3));
        List<Event> inputs = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            for (Symbol s : List.of(BTC, ETH, SOL)) {
                inputs.add(candles.get(s).get(n));
            }
            if (n % 4 == 1) {
                inputs.add(decision(BTC, n, candles.get(BTC).get(n).close(), "10"));
                inputs.add(decision(ETH, n, candles.get(ETH).get(n).close(), "20"));
            }
            switch (n) {
                case 3 -> inputs.add(decision(BTC, 1, candles.get(BTC).get(1).close(), "10"));
                case 4 -> inputs.add(decision(SOL, 2, candles.get(SOL).get(2).close(), "50"));
                case 7 -> {
                    inputs.add(candles.get(ETH).get(6));
                    inputs.add(denied(ETH, 7));
                }
                case 9 -> {
                    PositionCloseRequested close = close(ETH, "close-1", T0.plusSeconds(3600L * 10));
                    inputs.add(close);
                    inputs.add(close);
                    inputs.add(close(BTC, "close-2", T0.plusSeconds(3600L * 8)));
                }
                case 12 -> {
                    inputs.add(decision(SOL, 10, candles.get(SOL).get(10).close(), "50"));
                    inputs.add(candles.get(BTC).get(3));
                }
                default -> {
                }
            }
        }
        return inputs;
    }

    private static void apply(ExecutionHarness h, Event input) {
        InboundRecord record = new InboundRecord("test", 0, 0, input.key(), EventCodec.encode(input), Map.of());
        switch (input) {
            case CandleClosed c -> h.consumers.candles.apply(c, record);
            case RiskDecisionMade d -> h.consumers.signals.apply(d, record);
            default -> h.consumers.control.apply(input, record);
        }
    }

    private InboundRecord record(String topic, Event event) {
        return policy.record(topic, event.key(), EventCodec.encode(event));
    }

    /** {@code count} hourly candles from T0, a seeded walk of at most 2 % a candle. */
    private static List<CandleClosed> candles(Symbol symbol, String start, int count, long seed) {
        Random random = new Random(seed);
        List<CandleClosed> candles = new ArrayList<>();
        BigDecimal open = new BigDecimal(start);
        for (int n = 0; n < count; n++) {
            BigDecimal close = scale(open.multiply(BigDecimal.valueOf(1 + (random.nextDouble() * 2 - 1) * 0.02)));
            BigDecimal high = scale(open.max(close).multiply(BigDecimal.valueOf(1 + random.nextDouble() * 0.01)));
            BigDecimal low = scale(open.min(close).multiply(BigDecimal.valueOf(1 - random.nextDouble() * 0.01)));
            Instant openTime = T0.plusSeconds(3600L * n);
            Instant closeTime = openTime.plusSeconds(3600);
            candles.add(new CandleClosed(Ids.candleId("binance", symbol, Interval.H1, openTime), closeTime, closeTime, null,
                    CandleClosed.SCHEMA_VERSION, "binance", symbol, Interval.H1, openTime, closeTime, open, high, low, close,
                    new BigDecimal("1000"), close.multiply(new BigDecimal("1000")), 100));
            open = close;
        }
        return candles;
    }

    private static BigDecimal scale(BigDecimal price) {
        return price.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** An approved long on the candle {@code n} of {@code symbol}: stop 2 % below its close, target 2 % above. */
    private static RiskDecisionMade decision(Symbol symbol, int n, BigDecimal close, String quantity) {
        Instant open = T0.plusSeconds(3600L * n);
        BigDecimal stop = scale(close.multiply(new BigDecimal("0.98")));
        BigDecimal target = scale(close.multiply(new BigDecimal("1.02")));
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal(quantity), close, stop, target,
                close.subtract(stop).multiply(new BigDecimal(quantity)));
        String id = "batch-" + symbol.value() + "-" + n;
        return new RiskDecisionMade(Ids.derive("test", id), open.plusSeconds(3600), open.plusSeconds(3600),
                Ids.derive("test", "prediction-" + id), RiskDecisionMade.SCHEMA_VERSION, symbol, Interval.H1, open, true,
                intent, List.of(new RiskCheck("confidence", true, new BigDecimal("0.61"), ">", new BigDecimal("0.55"), null,
                        null)), null);
    }

    private static ClientOrderId entry(Symbol symbol, int n) {
        return Ids.clientOrderId(Ids.derive("test", "batch-" + symbol.value() + "-" + n));
    }

    private static RiskDecisionMade denied(Symbol symbol, int n) {
        Instant open = T0.plusSeconds(3600L * n);
        String id = "batch-denied-" + symbol.value() + "-" + n;
        return new RiskDecisionMade(Ids.derive("test", id), open.plusSeconds(3600), open.plusSeconds(3600),
                Ids.derive("test", "prediction-" + id), RiskDecisionMade.SCHEMA_VERSION, symbol, Interval.H1, open, false,
                null, List.of(new RiskCheck("confidence", false, new BigDecimal("0.40"), ">", new BigDecimal("0.55"), null,
                        null)), "confidence too low");
    }

    private static PositionCloseRequested close(Symbol symbol, String id, Instant at) {
        return new PositionCloseRequested(Ids.derive("test", id), at, at, null, PositionCloseRequested.SCHEMA_VERSION, symbol,
                "api");
    }

    private static List<String> positions(ExecutionHarness h) {
        return h.service.openPositions().stream()
                .map(Position::positionId).sorted().toList();
    }

    private static List<String> entries(ExecutionHarness h) {
        return h.service.workingEntries().stream()
                .map((Order o) -> o.clientOrderId().value() + " " + o.status()).sorted().toList();
    }
}
