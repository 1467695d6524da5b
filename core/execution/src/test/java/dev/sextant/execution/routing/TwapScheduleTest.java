package dev.sextant.execution.routing;

import static dev.sextant.execution.routing.Books.T;
import static dev.sextant.execution.routing.Books.bd;
import static dev.sextant.execution.routing.Books.book;
import static dev.sextant.execution.routing.Books.bookA;
import static dev.sextant.execution.routing.Books.buy;
import static dev.sextant.execution.routing.Books.levels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TwapScheduleTest {

    private static final BigDecimal P100 = bd("100");

    private static List<BigDecimal> quantities(TwapSchedule s) {
        return s.slices().stream().map(TwapSlice::quantity).toList();
    }

    @Test
    void equalSlicesRoundedDownToTheStepWithTheRemainderOnTheLast() {
        TwapSchedule s = TwapSchedule.plan(bd("1"), P100, T, new PolicyBuilder().slices(3).build());
        assertThat(quantities(s)).containsExactly(bd("0.33333"), bd("0.33333"), bd("0.33334"));
        assertThat(s.total()).isEqualTo(bd("1.00000"));
        assertThat(s.largestSlice()).isEqualTo(bd("0.33334"));
    }

    @Test
    void theSumIsExactForEveryQuantityOnTheStep() {
        RoutingPolicy p = RoutingPolicy.defaults();
        for (String q : List.of("50.00001", "50.00004", "77.77777", "123.45678", "1000.00009")) {
            TwapSchedule s = TwapSchedule.plan(bd(q), P100, T, p);
            assertThat(s.total()).as(q).isEqualByComparingTo(q);
            assertThat(s.slices()).as(q).hasSize(5);
            assertThat(s.slices()).allSatisfy(x -> assertThat(x.quantity().remainder(p.quantityStep())).isZero());
        }
    }

    @Test
    void slicesAreDueEveryIntervalFromTheStart() {
        TwapSchedule s = TwapSchedule.plan(bd("3"), P100, T, new PolicyBuilder().slices(3).build());
        assertThat(s.slices()).extracting(TwapSlice::dueAt).containsExactly(T, T.plusSeconds(60), T.plusSeconds(120));
        assertThat(s.slices()).extracting(TwapSlice::index).containsExactly(0, 1, 2);
    }

    @Test
    void fewerSlicesWhenASliceWouldBeBelowTheMinimumNotional() {
        // 0.12 at 100: 5 → 0.024 (2.4 USDT), 4 → 0.03 (3), 3 → 0.04 (4), 2 → 0.06 (6 >= 5)
        TwapSchedule s = TwapSchedule.plan(bd("0.12"), P100, T, RoutingPolicy.defaults());
        assertThat(quantities(s)).containsExactly(bd("0.06000"), bd("0.06000"));
    }

    @Test
    void aSliceExactlyAtTheMinimumNotionalIsKept() {
        // 0.25 at 100 in 5: 0.05 = 5 USDT, the minimum
        assertThat(TwapSchedule.plan(bd("0.25"), P100, T, RoutingPolicy.defaults()).slices()).hasSize(5);
        assertThat(TwapSchedule.plan(bd("0.24999"), P100, T, RoutingPolicy.defaults()).slices()).hasSize(4);
    }

    @Test
    void fewerSlicesWhenASliceWouldBeBelowTheMinimumQuantity() {
        // 3.5 with a minimum of 1: 5 → 0.7, 4 → 0.875, 3 → 1.16666
        TwapSchedule s = TwapSchedule.plan(bd("3.5"), P100, T, new PolicyBuilder().minSliceQuantity("1").build());
        assertThat(quantities(s)).containsExactly(bd("1.16666"), bd("1.16666"), bd("1.16668"));
    }

    @Test
    void oneSliceWhenNoSplitMeetsTheMinimums() {
        TwapSchedule s = TwapSchedule.plan(bd("0.00002"), P100, T, RoutingPolicy.defaults());
        assertThat(s.slices()).containsExactly(new TwapSlice(0, bd("0.00002"), T));
    }

    @Test
    void aQuantityOffTheStepIsRefused() {
        assertThatThrownBy(() -> TwapSchedule.plan(bd("1.000001"), P100, T, RoutingPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.00001");
    }

    @Test
    void aRefusedSliceIsDeferredOntoTheNextKeepingTheTotal() {
        TwapSchedule s = TwapSchedule.plan(bd("1"), P100, T, new PolicyBuilder().slices(3).build());
        TwapSchedule after = s.deferred(1).orElseThrow();
        assertThat(after.slices()).containsExactly(new TwapSlice(0, bd("0.33333"), T),
                new TwapSlice(2, bd("0.66667"), T.plusSeconds(120)));
        assertThat(after.total()).isEqualByComparingTo("1");
        // and again: the first slice onto what is now the next one
        assertThat(after.deferred(0).orElseThrow().slices()).containsExactly(new TwapSlice(2, bd("1.00000"), T.plusSeconds(120)));
    }

    @Test
    void theLastSliceHasNothingToDeferTo() {
        TwapSchedule s = TwapSchedule.plan(bd("1"), P100, T, new PolicyBuilder().slices(3).build());
        assertThat(s.deferred(2)).isEmpty();
        assertThatThrownBy(() -> s.deferred(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDueSliceIsRoutedAgainOnTheBookOfItsTime() {
        Router router = new Router(RoutingPolicy.defaults());
        RouteRequest parent = buy("50.00001");
        TwapSchedule s = router.route(parent, bookA(), T).schedule();
        // slice 0 at T on a good book: 10 × 100 = 1000, not below the ceiling: a limit at the best bid
        RoutingDecision first = router.routeSlice(parent, s.slices().get(0), bookA(), T);
        assertThat(first.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        assertThat(first.reason()).isEqualTo(ReasonCode.SLICE_LIMIT_AT_TOUCH);
        assertThat(first.limitPrice()).isEqualByComparingTo("99.9");
        assertThat(first.request().quantity()).isEqualByComparingTo("10");
        // slice 1 at T+60 s with the book still the one of T: stale, deferred onto slice 2
        TwapSlice second = s.slices().get(1);
        RoutingDecision stale = router.routeSlice(parent, second, bookA(), second.dueAt());
        assertThat(stale.reason()).isEqualTo(ReasonCode.STALE_BOOK);
        TwapSchedule after = s.deferred(second.index()).orElseThrow();
        assertThat(quantities(after)).containsExactly(bd("10.00000"), bd("20.00000"), bd("10.00000"), bd("10.00001"));
        // slice 2 (now 20) at T+120 s on a fresh book: routed as one order, never sliced again
        TwapSlice third = after.slices().get(1);
        var fresh = book(third.dueAt(), levels("99.9:1000"), levels("100.1:1000"));
        RoutingDecision d = router.routeSlice(parent, third, fresh, third.dueAt());
        assertThat(d.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        assertThat(d.metrics().notional()).isEqualByComparingTo("2000");
    }

    @Test
    void aSmallSliceGoesAtMarketAndASliceAboveTheThresholdIsNotResliced() {
        Router router = new Router(RoutingPolicy.defaults());
        var deep = book(T, levels("99.9:1000"), levels("100.1:1000"));
        assertThat(router.routeSlice(buy("300"), new TwapSlice(0, bd("5"), T), deep, T).route()).isEqualTo(RouteType.MARKET);
        RoutingDecision big = router.routeSlice(buy("300"), new TwapSlice(0, bd("60"), T), deep, T);
        assertThat(big.metrics().notional()).isEqualByComparingTo("6000");
        assertThat(big.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        assertThat(router.routeSlice(buy("300"), new TwapSlice(0, bd("5"), T), Optional.empty(), T).route())
                .isEqualTo(RouteType.MARKET);
    }
}
