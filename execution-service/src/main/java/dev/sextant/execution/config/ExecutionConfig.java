package dev.sextant.execution.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** {@code sextant.execution.*}: how the paper exchange fills and charges. */
@ConfigMapping(prefix = "sextant.execution")
public interface ExecutionConfig {
    /** Cash the account starts with, in the fee asset. */
    @WithDefault("10000")
    BigDecimal initialCapital();

    /** Fraction of the open a market order pays against itself (0.0005 = 0.05 %). */
    @WithDefault("0.0005")
    BigDecimal slippage();

    /** Taker fee as a fraction of notional (0.001 = 0.1 %). */
    @WithDefault("0.001")
    BigDecimal takerFee();

    /** Quote asset fees and P&L are counted in. */
    @WithDefault("USDT")
    String feeAsset();

    /** Venue name on orders and fills. */
    @WithDefault("paper")
    String venue();

    /** Closed candles kept per symbol and interval (memory and table). */
    @WithDefault("50")
    int candleWindow();

    /** How long to wait for Kafka to acknowledge a publish before failing (and retrying on redelivery). */
    @WithDefault("30")
    int publishTimeoutSeconds();
}
