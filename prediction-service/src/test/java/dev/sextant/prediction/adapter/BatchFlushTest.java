package dev.sextant.prediction.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.FeaturesComputed;
import dev.sextant.contracts.event.PredictionMade;
import dev.sextant.contracts.json.EventCodec;
import dev.sextant.prediction.TestEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consumers' batch flush against the real PostgreSQL (a throwaway schema with the service's migrations) under
 * the real consumer policy: one transaction and a bounded number of statements per batch, the same result as
 * record-by-record batches, exactly-once storage, resolution and counting when a flush is retried, and accuracy
 * gauges equal to the repository's counts.
 */
class BatchFlushTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT");

    private final List<PredictionDb> dbs = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        dbs.forEach(PredictionDb::close);
    }

    private PredictionDb db() {
        PredictionDb db = new PredictionDb();
        dbs.add(db);
        return db;
    }

    private static Instant hour(int i) {
        return T0.plusSeconds(3600L * i);
    }

    /** A warm vector of {@code symbol} on the candle opened at hour {@code i}; its close varies, so do the forecasts. */
    private static FeaturesComputed features(String symbol, int i) {
        return TestEvents.features(symbol, hour(i), 1000 + Math.floorMod(i * 7 + symbol.hashCode(), 13));
    }

    /** The candle opened at hour {@code i}: it resolves the prediction made at hour i - 1. */
    private static CandleClosed candle(String symbol, int i) {
        return TestEvents.candle(symbol, hour(i), BigDecimal.valueOf(1000 + Math.floorMod(i * 5 + symbol.hashCode() / 7, 13)).toPlainString());
    }

    private static List<FeaturesComputed> features(List<String> symbols, int fromHour, int toHour) {
        List<FeaturesComputed> out = new ArrayList<>();
        for (int i = fromHour; i <= toHour; i++) {
            for (String symbol : symbols) {
                out.add(features(symbol, i));
            }
        }
        return out;
    }

    private static List<CandleClosed> candles(List<String> symbols, int fromHour, int toHour) {
        List<CandleClosed> out = new ArrayList<>();
        for (int i = fromHour; i <= toHour; i++) {
            for (String symbol : symbols) {
                out.add(candle(symbol, i));
            }
        }
        return out;
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---- a batch of N = N batches of one ----

    /** A consumed step: a batch of features or of candles. */
    private record Step(List<FeaturesComputed> features, List<CandleClosed> candles) {
        static Step features(List<FeaturesComputed> batch) {
            return new Step(batch, List.of());
        }

        static Step candles(List<CandleClosed> batch) {
            return new Step(List.of(), batch);
        }
    }

    private static List<Step> mixedSteps() {
        List<String> symbols = SYMBOLS.subList(0, 3);
        List<FeaturesComputed> features = new ArrayList<>(features(symbols, 0, 11));
        features.add(3, TestEvents.coldFeatures("BTCUSDT", hour(20), 1000)); // skipped
        features.add(7, TestEvents.features("ETHUSDT", hour(21), "fs-v0", TestEvents.NAMES, TestEvents.values(1000), true)); // DLQ
        features.add(features.get(10)); // a redelivery
        List<CandleClosed> later = new ArrayList<>(candles(symbols, 7, 10));
        later.add(2, candle("BTCUSDT", 8)); // a redelivery
        // the same candle with another close (a correction): the first one stored decides
        later.add(TestEvents.candle("ETHUSDT", hour(9), "5000"));
        return List.of(
                Step.candles(candles(symbols, 1, 6)),  // predictions 0..5 find their candle stored
                Step.features(features),              // 6..9 wait for theirs; 10, 11 stay open
                Step.candles(later));
    }

    private static void run(Pipeline p, List<Step> steps, boolean oneByOne) {
        for (Step step : steps) {
            if (oneByOne) {
                step.features().forEach(f -> p.features(List.of(f)));
                step.candles().forEach(c -> p.candles(List.of(c)));
            } else {
                if (!step.features().isEmpty()) {
                    p.features(step.features());
                }
                if (!step.candles().isEmpty()) {
                    p.candles(step.candles());
                }
            }
        }
    }

    @Test
    void aBatchOfNRecordsLeavesWhatNBatchesOfOneLeave() {
        Pipeline batched = new Pipeline(db());
        Pipeline single = new Pipeline(db());

        run(batched, mixedSteps(), false);
        run(single, mixedSteps(), true);

        // meaningful: predictions resolved both ways (stored candle first, prediction first), right and wrong, some open
        assertThat(batched.db.count("SELECT count(*) FROM predictions")).isEqualTo(36);
        assertThat(batched.db.count("SELECT count(*) FROM predictions WHERE correct")).isPositive();
        assertThat(batched.db.count("SELECT count(*) FROM predictions WHERE NOT correct")).isPositive();
        assertThat(batched.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NULL")).isEqualTo(6);
        assertThat(batched.db.count("SELECT count(*) FROM predictions WHERE actual_close = 5000")).isZero();

        assertThat(batched.predictionRows()).isEqualTo(single.predictionRows());
        assertThat(batched.db.rows("SELECT * FROM candle_closes ORDER BY 1, 2, 3"))
                .isEqualTo(single.db.rows("SELECT * FROM candle_closes ORDER BY 1, 2, 3"));
        assertThat(batched.publisher.published.stream().map(EventCodec::encode).toList())
                .isEqualTo(single.publisher.published.stream().map(EventCodec::encode).toList());
        assertThat(batched.latest.values).isEqualTo(single.latest.values);
        assertThat(batched.latest.writes).as("one Redis write per symbol of the batch").isEqualTo(3);
        assertThat(batched.policy.deadLetters.reasons()).isEqualTo(single.policy.deadLetters.reasons()).hasSize(1);
        assertThat(meters(batched)).isEqualTo(meters(single));
        for (String symbol : SYMBOLS.subList(0, 3)) {
            assertThat(batched.gauge(symbol)).isEqualTo(single.gauge(symbol)).isPresent();
        }
    }

    /** The service's own meters with their values (not the policy's). */
    private static Map<String, Double> meters(Pipeline p) {
        Map<String, Double> out = new LinkedHashMap<>();
        p.registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("sextant.prediction.") && !m.getId().getName().contains("latency"))
                .forEach(m -> m.measure().forEach(measure -> out.put(m.getId().toString() + measure.getStatistic(), measure.getValue())));
        return new java.util.TreeMap<>(out);
    }

    // ---- bounded work per batch ----

    @Test
    void aFlushOf200RecordsIsOneTransactionOfAFewStatements() {
        Pipeline p = new Pipeline(db());
        p.tracker.loadGauges();
        p.candles(candles(SYMBOLS, 1, 25)); // the candles deciding predictions 0..24: 100 of the 200 resolve at once
        p.dataSource.reset();

        p.features(features(SYMBOLS, 0, 49)); // 200 records

        assertThat(p.publisher.published).hasSize(200);
        assertThat(p.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL")).isEqualTo(100);
        assertThat(p.dataSource.connections).isEqualTo(1);
        assertThat(p.dataSource.commits).isEqualTo(1);
        assertThat(p.dataSource.executed).as("the instances' lock, insert batch, resolvable query, resolve statement")
                .hasSize(4).first().asString().contains("pg_advisory_xact_lock");
        assertThat(p.latest.writes).isEqualTo(SYMBOLS.size());

        p.dataSource.reset();
        p.candles(candles(SYMBOLS, 26, 75)); // 200 candles: the 100 other predictions resolve

        assertThat(p.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL")).isEqualTo(200);
        assertThat(p.dataSource.connections).isEqualTo(1);
        assertThat(p.dataSource.commits).isEqualTo(1);
        assertThat(p.dataSource.executed).as("the instances' lock, upsert batch, pending query, resolve statement")
                .hasSize(4).first().asString().contains("pg_advisory_xact_lock");
        assertThat(p.resolvedCounter()).isEqualTo(200.0);
    }

    // ---- a flush retried after an infrastructure failure ----

    /** Where the database connection is lost once. */
    enum Fault {
        /** the batch's first write never reaches the database */
        WRITE_LOST((method, sql) -> method.equals("executeBatch"), false),
        /** the resolving statement never reaches the database */
        RESOLVE_LOST((method, sql) -> method.equals("executeQuery") && sql.startsWith("UPDATE"), false),
        /** the commit never reaches the database */
        COMMIT_LOST((method, sql) -> method.equals("commit"), false),
        /** the database commits, the answer is lost */
        COMMIT_ANSWER_LOST((method, sql) -> method.equals("commit"), true);

        final BiPredicate<String, String> when;
        final boolean after;

        Fault(BiPredicate<String, String> when, boolean after) {
            this.when = when;
            this.after = after;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFlushFailingOnceIsRetriedAndStoresResolvesAndCountsEachPredictionOnce(Fault fault) {
        List<String> symbols = SYMBOLS.subList(0, 2);
        Pipeline p = new Pipeline(db());
        p.candles(candles(symbols, 1, 5)); // predictions 0..4 resolve when stored

        p.dataSource.failOnce(fault.when, fault.after);
        p.features(features(symbols, 0, 9));

        assertThat(p.dataSource.failures).isEqualTo(1);
        assertThat(p.policy.sleeps).as("retried once").hasSize(1);
        assertThat(p.policy.deadLetters.sent).isEmpty();
        assertThat(p.policy.parked.rows).isEmpty();
        assertThat(p.db.count("SELECT count(*) FROM predictions")).isEqualTo(20);
        assertThat(p.db.count("SELECT count(DISTINCT event_id) FROM predictions")).isEqualTo(20);
        assertThat(p.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL")).isEqualTo(10);
        assertThat(p.resolvedCounter()).isEqualTo(10.0);
        assertThat(p.publisher.published).as("published once each, after they were stored").hasSize(20)
                .extracting(PredictionMade::eventId).doesNotHaveDuplicates();
        assertGaugesEqualTheRepository(p, symbols);

        // the same fault in a candles flush: the 10 other predictions resolve
        p.dataSource.failOnce(fault.when, fault.after);
        p.candles(candles(symbols, 6, 10));

        assertThat(p.dataSource.failures).isEqualTo(2);
        assertThat(p.policy.sleeps).hasSize(2);
        assertThat(p.db.count("SELECT count(*) FROM candle_closes")).isEqualTo(20);
        assertThat(p.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL")).isEqualTo(20);
        assertThat(p.resolvedCounter()).isEqualTo(20.0);
        assertGaugesEqualTheRepository(p, symbols);
    }

    @Test
    void whenTheDatabaseNoLongerKnowsAFailedCommitTheGaugesAreReadAgain() {
        List<String> symbols = SYMBOLS.subList(0, 2);
        Pipeline p = new Pipeline(db(), dataSource -> new PredictionRepository(dataSource) {
            @Override
            public Optional<String> transactionStatus(long transactionId) {
                return Optional.empty();
            }
        });
        p.features(features(symbols, 0, 9));

        p.dataSource.failOnce(Fault.COMMIT_ANSWER_LOST.when, true);
        p.candles(candles(symbols, 1, 5));

        assertThat(p.db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL")).isEqualTo(10);
        assertThat(p.resolvedCounter()).as("not counted twice; these are not counted at all").isZero();
        assertGaugesEqualTheRepository(p, symbols);
    }

    @Test
    void aPublishRetriedAfterTheBrokerFailedDoesNotWriteTheBatchAgain() {
        Pipeline p = new Pipeline(db());
        p.candles(candles(SYMBOLS, 1, 3));
        p.dataSource.reset();
        p.publisher.failures = 1;

        p.features(features(SYMBOLS, 0, 4));

        assertThat(p.policy.sleeps).hasSize(1);
        assertThat(p.dataSource.commits).isEqualTo(1);
        assertThat(p.dataSource.executed).filteredOn(sql -> sql.startsWith("INSERT")).hasSize(1);
        // the 19 acknowledged the first time are republished with the failed one, under the same ids
        assertThat(p.publisher.published).hasSize(19 + 20);
        assertThat(p.publisher.published.stream().map(PredictionMade::eventId).distinct().count()).isEqualTo(20);
        assertThat(p.db.count("SELECT count(*) FROM predictions")).isEqualTo(20);
        assertThat(p.resolvedCounter()).isEqualTo(12.0);
    }

    // ---- accuracy gauges ----

    @Test
    void theAccuracyGaugesEqualTheRepositorysAccuracyAfterAMixOfBatchesAndAfterARestart() {
        PredictionDb db = db();
        Pipeline p = new Pipeline(db);
        p.tracker.loadGauges();
        assertThat(p.gauge("BTCUSDT")).isEmpty();

        p.features(features(SYMBOLS.subList(0, 3), 0, 4));
        p.candles(concat(candles(SYMBOLS, 3, 8), List.of(candle("BTCUSDT", 4)))); // resolves 2..4, stores 5..8 first
        p.features(concat(features(SYMBOLS, 5, 9), List.of(features("ETHUSDT", 2), features("XRPUSDT", 0))));
        p.candles(concat(candles(SYMBOLS.subList(1, 4), 1, 2), candles(SYMBOLS, 9, 10)));
        p.features(features(List.of("XRPUSDT"), 10, 12));

        long resolved = db.count("SELECT count(*) FROM predictions WHERE actual_up IS NOT NULL");
        assertThat(resolved).isGreaterThan(30);
        assertThat(p.resolvedCounter()).isEqualTo(resolved);
        assertGaugesEqualTheRepository(p, SYMBOLS);
        assertThat(new HashSet<>(SYMBOLS.stream().map(s -> p.gauge(s).orElseThrow()).toList()))
                .as("not all the same value").hasSizeGreaterThan(1);

        Pipeline restarted = new Pipeline(db);
        restarted.tracker.loadGauges();
        assertGaugesEqualTheRepository(restarted, SYMBOLS);
        restarted.candles(candles(List.of("XRPUSDT"), 11, 13));
        assertGaugesEqualTheRepository(restarted, SYMBOLS);
    }

    private static void assertGaugesEqualTheRepository(Pipeline p, List<String> symbols) {
        for (String symbol : symbols) {
            assertThat(p.gauge(symbol)).as("gauge of %s", symbol)
                    .contains(p.repository.accuracy(Optional.of(symbol)).accuracy());
        }
    }

}
