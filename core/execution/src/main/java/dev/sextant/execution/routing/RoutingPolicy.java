package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The settings of the smart order router (seed 002, "Smart order router"; issue 8). One policy is meant
 * per symbol: the quantity step and the slice minimums are the symbol's exchange filters.
 *
 * <p>Size bands, on the order's notional in the quote asset (USDT): {@code notional < marketNotionalCeiling}
 * → market; {@code marketNotionalCeiling <= notional <= twapNotionalThreshold} → limit at the touch;
 * {@code notional > twapNotionalThreshold} → TWAP. These are the seed's "&lt; $1000", "$1000 - $5000",
 * "&gt; $5000".
 *
 * @param marketNotionalCeiling  notional from which an order is no longer sent at market (1,000 USDT)
 * @param twapNotionalThreshold  notional above which an order is sliced (5,000 USDT, the seed's figure)
 * @param twapSlices             slices of a TWAP, 3 to 5 (5); fewer when a slice would fall below the minimums
 * @param twapInterval           time between two slices (60 s); the first slice goes at the routing time
 * @param maxSlippage            estimated slippage, a fraction of the mid, from which an order is refused
 *                               (0.005 = 0.5 %; the seed passes only "slippage &lt; 0.5%", so equal is refused)
 * @param liquidityBand          the band around the mid, as a fraction, in which liquidity is counted (0.005 = 0.5 %)
 * @param minLiquidityMultiple   the side the order takes from must hold at least this multiple of the order's
 *                               notional inside the band (3); less is "poor liquidity"
 * @param maxBookAge             the oldest book the router trusts (5 s); an older one is refused as stale
 * @param quantityStep           the symbol's quantity step (0.00001); orders and slices are multiples of it
 * @param minSliceQuantity       the smallest quantity of a TWAP slice (0.00001)
 * @param minSliceNotional       the smallest notional of a TWAP slice (5 USDT, Binance's spot minimum)
 * @param marketWithoutBook      whether an order below the market ceiling may go at market when no book is known
 *                               (true); an order at or above the ceiling is always refused without a book
 */
public record RoutingPolicy(
        BigDecimal marketNotionalCeiling,
        BigDecimal twapNotionalThreshold,
        int twapSlices,
        Duration twapInterval,
        BigDecimal maxSlippage,
        BigDecimal liquidityBand,
        BigDecimal minLiquidityMultiple,
        Duration maxBookAge,
        BigDecimal quantityStep,
        BigDecimal minSliceQuantity,
        BigDecimal minSliceNotional,
        boolean marketWithoutBook) {

    static final String PREFIX = "sextant.execution.routing.";
    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.1");

    /** The defaults above. */
    public static RoutingPolicy defaults() {
        return new RoutingPolicy(new BigDecimal("1000"), new BigDecimal("5000"), 5, Duration.ofSeconds(60),
                new BigDecimal("0.005"), new BigDecimal("0.005"), new BigDecimal("3"), Duration.ofSeconds(5),
                new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5"), true);
    }

    /** Validates every field; the message names the setting to fix and the range it must be in. */
    public RoutingPolicy {
        positive(marketNotionalCeiling, "market-notional-ceiling", "a positive notional in the quote asset, e.g. 1000");
        positive(twapNotionalThreshold, "twap-notional-threshold", "a positive notional in the quote asset, e.g. 5000");
        if (twapNotionalThreshold.compareTo(marketNotionalCeiling) < 0) {
            throw refused("twap-notional-threshold", "at least market-notional-ceiling (" + marketNotionalCeiling + ")",
                    twapNotionalThreshold);
        }
        if (twapSlices < 3 || twapSlices > 5) {
            throw refused("twap-slices", "between 3 and 5 (seed 002: a TWAP of 3-5 orders)", twapSlices);
        }
        if (twapInterval == null || twapInterval.isNegative() || twapInterval.isZero()) {
            throw refused("twap-interval", "a positive duration, e.g. PT60S", twapInterval);
        }
        fraction(maxSlippage, "max-slippage", "a fraction in (0, 0.1), e.g. 0.005 for 0.5 %");
        fraction(liquidityBand, "liquidity-band", "a fraction in (0, 0.1), e.g. 0.005 for 0.5 %");
        if (minLiquidityMultiple == null || minLiquidityMultiple.compareTo(BigDecimal.ONE) < 0) {
            throw refused("min-liquidity-multiple", "at least 1 (the book must hold the order), e.g. 3", minLiquidityMultiple);
        }
        if (maxBookAge == null || maxBookAge.isNegative() || maxBookAge.isZero()) {
            throw refused("max-book-age", "a positive duration, e.g. PT5S", maxBookAge);
        }
        positive(quantityStep, "quantity-step", "the symbol's positive quantity step, e.g. 0.00001");
        if (minSliceQuantity == null || minSliceQuantity.signum() < 0) {
            throw refused("min-slice-quantity", "zero or a positive quantity, e.g. 0.00001", minSliceQuantity);
        }
        if (minSliceNotional == null || minSliceNotional.signum() < 0) {
            throw refused("min-slice-notional", "zero or a positive notional in the quote asset, e.g. 5", minSliceNotional);
        }
    }

    /** The full name of a setting, e.g. {@code sextant.execution.routing.twap-slices}. */
    static String setting(String name) {
        return PREFIX + name;
    }

    private static void positive(BigDecimal value, String name, String expected) {
        if (value == null || value.signum() <= 0) {
            throw refused(name, expected, value);
        }
    }

    private static void fraction(BigDecimal value, String name, String expected) {
        if (value == null || value.signum() <= 0 || value.compareTo(TEN_PERCENT) >= 0) {
            throw refused(name, expected, value);
        }
    }

    private static IllegalArgumentException refused(String name, String expected, Object value) {
        return new IllegalArgumentException(setting(name) + " must be " + expected + ", got " + value);
    }
}
