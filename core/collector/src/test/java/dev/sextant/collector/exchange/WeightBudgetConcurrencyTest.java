package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WeightBudgetConcurrencyTest {
    static final int THREADS = 8;
    static final int MINUTES = 6;

    /**
     * Two budgets (two instances) share one store; 8 threads, 4 on each, request weights of 1 to 7 as fast as they can
     * until refused, minute after minute (the clock moves a minute between rounds, while no thread runs). Together
     * they never get more than the usable 5400 in a minute, and they do fill it (what is left is less than the
     * heaviest weight).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twoBudgetsSharingOneStoreNeverExceedTheLimitTogetherUnderEightThreads() throws Exception {
        TestClock clock = new TestClock("2026-03-02T12:00:00Z");
        InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
        WeightBudget a = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));
        WeightBudget b = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));
        Map<Integer, AtomicLong> grantedPerMinute = new ConcurrentHashMap<>();
        for (int m = 0; m < MINUTES; m++) {
            grantedPerMinute.put(m, new AtomicLong());
        }
        CyclicBarrier roundStart = new CyclicBarrier(THREADS);
        CyclicBarrier roundEnd = new CyclicBarrier(THREADS, () -> clock.advance(Duration.ofMinutes(1)));

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> requests = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                WeightBudget budget = t % 2 == 0 ? a : b;
                int seed = t;
                requests.add(pool.submit(() -> {
                    long asked = 0;
                    for (int minute = 0; minute < MINUTES; minute++) {
                        roundStart.await();
                        int i = seed;
                        while (true) {
                            int weight = 1 + (i++ % 7);
                            asked++;
                            Decision d = budget.request(weight);
                            if (d instanceof Decision.Wait w) {
                                assertThat(w.state()).isEqualTo(BudgetStatus.State.THROTTLED);
                                break;
                            }
                            grantedPerMinute.get(minute).addAndGet(((Decision.Send) d).permit().weight());
                        }
                        roundEnd.await();
                    }
                    return asked;
                }));
            }
            long asked = 0;
            for (Future<Long> f : requests) {
                asked += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(asked).as("requests made").isGreaterThan(MINUTES * 1000L);
        } finally {
            pool.shutdownNow();
        }
        for (int m = 0; m < MINUTES; m++) {
            assertThat(grantedPerMinute.get(m).get()).as("minute %d", m).isBetween(5400L - 6, 5400L);
        }
    }

    /**
     * Header truth and grants race: stale headers (lower than the count when they arrive) must never undo a grant made
     * meanwhile by another thread, so the count ends exactly at what was granted.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void headerTruthRacingWithGrantsNeverLowersTheCount() throws Exception {
        TestClock clock = new TestClock("2026-03-02T12:00:00Z");
        InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
        WeightBudget budget = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));
        AtomicLong granted = new AtomicLong();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        long before = granted.get(); // at most what the store counts by the time the header arrives
                        Decision d = budget.request(1);
                        if (d instanceof Decision.Send s) {
                            granted.incrementAndGet();
                            // a stale header: the count as it stood before this request, while others keep counting
                            budget.observe(s.permit(), 200, Map.of("X-MBX-USED-WEIGHT-1M", List.of(String.valueOf(before))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(granted.get()).isEqualTo(THREADS * 200L);
        assertThat(budget.status().usedWeight()).as("stale headers never undo grants").isEqualTo(THREADS * 200L);
    }
}
