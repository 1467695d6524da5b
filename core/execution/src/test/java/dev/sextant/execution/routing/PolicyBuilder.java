package dev.sextant.execution.routing;

import java.math.BigDecimal;
import java.time.Duration;

/** The default policy with some settings changed. */
final class PolicyBuilder {
    private final RoutingPolicy d = RoutingPolicy.defaults();
    BigDecimal marketCeiling = d.marketNotionalCeiling();
    BigDecimal twapThreshold = d.twapNotionalThreshold();
    int slices = d.twapSlices();
    Duration interval = d.twapInterval();
    BigDecimal maxSlippage = d.maxSlippage();
    BigDecimal band = d.liquidityBand();
    BigDecimal multiple = d.minLiquidityMultiple();
    Duration maxAge = d.maxBookAge();
    BigDecimal step = d.quantityStep();
    BigDecimal minSliceQuantity = d.minSliceQuantity();
    BigDecimal minSliceNotional = d.minSliceNotional();
    boolean marketWithoutBook = d.marketWithoutBook();

    PolicyBuilder maxSlippage(String v) {
        maxSlippage = v == null ? null : new BigDecimal(v);
        return this;
    }

    PolicyBuilder slices(int v) {
        slices = v;
        return this;
    }

    PolicyBuilder minSliceQuantity(String v) {
        minSliceQuantity = v == null ? null : new BigDecimal(v);
        return this;
    }

    PolicyBuilder minSliceNotional(String v) {
        minSliceNotional = v == null ? null : new BigDecimal(v);
        return this;
    }

    PolicyBuilder marketWithoutBook(boolean v) {
        marketWithoutBook = v;
        return this;
    }

    RoutingPolicy build() {
        return new RoutingPolicy(marketCeiling, twapThreshold, slices, interval, maxSlippage, band, multiple, maxAge, step,
                minSliceQuantity, minSliceNotional, marketWithoutBook);
    }
}
