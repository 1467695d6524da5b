package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
    final TestClock clock = new TestClock("2026-03-02T12:00:00Z");
    final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
    static final Duration TTL = Duration.ofMinutes(2);

    @Test
    void aRefusedConsumptionChangesNothing() {
        assertThat(store.tryConsume("w", 60, 100, TTL)).isEqualTo(new BudgetStore.Consumption(true, 60));
        assertThat(store.tryConsume("w", 41, 100, TTL)).isEqualTo(new BudgetStore.Consumption(false, 60));
        assertThat(store.tryConsume("w", 40, 100, TTL)).isEqualTo(new BudgetStore.Consumption(true, 100));
        assertThat(store.tryConsume("w", 1, 100, TTL)).isEqualTo(new BudgetStore.Consumption(false, 100));
        assertThat(store.used("w")).isEqualTo(100);
        assertThat(store.used("other")).isZero();
    }

    @Test
    void countsExpireAfterTheirTtlLikeRedisKeys() {
        store.tryConsume("w", 10, 100, TTL);
        clock.advance(TTL.minusMillis(1));
        assertThat(store.used("w")).isEqualTo(10);
        assertThat(store.windowsHeld()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(store.used("w")).isZero();
        assertThat(store.windowsHeld()).isZero();
    }

    @Test
    void raiseToTakesTheHigherAndRenewsTheTtl() {
        store.tryConsume("w", 10, 100, TTL);
        assertThat(store.raiseTo("w", 5, TTL)).isEqualTo(10);
        assertThat(store.raiseTo("w", 50, TTL)).isEqualTo(50);
        assertThat(store.raiseTo("fresh", 7, TTL)).isEqualTo(7);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.raiseTo("w", 80, TTL)).isEqualTo(80);
        clock.advance(Duration.ofSeconds(90));
        assertThat(store.used("w")).as("renewed a minute later").isEqualTo(80);
        assertThat(store.used("fresh")).isZero();
    }

    @Test
    void aBlockIsOnlyEverExtended() {
        Instant t = clock.instant();
        assertThat(store.block("ban")).isEmpty();
        store.extendBlock("ban", new BudgetStore.Block(t.plusSeconds(100), "first"));
        store.extendBlock("ban", new BudgetStore.Block(t.plusSeconds(50), "shorter"));
        assertThat(store.block("ban")).contains(new BudgetStore.Block(t.plusSeconds(100), "first"));
        store.extendBlock("ban", new BudgetStore.Block(t.plusSeconds(100), "as long"));
        assertThat(store.block("ban").orElseThrow().reason()).isEqualTo("first");
        store.extendBlock("ban", new BudgetStore.Block(t.plusSeconds(200), "longer"));
        assertThat(store.block("ban")).contains(new BudgetStore.Block(t.plusSeconds(200), "longer"));
        assertThat(store.block("backoff")).isEmpty();
    }
}
