package dev.sextant.execution.domain;

import java.math.BigDecimal;

/**
 * How the paper exchange fills and charges.
 *
 * @param initialCapital cash the account starts with, in {@code feeAsset}
 * @param slippage       fraction of the open a market order pays against itself (0.0005 = 0.05 %)
 * @param takerFeeRate   fee as a fraction of a fill's notional (0.001 = 0.1 %)
 * @param feeAsset       quote asset fees and P&amp;L are counted in (USDT)
 * @param venue          venue name written on orders and fills
 * @param candleWindow   closed candles kept per symbol and interval, to fill decisions that arrive late
 */
public record ExecutionSettings(
        BigDecimal initialCapital,
        BigDecimal slippage,
        BigDecimal takerFeeRate,
        String feeAsset,
        String venue,
        int candleWindow) {

    /**
     * The defaults of the walking skeleton (10,000 USDT, 0.05 % slippage, 0.1 % taker fee), as written in
     * {@link ExecutionDefaults} (their only source).
     */
    public static ExecutionSettings defaults() {
        return new ExecutionSettings(new BigDecimal(ExecutionDefaults.INITIAL_CAPITAL), new BigDecimal(ExecutionDefaults.SLIPPAGE),
                new BigDecimal(ExecutionDefaults.TAKER_FEE), ExecutionDefaults.FEE_ASSET, ExecutionDefaults.VENUE,
                Integer.parseInt(ExecutionDefaults.CANDLE_WINDOW));
    }

    /** Validates every field; the message says which setting to fix and how. */
    public ExecutionSettings {
        if (initialCapital == null || initialCapital.signum() <= 0) {
            throw new IllegalArgumentException(
                    "sextant.execution.initial-capital must be a positive amount of the quote asset, got " + initialCapital);
        }
        if (slippage == null || slippage.signum() < 0 || slippage.compareTo(new BigDecimal("0.1")) >= 0) {
            throw new IllegalArgumentException(
                    "sextant.execution.slippage must be a fraction in [0, 0.1) (0.0005 = 0.05 %), got " + slippage);
        }
        if (takerFeeRate == null || takerFeeRate.signum() < 0 || takerFeeRate.compareTo(new BigDecimal("0.1")) >= 0) {
            throw new IllegalArgumentException(
                    "sextant.execution.taker-fee must be a fraction in [0, 0.1) (0.001 = 0.1 %), got " + takerFeeRate);
        }
        if (feeAsset == null || feeAsset.isBlank()) {
            throw new IllegalArgumentException("sextant.execution.fee-asset must name the quote asset, e.g. USDT");
        }
        if (venue == null || venue.isBlank()) {
            throw new IllegalArgumentException("sextant.execution.venue must name the venue, e.g. paper");
        }
        if (candleWindow < 2) {
            throw new IllegalArgumentException(
                    "sextant.execution.candle-window must keep at least 2 candles per symbol and interval, got " + candleWindow);
        }
        initialCapital = Scales.quote(initialCapital);
    }
}
