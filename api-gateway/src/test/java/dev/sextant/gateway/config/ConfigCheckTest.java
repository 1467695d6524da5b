package dev.sextant.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    record Gateway(String defaultSymbol, BigDecimal initialCapital, Map<String, String> services, Duration healthTimeout,
                   int maxDayJump) implements GatewayConfig {
        Gateway(String defaultSymbol, BigDecimal initialCapital, Map<String, String> services, Duration healthTimeout) {
            this(defaultSymbol, initialCapital, services, healthTimeout, 7);
        }
    }

    record Redis(String keyPrefix, Duration skipFor) implements RedisConfig {}

    record Backtests(Optional<String> dir, Optional<String> dataDir, int maxRunning, int maxQueued, long maxCandles,
                     Duration progressInterval) implements BacktestConfig {}

    private static final Gateway VALID = new Gateway("BTCUSDT", new BigDecimal("10000"),
            Map.of("risk", "http://127.0.0.1:8084"), Duration.ofSeconds(1));

    @Test
    void theDefaultsAreValid() {
        assertThat(ConfigCheck.problems(VALID, new Redis("sextant:", Duration.ofSeconds(5)))).isEmpty();
    }

    @Test
    void eachProblemSaysWhatToSet() {
        Gateway bad = new Gateway("btc/usdt", BigDecimal.ZERO, Map.of("risk", "localhost:8084"), Duration.ZERO);

        assertThat(ConfigCheck.problems(bad, new Redis("sextant:*", Duration.ZERO)))
                .containsExactlyInAnyOrder(
                        "set sextant.gateway.default-symbol to an exchange symbol such as BTCUSDT (got 'btc/usdt')",
                        "set sextant.gateway.initial-capital to a positive amount (got 0)",
                        "set sextant.gateway.health-timeout to a positive duration such as 1s",
                        "set sextant.gateway.services.risk to an http(s) base URL such as http://127.0.0.1:8081 (got 'localhost:8084')",
                        "set sextant.redis.key-prefix to a non-blank prefix without spaces or glob characters (*?[]) such as sextant:",
                        "set sextant.redis.skip-for to a positive duration such as 5s");
    }

    @Test
    void theDayJumpMustBeAtLeastOneDay() {
        Gateway bad = new Gateway("BTCUSDT", new BigDecimal("10000"), Map.of(), Duration.ofSeconds(1), 0);
        assertThat(ConfigCheck.problems(bad, new Redis("sextant:", Duration.ofSeconds(5))))
                .containsExactly("set sextant.gateway.max-day-jump to at least 1 (days; got 0)");
    }

    @Test
    void backtestLimitsMustLeaveRoomForARun() {
        assertThat(ConfigCheck.problems(new Backtests(Optional.empty(), Optional.empty(), 1, 8, 60_000, Duration.ofMillis(250))))
                .isEmpty();
        assertThat(ConfigCheck.problems(new Backtests(Optional.empty(), Optional.empty(), 0, -1, 0, Duration.ofMillis(-1))))
                .containsExactly(
                        "set sextant.gateway.backtests.max-running to 1 or more (got 0)",
                        "set sextant.gateway.backtests.max-queued to 0 or more (got -1)",
                        "set sextant.gateway.backtests.max-candles to 1 or more (got 0)",
                        "set sextant.gateway.backtests.progress-interval to a duration of 0 or more such as 250ms");
    }
}
