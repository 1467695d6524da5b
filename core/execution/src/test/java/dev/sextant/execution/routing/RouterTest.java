package dev.sextant.execution.routing;

import static dev.sextant.execution.routing.Books.T;
import static dev.sextant.execution.routing.Books.bd;
import static dev.sextant.execution.routing.Books.book;
import static dev.sextant.execution.routing.Books.bookA;
import static dev.sextant.execution.routing.Books.buy;
import static dev.sextant.execution.routing.Books.levels;
import static dev.sextant.execution.routing.Books.sell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router(RoutingPolicy.defaults());

    private RoutingDecision route(RouteRequest r, Optional<OrderBookSnapshotTaken> book) {
        return router.route(r, book, T);
    }

    @Nested
    class Market {
        @Test
        void smallBuyGoesAtMarketWithTheNumbersItUsed() {
            RoutingDecision d = route(buy("5"), bookA());
            assertThat(d.route()).isEqualTo(RouteType.MARKET);
            assertThat(d.reason()).isEqualTo(ReasonCode.SMALL_ORDER_AT_MARKET);
            assertThat(d.accepted()).isTrue();
            assertThat(d.limitPrice()).isNull();
            assertThat(d.schedule()).isNull();
            RoutingMetrics m = d.metrics();
            // 5 × mid 100 = 500; 5 at 100.1 = 500.5, 0.5 over the mid = 10 bps; asks in band 20,060 = 40.12 × 500
            assertThat(m.notional()).isEqualByComparingTo("500");
            assertThat(m.valuationPrice()).isEqualByComparingTo("100");
            assertThat(m.checkedQuantity()).isEqualByComparingTo("5");
            assertThat(m.averageFillPrice()).isEqualByComparingTo("100.1");
            assertThat(m.estimatedSlippageBps()).isEqualTo(bd("10.0000"));
            assertThat(m.liquidityInBand()).isEqualByComparingTo("20060");
            assertThat(m.liquidityMultiple()).isEqualTo(bd("40.1200"));
            assertThat(m.bookAge()).isEqualTo(Duration.ZERO);
            assertThat(d.because()).contains("500").contains("1000").contains("10 bps");
            assertThat(d.decidedAt()).isEqualTo(T);
        }

        @Test
        void walksSeveralLevelsForTheSlippageOfABuy() {
            var book = book(T, levels("99.9:10"), levels("100.1:1", "100.2:1", "100.4:10"));
            RoutingMetrics m = route(buy("3"), book).metrics();
            // 100.1 + 100.2 + 100.4 = 300.7 for 3; 0.7 over 300 = 23.3333 bps; in band 100.1 + 100.2 + 1004 = 1204.3
            assertThat(m.averageFillPrice()).isEqualTo(bd("100.233333333"));
            assertThat(m.estimatedSlippageBps()).isEqualTo(bd("23.3333"));
            assertThat(m.liquidityInBand()).isEqualByComparingTo("1204.3");
            assertThat(m.liquidityMultiple()).isEqualTo(bd("4.0143"));
            assertThat(route(buy("3"), book).route()).isEqualTo(RouteType.MARKET);
        }

        @Test
        void walksTheBidsForASell() {
            var book = book(T, levels("99.9:1", "99.8:1", "99.6:10"), levels("100.1:10"));
            RoutingDecision d = route(sell("3"), book);
            // 99.9 + 99.8 + 99.6 = 299.3; 0.7 under 300 = 23.3333 bps
            assertThat(d.route()).isEqualTo(RouteType.MARKET);
            assertThat(d.metrics().averageFillPrice()).isEqualTo(bd("99.766666667"));
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("23.3333"));
            assertThat(d.metrics().liquidityInBand()).isEqualByComparingTo("1195.7");
        }

        @Test
        void justBelowTheCeilingIsMarket() {
            RoutingDecision d = route(buy("9.99999"), bookA());
            assertThat(d.metrics().notional()).isEqualByComparingTo("999.999");
            assertThat(d.route()).isEqualTo(RouteType.MARKET);
        }
    }

    @Nested
    class LimitAtTouch {
        @Test
        void atTheCeilingABuyRestsAtTheBestBid() {
            RoutingDecision d = route(buy("10"), bookA());
            assertThat(d.metrics().notional()).isEqualByComparingTo("1000");
            assertThat(d.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
            assertThat(d.reason()).isEqualTo(ReasonCode.MID_SIZE_LIMIT_AT_TOUCH);
            assertThat(d.limitPrice()).isEqualByComparingTo("99.9");
            assertThat(d.because()).contains("best bid 99.9");
        }

        @Test
        void justAboveTheCeilingIsLimit() {
            assertThat(route(buy("10.00001"), bookA()).route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        }

        @Test
        void aSellRestsAtTheBestAsk() {
            RoutingDecision d = route(sell("20"), bookA());
            assertThat(d.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
            assertThat(d.limitPrice()).isEqualByComparingTo("100.1");
            // 20 at 99.9: 2 under 2000 = 10 bps; bids in band 19,940
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("10.0000"));
            assertThat(d.metrics().liquidityInBand()).isEqualByComparingTo("19940");
        }

        @Test
        void atTheTwapThresholdIsStillLimit() {
            RoutingDecision d = route(buy("50"), bookA());
            assertThat(d.metrics().notional()).isEqualByComparingTo("5000");
            assertThat(d.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        }

        @Test
        void justBelowTheTwapThresholdIsLimit() {
            assertThat(route(buy("49.99999"), bookA()).route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        }
    }

    @Nested
    class Twap {
        @Test
        void justAboveTheThresholdIsSlicedAndTheLargestSliceIsChecked() {
            RoutingDecision d = route(buy("50.00001"), bookA());
            assertThat(d.route()).isEqualTo(RouteType.TWAP);
            assertThat(d.reason()).isEqualTo(ReasonCode.LARGE_ORDER_TWAP);
            assertThat(d.schedule().slices()).extracting(TwapSlice::quantity)
                    .containsExactly(bd("10.00000"), bd("10.00000"), bd("10.00000"), bd("10.00000"), bd("10.00001"));
            assertThat(d.schedule().total()).isEqualByComparingTo("50.00001");
            assertThat(d.metrics().checkedQuantity()).isEqualByComparingTo("10.00001");
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("10.0000"));
            assertThat(d.because()).contains("5 slices every PT1M");
        }

        @Test
        void slicesAreDueEveryIntervalFromTheRoutingTime() {
            var book = book(T, levels("99.9:1000"), levels("100.1:1000"));
            RoutingDecision d = route(buy("100.00003"), book);
            assertThat(d.schedule().slices()).extracting(TwapSlice::dueAt).containsExactly(T, T.plusSeconds(60),
                    T.plusSeconds(120), T.plusSeconds(180), T.plusSeconds(240));
            assertThat(d.schedule().slices()).extracting(TwapSlice::quantity)
                    .containsExactly(bd("20.00000"), bd("20.00000"), bd("20.00000"), bd("20.00000"), bd("20.00003"));
        }

        @Test
        void liquidityIsMeasuredAgainstTheWholeOrder() {
            // 100 × 100 = 10,000 needs 30,000 in band; the asks hold 20,060
            RoutingDecision d = route(buy("100"), bookA());
            assertThat(d.reason()).isEqualTo(ReasonCode.POOR_LIQUIDITY);
            assertThat(d.metrics().liquidityMultiple()).isEqualTo(bd("2.0060"));
        }
    }

    @Nested
    class Liquidity {
        // asks in band (<= 100.5): 100.1 × 30 = 3003; 101 is outside
        private final Optional<OrderBookSnapshotTaken> thin = book(T, levels("99.9:1000"), levels("100.1:30", "101:1000"));

        @Test
        void exactlyTheRequiredMultipleIsGood() {
            RoutingDecision d = route(buy("10.01"), thin);
            assertThat(d.metrics().notional()).isEqualByComparingTo("1001");
            assertThat(d.metrics().liquidityMultiple()).isEqualTo(bd("3.0000"));
            assertThat(d.route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
        }

        @Test
        void belowTheMultipleIsPoorAtAnySize() {
            assertThat(route(buy("10"), thin).route()).isEqualTo(RouteType.LIMIT_AT_TOUCH);
            RoutingDecision d = route(buy("10.02"), thin);
            assertThat(d.route()).isEqualTo(RouteType.REJECT);
            assertThat(d.reason()).isEqualTo(ReasonCode.POOR_LIQUIDITY);
            assertThat(d.metrics().liquidityInBand()).isEqualByComparingTo("3003");
            assertThat(d.because()).contains("3003").contains("0.5 %").contains("1002").contains("3x");
        }

        @Test
        void aSmallOrderOnAThinBookIsRefusedToo() {
            var tiny = book(T, levels("99.9:1000"), levels("100.1:0.02", "101:1000"));
            // 1 × 100 = 100 needs 300 in band, has 2.002
            assertThat(route(buy("1"), tiny).reason()).isEqualTo(ReasonCode.POOR_LIQUIDITY);
        }

        @Test
        void aLevelExactlyAtTheBandEdgeCountsAndOneBeyondDoesNot() {
            var edge = book(T, levels("99.9:1000"), levels("100.1:10", "100.5:10"));
            var beyond = book(T, levels("99.9:1000"), levels("100.1:10", "100.50001:10"));
            assertThat(route(buy("1"), edge).metrics().liquidityInBand()).isEqualByComparingTo("2006");
            assertThat(route(buy("1"), beyond).metrics().liquidityInBand()).isEqualByComparingTo("1001");
        }
    }

    @Nested
    class Slippage {
        @Test
        void atTheMaximumIsRefused() {
            // mid 100, everything at 100.5: 0.5 % exactly; the seed passes only below
            RoutingDecision d = route(buy("1"), book(T, levels("99.5:1000"), levels("100.5:1000")));
            assertThat(d.reason()).isEqualTo(ReasonCode.SLIPPAGE_TOO_HIGH);
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("50.0000"));
            assertThat(d.because()).contains("50 bps").contains("0.5 %");
        }

        @Test
        void justBelowTheMaximumPasses() {
            RoutingDecision d = route(buy("1"), book(T, levels("99.50001:1000"), levels("100.49999:1000")));
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("49.9990"));
            assertThat(d.route()).isEqualTo(RouteType.MARKET);
        }

        @Test
        void justAboveTheMaximumIsRefused() {
            RoutingPolicy p = new PolicyBuilder().maxSlippage("0.003").build();
            RoutingDecision d = new Router(p).route(sell("1"), book(T, levels("99.69999:1000"), levels("100.30001:1000")), T);
            assertThat(d.metrics().estimatedSlippageBps()).isEqualTo(bd("30.0010"));
            assertThat(d.reason()).isEqualTo(ReasonCode.SLIPPAGE_TOO_HIGH);
        }
    }

    @Nested
    class BadBooks {
        @Test
        void aBookExactlyAtTheMaximumAgeIsFresh() {
            assertThat(router.route(buy("1"), bookA(), T.plusSeconds(5)).route()).isEqualTo(RouteType.MARKET);
        }

        @Test
        void anOlderBookIsStale() {
            RoutingDecision d = router.route(buy("1"), bookA(), T.plusMillis(5001));
            assertThat(d.reason()).isEqualTo(ReasonCode.STALE_BOOK);
            assertThat(d.metrics().bookAge()).isEqualTo(Duration.ofMillis(5001));
            assertThat(d.because()).contains("PT5.001S").contains("PT5S");
        }

        @Test
        void aBookFromTheFutureIsRefused() {
            RoutingDecision d = router.route(buy("1"), bookA(), T.minusMillis(1));
            assertThat(d.reason()).isEqualTo(ReasonCode.BOOK_FROM_FUTURE);
        }

        @Test
        void anEmptySideIsRefused() {
            assertThat(route(buy("1"), book(T, levels(), levels("100.1:10"))).reason()).isEqualTo(ReasonCode.EMPTY_BOOK_SIDE);
            RoutingDecision noAsks = route(sell("1"), book(T, levels("99.9:10"), levels()));
            assertThat(noAsks.reason()).isEqualTo(ReasonCode.EMPTY_BOOK_SIDE);
            assertThat(noAsks.because()).contains("no asks");
        }

        @Test
        void aCrossedBookIsRefused() {
            assertThat(route(buy("1"), book(T, levels("100.1:10"), levels("100.1:10"))).reason())
                    .isEqualTo(ReasonCode.CROSSED_BOOK);
        }

        @Test
        void aBookThatCannotFillTheOrderIsInsufficientDepth() {
            RoutingDecision d = route(buy("200.00001"), bookA());
            assertThat(d.reason()).isEqualTo(ReasonCode.INSUFFICIENT_DEPTH);
            assertThat(d.metrics().notional()).isEqualByComparingTo("20000.001");
            assertThat(route(sell("201"), bookA()).reason()).isEqualTo(ReasonCode.INSUFFICIENT_DEPTH);
        }

        @Test
        void zeroQuantityLevelsHoldNothing() {
            var book = book(T, levels("99.9:10"), levels("100.1:0", "100.2:0.5"));
            assertThat(route(buy("1"), book).reason()).isEqualTo(ReasonCode.INSUFFICIENT_DEPTH);
        }

        @Test
        void aQuantityOffTheStepIsRefused() {
            assertThat(route(buy("1.000001"), bookA()).reason()).isEqualTo(ReasonCode.QUANTITY_NOT_ON_STEP);
            assertThat(route(buy("1.000001"), Optional.empty()).reason()).isEqualTo(ReasonCode.QUANTITY_NOT_ON_STEP);
        }

        @Test
        void aBookOfAnotherSymbolIsAProgrammingError() {
            var r = new RouteRequest(Symbol.of("ETHUSDT"), buy("1").side(), bd("1"), bd("100"));
            assertThatThrownBy(() -> route(r, bookA())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ETHUSDT");
        }
    }

    @Nested
    class NoBook {
        @Test
        void aSmallOrderGoesAtMarketValuedAtTheReferencePrice() {
            RoutingDecision d = route(buy("9.99999"), Optional.empty());
            assertThat(d.route()).isEqualTo(RouteType.MARKET);
            assertThat(d.reason()).isEqualTo(ReasonCode.SMALL_ORDER_AT_MARKET_WITHOUT_BOOK);
            assertThat(d.metrics().notional()).isEqualByComparingTo("999.999");
            assertThat(d.metrics().bookAge()).isNull();
            assertThat(d.metrics().estimatedSlippageBps()).isNull();
        }

        @Test
        void atTheCeilingItIsRefused() {
            RoutingDecision d = route(buy("10"), Optional.empty());
            assertThat(d.reason()).isEqualTo(ReasonCode.NO_BOOK);
            assertThat(d.because()).contains("1000");
        }

        @Test
        void thePolicyCanRefuseEveryOrderWithoutABook() {
            Router strict = new Router(new PolicyBuilder().marketWithoutBook(false).build());
            RoutingDecision d = strict.route(buy("1"), Optional.empty(), T);
            assertThat(d.reason()).isEqualTo(ReasonCode.NO_BOOK);
            assertThat(d.because()).contains("off");
        }
    }

    @Test
    void theSameInputsGiveTheSameDecision() {
        assertThat(route(buy("50.00001"), bookA())).isEqualTo(route(buy("50.00001"), bookA()));
    }

    @Test
    void aDecisionKeepsItsRouteAndReasonConsistent() {
        RoutingMetrics m = RoutingMetrics.valued(BigDecimal.ONE, BigDecimal.ONE, null);
        assertThatThrownBy(() -> new RoutingDecision(buy("1"), RouteType.MARKET, ReasonCode.STALE_BOOK, "x", null, null, m, T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RoutingDecision(buy("1"), RouteType.MARKET, ReasonCode.SMALL_ORDER_AT_MARKET, "x",
                BigDecimal.ONE, null, m, T)).isInstanceOf(IllegalArgumentException.class);
    }
}
