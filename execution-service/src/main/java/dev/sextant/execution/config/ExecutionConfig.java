package dev.sextant.execution.config;

import dev.sextant.execution.domain.ExecutionDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/**
 * {@code sextant.execution.*}: how the paper exchange fills and charges. The defaults are the domain's,
 * {@link ExecutionDefaults} (nothing is spelled here but the adapter's own publish timeout);
 * {@code DefaultsAgreementTest} checks that an empty configuration gives {@code ExecutionSettings.defaults()}.
 */
@ConfigMapping(prefix = "sextant.execution")
public interface ExecutionConfig {
    /** Cash the account starts with, in the fee asset; the platform's shared default, like risk-service. */
    @WithDefault(ExecutionDefaults.INITIAL_CAPITAL)
    BigDecimal initialCapital();

    /** Fraction of the open a market order pays against itself (0.0005 = 0.05 %). */
    @WithDefault(ExecutionDefaults.SLIPPAGE)
    BigDecimal slippage();

    /** Taker fee as a fraction of notional (0.001 = 0.1 %). */
    @WithDefault(ExecutionDefaults.TAKER_FEE)
    BigDecimal takerFee();

    /** Quote asset fees and P&L are counted in. */
    @WithDefault(ExecutionDefaults.FEE_ASSET)
    String feeAsset();

    /** Venue name on orders and fills. */
    @WithDefault(ExecutionDefaults.VENUE)
    String venue();

    /** Closed candles kept per symbol and interval (memory and table). */
    @WithDefault(ExecutionDefaults.CANDLE_WINDOW)
    int candleWindow();

    /**
     * How market orders slip: {@code proportional} (at {@code slippage}), {@code proportional:rate=R},
     * {@code fixed:amount=A}, {@code volume:impact=K[,cap=C]} (see core/execution's {@code SlippageModel}).
     */
    @WithDefault(ExecutionDefaults.SLIPPAGE_MODEL)
    String slippageModel();

    /** What fills pay: {@code taker} (at {@code taker-fee}), {@code taker:rate=R}, {@code maker-taker:maker=M[,taker=T]}. */
    @WithDefault(ExecutionDefaults.FEE_MODEL)
    String feeModel();

    /** Where a market entry fills on its candle: {@code next-open}, {@code next-close}, {@code typical}. */
    @WithDefault(ExecutionDefaults.FILL_PRICE)
    String fillPrice();

    /** The entry fills on the N-th candle after the decision's (1 = the next), fewer than {@code candle-window}. */
    @WithDefault(ExecutionDefaults.LATENCY_CANDLES)
    String latencyCandles();

    /** How long to wait for Kafka to acknowledge a publish before failing (and retrying on redelivery). */
    @WithDefault("30")
    int publishTimeoutSeconds();

    /**
     * How many UTC days one candle or decision may move execution's market "today" (daily P&amp;L) at once; an input
     * dated further ahead is refused as forged or corrupt (dead-lettered with the reason). Raise it only to resume from
     * a longer gap in market time (docs/reliability.md).
     */
    @WithDefault("7")
    int maxDayJump();
}
