package dev.sextant.gateway.config;

import dev.sextant.contracts.account.AccountDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Configuration of the gateway ({@code sextant.gateway.*}); checked at start-up by {@link ConfigCheck}. */
@ConfigMapping(prefix = "sextant.gateway")
public interface GatewayConfig {

    /** Symbol used when a request names none (and shown first by the dashboard). */
    @WithDefault("BTCUSDT")
    String defaultSymbol();

    /** Starting capital for the account summary computed from trades: the platform's one default. */
    @WithDefault(AccountDefaults.INITIAL_CAPITAL)
    BigDecimal initialCapital();

    /** Platform services whose readiness {@code /api/v1/status} reports: name to base URL. */
    Map<String, String> services();

    /** How long a readiness probe of another service may take. */
    @WithDefault("1s")
    Duration healthTimeout();

    /**
     * How many UTC days one candle or fill may move the gateway's market "today" (today's P&amp;L) at once; a record
     * dated further ahead is refused as forged or corrupt (dead-lettered with the reason). See docs/reliability.md.
     */
    @WithDefault("7")
    int maxDayJump();
}
