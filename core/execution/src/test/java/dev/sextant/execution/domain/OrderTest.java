package dev.sextant.execution.domain;

import static dev.sextant.execution.domain.TestEvents.BTC;
import static dev.sextant.execution.domain.TestEvents.T0;
import static dev.sextant.execution.domain.TestEvents.bd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static Order order(String quantity) {
        return Order.create(ClientOrderId.of("sx-test"), "sx-test", BTC, Interval.H1, OrderPurpose.ENTRY, Side.BUY,
                OrderType.MARKET, bd(quantity), bd("65870"), bd("71210"), Ids.derive("test", "decision-1"), T0, T0);
    }

    @Test
    void walksTheHappyPathToFilled() {
        Order order = order("0.1124");
        assertThat(order.status()).isEqualTo(OrderStatus.NEW);
        order.submit();
        assertThat(order.status()).isEqualTo(OrderStatus.SUBMITTED);
        order.accept();
        assertThat(order.status()).isEqualTo(OrderStatus.ACCEPTED);
        OrderExecution fill = order.fill(bd("0.1124"), bd("67683.825"));
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(fill.partial()).isFalse();
        assertThat(fill.cumulativeQuantity()).isEqualByComparingTo("0.1124");
        assertThat(fill.leavesQuantity()).isEqualByComparingTo("0");
        assertThat(fill.averagePrice()).isEqualTo(bd("67683.82500000"));
    }

    @Test
    void partialFillsTrackCumulativeLeavesAndAveragePrice() {
        Order order = order("1.0");
        order.submit();
        order.accept();

        OrderExecution first = order.fill(bd("0.3"), bd("100"));
        assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(first.partial()).isTrue();
        assertThat(first.cumulativeQuantity()).isEqualByComparingTo("0.3");
        assertThat(first.leavesQuantity()).isEqualByComparingTo("0.7");
        assertThat(first.averagePrice()).isEqualByComparingTo("100");

        OrderExecution second = order.fill(bd("0.5"), bd("110"));
        assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(second.cumulativeQuantity()).isEqualByComparingTo("0.8");
        assertThat(second.leavesQuantity()).isEqualByComparingTo("0.2");
        // (0.3 × 100 + 0.5 × 110) / 0.8 = 85 / 0.8 = 106.25
        assertThat(second.averagePrice()).isEqualTo(bd("106.25000000"));

        OrderExecution last = order.fill(bd("0.2"), bd("120"));
        assertThat(order.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(last.leavesQuantity()).isEqualByComparingTo("0");
        // (85 + 24) / 1.0 = 109
        assertThat(last.averagePrice()).isEqualTo(bd("109.00000000"));
    }

    @Test
    void aPartiallyFilledOrderCanBeCanceledWithItsFilledQuantity() {
        Order order = order("1.0");
        order.submit();
        order.accept();
        order.fill(bd("0.4"), bd("100"));
        order.cancel("user");
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(order.filledQuantity()).isEqualByComparingTo("0.4");
        assertThat(order.reason()).isEqualTo("user");
    }

    @Test
    void overfillIsRefused() {
        Order order = order("1.0");
        order.submit();
        order.accept();
        order.fill(bd("0.6"), bd("100"));
        assertThatThrownBy(() -> order.fill(bd("0.5"), bd("100")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the 0.40000000 left");
        assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
    }

    @Test
    void illegalTransitionsThrow() {
        Order fresh = order("1");
        assertThatThrownBy(fresh::accept).isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("from NEW to ACCEPTED");
        assertThatThrownBy(() -> fresh.fill(bd("1"), bd("1"))).isInstanceOf(IllegalOrderTransitionException.class);

        Order submitted = order("1");
        submitted.submit();
        assertThatThrownBy(submitted::submit).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> submitted.fill(bd("1"), bd("1"))).isInstanceOf(IllegalOrderTransitionException.class);

        Order filled = order("1");
        filled.submit();
        filled.accept();
        filled.fill(bd("1"), bd("1"));
        assertThatThrownBy(() -> filled.cancel("late")).isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("from FILLED to CANCELED");
        assertThatThrownBy(filled::expire).isInstanceOf(IllegalOrderTransitionException.class);
        assertThatThrownBy(() -> filled.fill(bd("1"), bd("1"))).isInstanceOf(IllegalOrderTransitionException.class);

        Order rejected = order("1");
        rejected.submit();
        rejected.reject("no");
        assertThatThrownBy(rejected::accept).isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void statusTableMatchesTheLifecycle() {
        assertThat(OrderStatus.NEW.canMoveTo(OrderStatus.SUBMITTED)).isTrue();
        assertThat(OrderStatus.NEW.canMoveTo(OrderStatus.FILLED)).isFalse();
        assertThat(OrderStatus.SUBMITTED.canMoveTo(OrderStatus.EXPIRED)).isTrue();
        assertThat(OrderStatus.ACCEPTED.canMoveTo(OrderStatus.PARTIALLY_FILLED)).isTrue();
        assertThat(OrderStatus.PARTIALLY_FILLED.canMoveTo(OrderStatus.PARTIALLY_FILLED)).isTrue();
        assertThat(OrderStatus.PARTIALLY_FILLED.canMoveTo(OrderStatus.ACCEPTED)).isFalse();
        assertThat(OrderStatus.FILLED.isTerminal()).isTrue();
        assertThat(OrderStatus.EXPIRED.isTerminal()).isTrue();
        assertThat(OrderStatus.ACCEPTED.isTerminal()).isFalse();
    }
}
