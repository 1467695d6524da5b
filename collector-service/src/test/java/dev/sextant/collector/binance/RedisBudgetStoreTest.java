package dev.sextant.collector.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.collector.exchange.BudgetStore;
import dev.sextant.collector.exchange.Decision;
import dev.sextant.collector.exchange.InMemoryBudgetStore;
import dev.sextant.collector.exchange.WeightBudget;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The Redis store against the real Redis, with {@link InMemoryBudgetStore} as the oracle: the same sequence of
 * operations gives the same answers; concurrent consumers never get more than the limit; a budget over each store
 * decides the same.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "collector"))
class RedisBudgetStoreTest {

    @InjectInfra
    TestInfra infra;

    @Inject
    RedisDataSource redis;

    @Test
    void aRandomSequenceOfStepsAnswersAsTheInMemoryOracle() {
        String p = infra.redisKeyPrefix() + "oracle:";
        Instant base = Instant.parse("2030-01-01T00:00:00Z");
        RedisBudgetStore real = new RedisBudgetStore(redis);
        InMemoryBudgetStore oracle = new InMemoryBudgetStore(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        Random random = new Random(42);
        List<String> blocks = List.of(p + "ban", p + "backoff");
        Duration ttl = Duration.ofMinutes(2);
        int granted = 0;
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            String w = p + "w:" + (i / 40 + random.nextInt(3)); // new windows keep appearing, as minutes pass
            String b = blocks.get(random.nextInt(blocks.size()));
            switch (random.nextInt(5)) {
                case 0 -> {
                    long weight = 1 + random.nextInt(40);
                    long limit = 200 + random.nextInt(400);
                    BudgetStore.Consumption expected = oracle.tryConsume(w, weight, limit, ttl);
                    assertThat(real.tryConsume(w, weight, limit, ttl)).as("step %d tryConsume", i).isEqualTo(expected);
                    if (expected.granted()) {
                        granted++;
                    } else {
                        refused++;
                    }
                }
                case 1 -> {
                    long used = random.nextInt(700);
                    assertThat(real.raiseTo(w, used, ttl)).as("step %d raiseTo", i).isEqualTo(oracle.raiseTo(w, used, ttl));
                }
                case 2 -> assertThat(real.used(w)).as("step %d used", i).isEqualTo(oracle.used(w));
                case 3 -> {
                    BudgetStore.Block block = new BudgetStore.Block(base.plusMillis(random.nextInt(1_000_000)),
                            "reason " + i + " with spaces, 'quotes' and ünicode");
                    real.extendBlock(b, block);
                    oracle.extendBlock(b, block);
                }
                default -> assertThat(real.block(b)).as("step %d block", i).isEqualTo(oracle.block(b));
            }
        }
        assertThat(granted).as("the sequence exercised grants").isGreaterThan(50);
        assertThat(refused).as("the sequence exercised refusals").isGreaterThan(50);
        assertThat(real.block(p + "never")).isEqualTo(Optional.empty()).isEqualTo(oracle.block(p + "never"));
        assertThat(real.used(p + "never")).isZero();
        // the counts expire as the ttl says (the oracle checks this on its clock; Redis holds a PEXPIRE)
        long pttl = redis.key().pttl(p + "w:0");
        assertThat(pttl).isBetween(1L, ttl.toMillis());
    }

    @Test
    void concurrentConsumersNeverGetMoreThanTheLimit() throws Exception {
        String key = infra.redisKeyPrefix() + "concurrent:w";
        RedisBudgetStore real = new RedisBudgetStore(redis);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int mine = 0;
                    for (int i = 0; i < 60; i++) {
                        if (real.tryConsume(key, 3, 300, Duration.ofMinutes(1)).granted()) {
                            mine++;
                        }
                    }
                    return mine;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                total += f.get();
            }
            assertThat(total).isEqualTo(100);
            assertThat(real.used(key)).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBudgetOverRedisDecidesAsABudgetOverTheOracle() {
        // Redis expires the block at its until (PEXPIREAT, real time): the budget's clock must be the real one's minute
        Clock clock = Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(30), ZoneOffset.UTC);
        WeightBudget overRedis = new WeightBudget(new RedisBudgetStore(redis), clock,
                WeightBudget.Settings.defaults(infra.redisKeyPrefix() + "budget"));
        WeightBudget overOracle = new WeightBudget(new InMemoryBudgetStore(clock), clock,
                WeightBudget.Settings.defaults("oracle"));
        for (int i = 0; i < 30; i++) {
            Decision a = overRedis.request(20);
            Decision b = overOracle.request(20);
            assertThat(a.getClass()).isEqualTo(b.getClass());
            if (a instanceof Decision.Send s && b instanceof Decision.Send o) {
                Map<String, List<String>> headers = Map.of("X-MBX-USED-WEIGHT-1M", List.of(Long.toString(100L * i)));
                assertThat(overRedis.observe(s.permit(), 200, headers)).isEqualTo(overOracle.observe(o.permit(), 200, headers));
            }
        }
        assertThat(overRedis.status()).isEqualTo(overOracle.status());
        // a 418 blocks both the same way
        Decision.Send s = (Decision.Send) overRedis.request(1);
        Decision.Send o = (Decision.Send) overOracle.request(1);
        Map<String, List<String>> ban = Map.of("Retry-After", List.of("120"));
        assertThat(overRedis.observe(s.permit(), 418, ban)).isEqualTo(overOracle.observe(o.permit(), 418, ban));
        assertThat(overRedis.request(1)).isEqualTo(overOracle.request(1)).isInstanceOf(Decision.Wait.class);
    }
}
