package dev.sextant.gateway.config;

import dev.sextant.contracts.id.Symbol;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stops start-up with a sentence saying what to fix when the gateway's configuration is invalid. */
@ApplicationScoped
public class ConfigCheck {

    void onStart(@Observes StartupEvent event, GatewayConfig gateway, RedisConfig redis, BacktestConfig backtests) {
        List<String> problems = problems(gateway, redis);
        problems.addAll(problems(backtests));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid api-gateway configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(GatewayConfig gateway, RedisConfig redis) {
        List<String> problems = new ArrayList<>();
        try {
            new Symbol(gateway.defaultSymbol());
        } catch (IllegalArgumentException e) {
            problems.add("set sextant.gateway.default-symbol to an exchange symbol such as BTCUSDT (got '"
                    + gateway.defaultSymbol() + "')");
        }
        if (gateway.initialCapital().signum() <= 0) {
            problems.add("set sextant.gateway.initial-capital to a positive amount (got "
                    + gateway.initialCapital().toPlainString() + ")");
        }
        if (gateway.healthTimeout().isNegative() || gateway.healthTimeout().isZero()) {
            problems.add("set sextant.gateway.health-timeout to a positive duration such as 1s");
        }
        if (gateway.maxDayJump() < 1) {
            problems.add("set sextant.gateway.max-day-jump to at least 1 (days; got " + gateway.maxDayJump() + ")");
        }
        for (Map.Entry<String, String> service : gateway.services().entrySet()) {
            if (!isHttpUrl(service.getValue())) {
                problems.add("set sextant.gateway.services." + service.getKey()
                        + " to an http(s) base URL such as http://127.0.0.1:8081 (got '" + service.getValue() + "')");
            }
        }
        if (redis.keyPrefix().isBlank() || redis.keyPrefix().matches(".*[*?\\[\\]\\s].*")) {
            problems.add("set sextant.redis.key-prefix to a non-blank prefix without spaces or glob characters (*?[]) such as sextant:");
        }
        if (redis.skipFor() == null || redis.skipFor().isNegative() || redis.skipFor().isZero()) {
            problems.add("set sextant.redis.skip-for to a positive duration such as 5s");
        }
        return problems;
    }

    static List<String> problems(BacktestConfig backtests) {
        List<String> problems = new ArrayList<>();
        if (backtests.maxRunning() < 1) {
            problems.add("set sextant.gateway.backtests.max-running to 1 or more (got " + backtests.maxRunning() + ")");
        }
        if (backtests.maxQueued() < 0) {
            problems.add("set sextant.gateway.backtests.max-queued to 0 or more (got " + backtests.maxQueued() + ")");
        }
        if (backtests.maxCandles() < 1) {
            problems.add("set sextant.gateway.backtests.max-candles to 1 or more (got " + backtests.maxCandles() + ")");
        }
        if (backtests.progressInterval().isNegative()) {
            problems.add("set sextant.gateway.backtests.progress-interval to a duration of 0 or more such as 250ms");
        }
        return problems;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
