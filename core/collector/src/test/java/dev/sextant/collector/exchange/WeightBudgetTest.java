package dev.sextant.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeightBudgetTest {
    static final Instant T0 = Instant.parse("2026-03-02T12:00:10Z");
    static final Instant NEXT_MINUTE = Instant.parse("2026-03-02T12:01:00Z");

    final TestClock clock = new TestClock(T0);
    final InMemoryBudgetStore store = new InMemoryBudgetStore(clock);
    final WeightBudget budget = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));

    static Permit send(WeightBudget budget, int weight) {
        Decision d = budget.request(weight);
        assertThat(d).as("request of weight %d", weight).isInstanceOf(Decision.Send.class);
        return ((Decision.Send) d).permit();
    }

    static Decision.Wait waits(WeightBudget budget, int weight) {
        Decision d = budget.request(weight);
        assertThat(d).as("request of weight %d", weight).isInstanceOf(Decision.Wait.class);
        return (Decision.Wait) d;
    }

    static Map<String, List<String>> header(String name, String... values) {
        return Map.of(name, List.of(values));
    }

    @Test
    void grantsUpToTheLimitLessTheTenPercentMarginThenWaitsForTheNextUtcMinute() {
        assertThat(budget.limit()).isEqualTo(new WeightLimit(1, WeightLimit.Unit.MINUTE, 6000));
        assertThat(budget.usableWeight()).isEqualTo(5400);
        for (int i = 0; i < 54; i++) {
            Permit p = send(budget, 100);
            assertThat(p.weight()).isEqualTo(100);
        }
        Decision.Wait wait = waits(budget, 100);
        assertThat(wait.until()).isEqualTo(NEXT_MINUTE);
        assertThat(wait.state()).isEqualTo(BudgetStatus.State.THROTTLED);
        assertThat(wait.reason()).contains("5400 + 100 > 5400 usable (limit 6000");
        assertThat(wait.delay(clock.instant())).isEqualTo(Duration.ofSeconds(50));
        waits(budget, 1);

        BudgetStatus status = budget.status();
        assertThat(status.state()).isEqualTo(BudgetStatus.State.THROTTLED);
        assertThat(status.until()).isEqualTo(NEXT_MINUTE);
        assertThat(status.usedWeight()).isEqualTo(5400);

        clock.set(NEXT_MINUTE.minusMillis(1));
        waits(budget, 1);
        clock.set(NEXT_MINUTE);
        send(budget, 5400);
    }

    @Test
    void theWindowIsTheUtcMinuteNotAMinuteFromTheFirstRequest() {
        clock.set(Instant.parse("2026-03-02T12:00:59.500Z"));
        send(budget, 5400);
        waits(budget, 1);
        clock.advance(Duration.ofMillis(500)); // 12:01:00.000: a new minute, though only 0.5 s passed
        send(budget, 5400);
        waits(budget, 1);
        assertThat(budget.status().usedWeight()).isEqualTo(5400);
    }

    @Test
    void theSafetyMarginIsConfigurable() {
        WeightBudget none = new WeightBudget(new InMemoryBudgetStore(clock), clock,
                WeightBudget.Settings.defaults("a").withSafetyMargin(0));
        assertThat(none.usableWeight()).isEqualTo(6000);
        send(none, 6000);
        waits(none, 1);

        WeightBudget quarter = new WeightBudget(new InMemoryBudgetStore(clock), clock,
                WeightBudget.Settings.defaults("b").withSafetyMargin(0.25));
        assertThat(quarter.usableWeight()).isEqualTo(4500);
        assertThatThrownBy(() -> quarter.request(4501)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 4501 exceeds the usable weight 4500 per 1M window").hasMessageContaining("never");
        assertThatThrownBy(() -> quarter.request(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeightBudget.Settings.defaults("c").withSafetyMargin(0.9))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeightBudget.Settings.defaults(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binancesUsedWeightHeaderRaisesTheCountButNeverLowersIt() {
        Permit p = send(budget, 100);
        budget.observe(p, 200, header("X-MBX-USED-WEIGHT-1M", "5000")); // other clients of the IP spent weight
        assertThat(budget.status().usedWeight()).isEqualTo(5000);
        waits(budget, 401);
        Permit q = send(budget, 400);
        assertThat(budget.status().usedWeight()).isEqualTo(5400);

        budget.observe(q, 200, header("X-MBX-USED-WEIGHT-1M", "10"));
        assertThat(budget.status().usedWeight()).as("a lower header never lowers the count").isEqualTo(5400);
    }

    @Test
    void headerNamesInAnyCaseTheLegacyNameAndOtherWindowsAreToldApart() {
        Permit p = send(budget, 1);
        budget.observe(p, 200, header("x-mbx-used-weight-1m", "100"));
        assertThat(budget.status().usedWeight()).isEqualTo(100);
        budget.observe(p, 200, header("X-MBX-USED-WEIGHT", "200"));
        assertThat(budget.status().usedWeight()).as("the bare legacy header is the minute's").isEqualTo(200);
        budget.observe(p, 200, Map.of("X-MBX-USED-WEIGHT-1S", List.of("9999"), "X-MBX-USED-WEIGHT-5M", List.of("9999"),
                "X-MBX-ORDER-COUNT-10S", List.of("9999"), "X-MBX-USED-WEIGHT-1MIN", List.of("9999")));
        assertThat(budget.status().usedWeight()).as("other windows' headers are not the minute's").isEqualTo(200);
        budget.observe(p, 200, header("X-Mbx-Used-Weight-1m", "100", " 3000 ", "2000"));
        assertThat(budget.status().usedWeight()).as("the highest of several values").isEqualTo(3000);
    }

    @Test
    void garbageHeaderValuesAreIgnored() {
        Permit p = send(budget, 7);
        for (String garbage : List.of("", "abc", "-5", "12.5", "1e3", "0x10", "٣٠٠٠", "9999999999999999999999999")) {
            budget.observe(p, 200, header("X-MBX-USED-WEIGHT-1M", garbage));
            assertThat(budget.status().usedWeight()).as("'%s'", garbage).isEqualTo(7);
        }
        budget.observe(p, 200, Map.of());
        assertThat(budget.status().usedWeight()).isEqualTo(7);
    }

    @Test
    void aResponseArrivingInTheNextMinuteRaisesBothWindowsAndOneWithinTheMinuteOnlyItsOwn() {
        clock.set(Instant.parse("2026-03-02T12:00:30Z"));
        Permit within = send(budget, 1);
        clock.advance(Duration.ofSeconds(1));
        budget.observe(within, 200, header("X-MBX-USED-WEIGHT-1M", "4000"));
        clock.set(NEXT_MINUTE);
        assertThat(budget.status().usedWeight()).as("the 12:00 count stays in 12:00").isZero();

        clock.set(Instant.parse("2026-03-02T12:01:59.900Z"));
        Permit straddling = send(budget, 1);
        clock.advance(Duration.ofMillis(200)); // 12:02:00.100: Binance counted it in 12:01 or 12:02
        budget.observe(straddling, 200, header("X-MBX-USED-WEIGHT-1M", "5000"));
        assertThat(budget.status().usedWeight()).as("12:02").isEqualTo(5000);
        long minute0201 = Instant.parse("2026-03-02T12:01:00Z").toEpochMilli() / 60_000;
        assertThat(store.used(budget.windowKey(budget.limit(), minute0201))).as("12:01").isEqualTo(5000);
    }

    @Test
    void a429StopsEveryRequestOfEveryInstanceUntilRetryAfterThenReleases() {
        WeightBudget other = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));
        Permit p = send(budget, 1);
        BudgetStatus status = budget.observe(p, 429, header("Retry-After", "30"));
        Instant until = T0.plusSeconds(30);
        assertThat(status.state()).isEqualTo(BudgetStatus.State.THROTTLED);
        assertThat(status.until()).isEqualTo(until);
        assertThat(status.reason()).contains("HTTP 429").contains("Retry-After 30s");

        for (WeightBudget b : List.of(budget, other)) {
            Decision.Wait w = waits(b, 1);
            assertThat(w.until()).isEqualTo(until);
            assertThat(w.state()).isEqualTo(BudgetStatus.State.THROTTLED);
        }
        clock.set(until.minusMillis(1));
        waits(other, 1);
        clock.set(until);
        send(other, 1);
        assertThat(budget.status().state()).isEqualTo(BudgetStatus.State.OK);
    }

    @Test
    void a418BansEveryInstanceUntilItsEndSaysSoInTheStatusThenReleases() {
        WeightBudget other = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-1"));
        WeightBudget otherIp = new WeightBudget(store, clock, WeightBudget.Settings.defaults("ip-2"));
        Permit p = send(budget, 10);
        budget.observe(p, 418, Map.of("Retry-After", List.of("120"), "X-MBX-USED-WEIGHT-1M", List.of("6100")));
        Instant end = T0.plusSeconds(120);

        BudgetStatus status = other.status();
        assertThat(status.state()).isEqualTo(BudgetStatus.State.BANNED);
        assertThat(status.until()).isEqualTo(end);
        assertThat(status.reason()).contains("IP banned by Binance (HTTP 418)").contains("until " + end);
        assertThat(status.usedWeight()).as("the 418's header counts too").isEqualTo(6100);
        for (Duration elapsed : List.of(Duration.ZERO, Duration.ofSeconds(60), Duration.ofMillis(119_999))) {
            clock.set(T0.plus(elapsed));
            for (WeightBudget b : List.of(budget, other)) {
                Decision.Wait w = waits(b, 1);
                assertThat(w.state()).isEqualTo(BudgetStatus.State.BANNED);
                assertThat(w.until()).isEqualTo(end);
            }
        }
        assertThat(otherIp.status().state()).as("another IP's budget is not banned").isEqualTo(BudgetStatus.State.OK);

        clock.set(end);
        assertThat(budget.status().state()).isEqualTo(BudgetStatus.State.OK);
        send(budget, 1);
        send(other, 1);
    }

    @Test
    void aMissingOrGarbageRetryAfterFallsBackToTheDocumentedDefaultsAndIsBounded() {
        assertBlock(429, Map.of(), Duration.ofSeconds(60), BudgetStatus.State.THROTTLED, "no usable Retry-After");
        assertBlock(429, header("Retry-After", "soon"), Duration.ofSeconds(60), BudgetStatus.State.THROTTLED, "assumed");
        assertBlock(429, header("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"), Duration.ofSeconds(60),
                BudgetStatus.State.THROTTLED, "assumed");
        assertBlock(429, header("retry-after", "0"), Duration.ofSeconds(1), BudgetStatus.State.THROTTLED, "raised to the minimum");
        assertBlock(418, Map.of(), Duration.ofMinutes(5), BudgetStatus.State.BANNED, "no usable Retry-After");
        assertBlock(418, header("Retry-After", "-3"), Duration.ofMinutes(5), BudgetStatus.State.BANNED, "assumed");
        assertBlock(418, header("Retry-After", "2.5"), Duration.ofMinutes(5), BudgetStatus.State.BANNED, "assumed");
        assertBlock(418, header("Retry-After", "9999999999"), Duration.ofDays(3), BudgetStatus.State.BANNED,
                "capped at Binance's longest ban");
        assertBlock(418, header("Retry-After", "259200"), Duration.ofDays(3), BudgetStatus.State.BANNED, "Retry-After 259200s");
    }

    private void assertBlock(int httpStatus, Map<String, List<String>> headers, Duration expected,
            BudgetStatus.State state, String why) {
        TestClock c = new TestClock(T0);
        WeightBudget b = new WeightBudget(new InMemoryBudgetStore(c), c, WeightBudget.Settings.defaults("x"));
        BudgetStatus status = b.observe(send(b, 1), httpStatus, headers);
        assertThat(status.state()).as("%d %s", httpStatus, headers).isEqualTo(state);
        assertThat(status.until()).as("%d %s", httpStatus, headers).isEqualTo(T0.plus(expected));
        assertThat(status.reason()).contains(why);
        c.set(T0.plus(expected).minusMillis(1));
        waits(b, 1);
        c.set(T0.plus(expected));
        send(b, 1);
    }

    @Test
    void aShorterBlockNeverShortensALongerOneAndABanRulesTheState() {
        Permit a = send(budget, 1);
        Permit b = send(budget, 1);
        Permit c = send(budget, 1);
        budget.observe(a, 418, header("Retry-After", "600"));
        budget.observe(b, 429, header("Retry-After", "10")); // a request that was already in flight
        Decision.Wait w = waits(budget, 1);
        assertThat(w.until()).isEqualTo(T0.plusSeconds(600));
        assertThat(w.state()).isEqualTo(BudgetStatus.State.BANNED);

        budget.observe(c, 429, header("Retry-After", "900"));
        w = waits(budget, 1);
        assertThat(w.until()).as("the later end rules the wait").isEqualTo(T0.plusSeconds(900));
        assertThat(w.state()).as("the ban rules the state").isEqualTo(BudgetStatus.State.BANNED);
        assertThat(w.reason()).contains("HTTP 418").contains("HTTP 429");

        clock.set(T0.plusSeconds(600));
        w = waits(budget, 1);
        assertThat(w.state()).isEqualTo(BudgetStatus.State.THROTTLED);
        assertThat(w.until()).isEqualTo(T0.plusSeconds(900));
        clock.set(T0.plusSeconds(900));
        send(budget, 1);
    }

    @Test
    void aPermitServesOneRequestShortlyAfterItWasGranted() {
        Permit p = send(budget, 5);
        assertThat(p.used()).isFalse();
        p.use();
        assertThat(p.used()).isTrue();
        assertThatThrownBy(p::use).isInstanceOf(IllegalStateException.class).hasMessageContaining("already used");

        Permit late = send(budget, 5);
        assertThat(late.expiresAt()).isEqualTo(T0.plusSeconds(5));
        clock.advance(Duration.ofMillis(5001));
        assertThatThrownBy(late::use).isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
        assertThat(late.used()).isFalse();
        assertThatThrownBy(() -> budget.observe(null, 200, Map.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPermitIsValidUpToItsExpiryInclusive() {
        Permit p = send(budget, 5);
        clock.advance(Duration.ofSeconds(5));
        p.use();
        assertThat(p.used()).isTrue();
    }

    @Test
    void theLimitFollowsExchangeInfosRequestWeightEntry() {
        List<RateLimit> exchangeInfo = List.of(new RateLimit("ORDERS", "SECOND", 10, 100),
                new RateLimit("REQUEST_WEIGHT", "MINUTE", 1, 1200), new RateLimit("RAW_REQUESTS", "MINUTE", 5, 61000));
        assertThat(budget.updateLimits(exchangeInfo)).contains(new WeightLimit(1, WeightLimit.Unit.MINUTE, 1200));
        assertThat(budget.usableWeight()).isEqualTo(1080);
        send(budget, 1080);
        assertThat(waits(budget, 1).reason()).contains("1080 + 1 > 1080 usable (limit 1200");

        assertThat(budget.updateLimits(List.of(new RateLimit("REQUEST_WEIGHT", "SECOND", 1, 50)))).isEmpty();
        assertThat(budget.updateLimits(List.of(new RateLimit("REQUEST_WEIGHT", "MINUTE", 1, 0)))).isEmpty();
        assertThat(budget.updateLimits(List.of(new RateLimit("REQUEST_WEIGHT", "FORTNIGHT", 1, 50)))).isEmpty();
        assertThat(budget.updateLimits(List.of())).isEmpty();
        assertThat(budget.limit().limit()).as("unchanged").isEqualTo(1200);

        assertThat(budget.updateLimits(List.of(new RateLimit("request_weight", "minute", 1, 6000))))
                .contains(WeightLimit.SPOT_DEFAULT);
        send(budget, 4320); // the same window: 1080 + 4320 = 5400
        waits(budget, 1);
    }

    @Test
    void theStatusCarriesTheUsageForMetrics() {
        send(budget, 120);
        BudgetStatus status = budget.status();
        assertThat(status).isEqualTo(new BudgetStatus(BudgetStatus.State.OK, null,
                "request weight 120 of 5400 usable in the 1M window", 120, 5400, 6000));
        assertThatThrownBy(() -> new BudgetStatus(BudgetStatus.State.BANNED, null, "x", 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingStoreGivesNoPermit() {
        BudgetStore down = new BudgetStore() {
            @Override
            public Consumption tryConsume(String windowKey, long weight, long limit, Duration ttl) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public long raiseTo(String windowKey, long used, Duration ttl) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public long used(String windowKey) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public void extendBlock(String blockKey, Block block) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public Optional<Block> block(String blockKey) {
                return Optional.empty();
            }
        };
        WeightBudget b = new WeightBudget(down, clock, WeightBudget.Settings.defaults("ip-1"));
        assertThatThrownBy(() -> b.request(1)).isInstanceOf(IllegalStateException.class).hasMessage("redis down");
    }
}
