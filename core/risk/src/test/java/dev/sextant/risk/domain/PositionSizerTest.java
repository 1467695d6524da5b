package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderIntent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The no-leverage cap with its cost headroom: a capped entry must be payable by execution-service's
 * paper exchange, which needs {@code referencePrice x (1 + slippage) x qty + taker fee <= cash}
 * (defaults: slippage 0.0005, taker fee 0.001).
 */
class PositionSizerTest {

    /** execution-service's defaults: (1 + slippage 0.0005) x (1 + taker fee 0.001). */
    private static final BigDecimal EXECUTION_COST_FACTOR = new BigDecimal("1.0005").multiply(new BigDecimal("1.001"));
    private static final BigDecimal HEADROOM_FACTOR = new BigDecimal("1.002");
    private static final BigDecimal BTC_STEP = new BigDecimal("0.0001");

    private final PositionSizer sizer = new PositionSizer();

    /** What execution needs in cash for {@code quantity} at {@code price} with its default slippage and fee. */
    private static BigDecimal executionNeeds(BigDecimal quantity, BigDecimal price) {
        return quantity.multiply(price).multiply(EXECUTION_COST_FACTOR);
    }

    @Test
    void whenTheCapBindsExecutionCanPayForTheEntryWithItsDefaultSlippageAndFee() {
        // stop distance 800: the 200 risk budget would buy 0.25 BTC = 16,912.50, more than the 10,000 available
        BigDecimal available = new BigDecimal("10000");
        PositionSizer.Sizing sizing = sizer.size(new BigDecimal("10000"), available,
                TestEvents.mark(BTC, T0, "67650", "400"), BTC_STEP, RiskLimits.defaults());

        OrderIntent intent = sizing.intent();
        assertThat(intent.quantity()).isEqualTo(new BigDecimal("0.1475"));
        assertThat(executionNeeds(intent.quantity(), intent.referencePrice()))
                .as("quantity x close x 1.0005 x 1.001 must fit the available equity")
                .isLessThanOrEqualTo(available);
        // the largest step multiple that fits: one step more breaks the headroom cap
        assertThat(intent.quantity().add(BTC_STEP).multiply(new BigDecimal("67650")).multiply(HEADROOM_FACTOR))
                .isGreaterThan(available);

        assertThat(sizing.check().passed()).isTrue();
        assertThat(sizing.check().value()).isEqualByComparingTo(intent.notional().multiply(HEADROOM_FACTOR));
        assertThat(sizing.check().threshold()).isEqualByComparingTo(available);
        assertThat(sizing.check().value()).isLessThanOrEqualTo(sizing.check().threshold());
        assertThat(sizing.check().detail())
                .isEqualTo("quantity capped from 0.2500 to 0.1475 by available equity 10000 (no leverage)");
    }

    @Test
    void withoutHeadroomTheCappedEntryIsTheOneExecutionRejected() {
        // the e2e finding: capping the bare notional gives 0.1478 BTC, which needs about 10,013 USDT at execution
        RiskLimits noHeadroom = RiskLimits.defaults().withOverrides(Map.of(RiskLimits.COST_HEADROOM, "0"));
        OrderIntent intent = sizer.size(new BigDecimal("10000"), new BigDecimal("10000"),
                TestEvents.mark(BTC, T0, "67650", "400"), BTC_STEP, noHeadroom).intent();

        assertThat(intent.quantity()).isEqualTo(new BigDecimal("0.1478"));
        assertThat(executionNeeds(intent.quantity(), intent.referencePrice())).isGreaterThan(new BigDecimal("10000"));
    }

    @Test
    void everyCappedQuantityIsPayableAndTheLargestStepMultipleThatFits() {
        record Case(BigDecimal available, String close, String atr, BigDecimal step) {}
        List<Case> cases = List.of(
                new Case(new BigDecimal("10000"), "42650.17", "300", BTC_STEP),
                new Case(new BigDecimal("10000.00000000"), "44180.5", "250", BTC_STEP),
                new Case(new BigDecimal("2886.28908059"), "2301.77", "20", new BigDecimal("0.001")),
                new Case(new BigDecimal("2896.87"), "2352.4", "15", new BigDecimal("0.0001")),
                new Case(new BigDecimal("123.45"), "99.99", "0.6", new BigDecimal("0.01")),
                new Case(new BigDecimal("7777.7777"), "0.5123", "0.004", BigDecimal.ONE));
        for (Case c : cases) {
            BigDecimal close = new BigDecimal(c.close());
            PositionSizer.Sizing sizing = sizer.size(new BigDecimal("10000"), c.available(),
                    TestEvents.mark(ETH, T0, c.close(), c.atr()), c.step(), RiskLimits.defaults());

            assertThat(sizing.check().detail()).as("%s", c).startsWith("quantity capped from");
            BigDecimal quantity = sizing.intent().quantity();
            assertThat(quantity.remainder(c.step())).as("%s: whole steps", c).isZero();
            assertThat(executionNeeds(quantity, close)).as("%s: execution can pay", c).isLessThanOrEqualTo(c.available());
            assertThat(quantity.multiply(close).multiply(HEADROOM_FACTOR)).as("%s: fits the headroom cap", c)
                    .isLessThanOrEqualTo(c.available());
            assertThat(quantity.add(c.step()).multiply(close).multiply(HEADROOM_FACTOR)).as("%s: one step more does not fit", c)
                    .isGreaterThan(c.available());
        }
    }

    @Test
    void theWorkedExampleIsNotCappedAndReportsItsNotionalWithHeadroom() {
        PositionSizer.Sizing sizing = sizer.size(new BigDecimal("10000"), new BigDecimal("10000"),
                TestEvents.workedMark(), BTC_STEP, RiskLimits.defaults());

        assertThat(sizing.intent().quantity()).isEqualTo(new BigDecimal("0.1124"));
        assertThat(sizing.intent().notional()).isEqualByComparingTo("7603.86");
        assertThat(sizing.check().passed()).isTrue();
        assertThat(sizing.check().value()).isEqualByComparingTo("7619.06772"); // 7,603.86 x 1.002
        assertThat(sizing.check().threshold()).isEqualByComparingTo("10000");
        assertThat(sizing.check().detail()).isEqualTo("notional within available equity 10000");
    }

    @Test
    void anEntryThatFitsOnlyWithoutItsCostsIsDenied() {
        // one step of BTC costs 6.765; 6.77 covers the notional but not the 0.2 % headroom (6.77853)
        BigDecimal available = new BigDecimal("6.77");
        PositionSizer.Sizing sizing = sizer.size(new BigDecimal("10000"), available,
                TestEvents.workedMark(), BTC_STEP, RiskLimits.defaults());

        assertThat(sizing.intent()).isNull();
        assertThat(sizing.check().passed()).isFalse();
        assertThat(sizing.check().value()).isEqualByComparingTo(new BigDecimal("0.1124").multiply(new BigDecimal("67650")).multiply(HEADROOM_FACTOR));
        assertThat(sizing.check().threshold()).isEqualByComparingTo(available);
        assertThat(sizing.check().detail()).isEqualTo("available equity 6.77 buys less than one step of 0.0001");
    }
}
