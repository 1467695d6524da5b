package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.Side;
import org.junit.jupiter.api.Test;

/**
 * Walking book A (bids 100 x 2, 99 x 5, 98 x 1 = notionals 200, 495, 98; asks 101 x 1, 102 x 4,
 * 104 x 10 = notionals 101, 408, 1040; mid 100.5) by hand.
 */
class SlippageEstimatorTest {

    static final double EPS = 1e-12;
    final Book a = BookFeaturesTest.bookA();

    @Test
    void aBuyWithinTheFirstLevelFillsAtTheBestAsk() {
        SlippageEstimator.Estimate e = SlippageEstimator.estimate(a, Side.BUY, 50);
        assertThat(e.filledNotional()).isEqualTo(50);
        assertThat(e.filledQuantity()).isCloseTo(50.0 / 101, within(EPS));
        assertThat(e.averagePrice()).isEqualTo(101);
        assertThat(e.slippageVsBestBps()).isZero();
        assertThat(e.slippageVsMidBps()).isCloseTo(0.5 / 100.5 * 10_000, within(EPS)); // half the spread
        assertThat(e.levelsConsumed()).isEqualTo(1);
        assertThat(e.insufficientDepth()).isFalse();
        assertThat(e.unfilledNotional()).isZero();
    }

    @Test
    void aBuyOfExactlyTheFirstLevelTakesOneLevel() {
        SlippageEstimator.Estimate e = SlippageEstimator.estimate(a, Side.BUY, 101);
        assertThat(e.levelsConsumed()).isEqualTo(1);
        assertThat(e.filledQuantity()).isEqualTo(1);
        assertThat(e.averagePrice()).isEqualTo(101);
    }

    @Test
    void aBuyThatWalksIntoTheSecondLevel() {
        // 101 from level 1 (1 unit) + 204 from level 2 (2 units at 102): 305 for 3 units
        SlippageEstimator.Estimate e = SlippageEstimator.estimate(a, Side.BUY, 305);
        assertThat(e.filledQuantity()).isCloseTo(3, within(EPS));
        assertThat(e.averagePrice()).isCloseTo(305.0 / 3, within(EPS));
        assertThat(e.slippageVsMidBps()).isCloseTo((305.0 / 3 - 100.5) / 100.5 * 10_000, within(1e-9)); // 115.2...
        assertThat(e.slippageVsBestBps()).isCloseTo((305.0 / 3 - 101) / 101 * 10_000, within(1e-9)); // 66.0...
        assertThat(e.levelsConsumed()).isEqualTo(2);
        assertThat(e.insufficientDepth()).isFalse();
    }

    @Test
    void aBuyOfTheWholeVisibleSideIsFilledAndOneMoreIsNot() {
        SlippageEstimator.Estimate all = SlippageEstimator.estimate(a, Side.BUY, 1549); // 101 + 408 + 1040
        assertThat(all.insufficientDepth()).isFalse();
        assertThat(all.levelsConsumed()).isEqualTo(3);
        assertThat(all.filledQuantity()).isCloseTo(15, within(EPS));
        assertThat(all.averagePrice()).isCloseTo(1549.0 / 15, within(EPS));

        SlippageEstimator.Estimate more = SlippageEstimator.estimate(a, Side.BUY, 2000);
        assertThat(more.insufficientDepth()).isTrue();
        assertThat(more.filledNotional()).isEqualTo(1549);
        assertThat(more.unfilledNotional()).isEqualTo(451);
        assertThat(more.filledQuantity()).isEqualTo(15);
        assertThat(more.levelsConsumed()).isEqualTo(3);
        // the cost of what could be filled: a lower bound
        assertThat(more.averagePrice()).isCloseTo(1549.0 / 15, within(EPS));
        assertThat(more.slippageVsMidBps()).isCloseTo((1549.0 / 15 - 100.5) / 100.5 * 10_000, within(1e-9));
    }

    @Test
    void aSellHitsTheBidsAndItsSlippageIsPositiveToo() {
        // 200 from 100 x 2, then 99 from level 2 (1 unit): 299 for 3 units
        SlippageEstimator.Estimate e = SlippageEstimator.estimate(a, Side.SELL, 299);
        assertThat(e.side()).isEqualTo(Side.SELL);
        assertThat(e.filledQuantity()).isCloseTo(3, within(EPS));
        assertThat(e.averagePrice()).isCloseTo(299.0 / 3, within(EPS));
        assertThat(e.slippageVsMidBps()).isCloseTo((100.5 - 299.0 / 3) / 100.5 * 10_000, within(1e-9));
        assertThat(e.slippageVsBestBps()).isCloseTo((100 - 299.0 / 3) / 100 * 10_000, within(1e-9));
        assertThat(e.slippageVsBestBps()).isPositive();
        assertThat(e.levelsConsumed()).isEqualTo(2);
        SlippageEstimator.Estimate tooBig = SlippageEstimator.estimate(a, Side.SELL, 794);
        assertThat(tooBig.insufficientDepth()).isTrue();
        assertThat(tooBig.filledNotional()).isEqualTo(793);
    }

    @Test
    void anEmptySideIsInsufficientDepthNotAnException() {
        Book noAsks = Book.of(new double[][] {{100, 2}}, new double[0][]);
        SlippageEstimator.Estimate e = SlippageEstimator.estimate(noAsks, Side.BUY, 1_000);
        assertThat(e.insufficientDepth()).isTrue();
        assertThat(e.filledNotional()).isZero();
        assertThat(e.filledQuantity()).isZero();
        assertThat(e.levelsConsumed()).isZero();
        assertThat(e.averagePrice()).isNaN();
        assertThat(e.slippageVsMidBps()).isNaN();
        assertThat(e.unfilledNotional()).isEqualTo(1_000);
        // the other side fills, but there is no mid to compare with
        SlippageEstimator.Estimate sell = SlippageEstimator.estimate(noAsks, Side.SELL, 100);
        assertThat(sell.insufficientDepth()).isFalse();
        assertThat(sell.averagePrice()).isEqualTo(100);
        assertThat(sell.slippageVsMidBps()).isNaN();
        assertThat(sell.slippageVsBestBps()).isZero();
        assertThat(SlippageEstimator.estimate(Book.empty(), Side.SELL, 1).insufficientDepth()).isTrue();
    }

    @Test
    void aCrossedBookIsWalkedAsItIs() {
        Book crossed = Book.of(new double[][] {{101, 1}}, new double[][] {{100, 1}, {102, 1}});
        SlippageEstimator.Estimate buy = SlippageEstimator.estimate(crossed, Side.BUY, 50);
        assertThat(buy.averagePrice()).isEqualTo(100);
        assertThat(buy.slippageVsMidBps()).isCloseTo(-0.5 / 100.5 * 10_000, within(EPS)); // below mid: negative
        assertThat(buy.insufficientDepth()).isFalse();
    }

    @Test
    void slippageGrowsWithTheNotional() {
        double previousAverage = 0;
        double previousBps = Double.NEGATIVE_INFINITY;
        int previousLevels = 0;
        for (double q = 10; q <= 1549; q += 10) {
            SlippageEstimator.Estimate e = SlippageEstimator.estimate(a, Side.BUY, q);
            assertThat(e.averagePrice()).as("average at %s", q).isGreaterThanOrEqualTo(previousAverage);
            assertThat(e.slippageVsMidBps()).isGreaterThanOrEqualTo(previousBps);
            assertThat(e.levelsConsumed()).isGreaterThanOrEqualTo(previousLevels);
            previousAverage = e.averagePrice();
            previousBps = e.slippageVsMidBps();
            previousLevels = e.levelsConsumed();
        }
        assertThat(previousLevels).isEqualTo(3);
    }

    @Test
    void theNotionalMustBePositiveAndFinite() {
        assertThatThrownBy(() -> SlippageEstimator.estimate(a, Side.BUY, 0)).hasMessageContaining("notional");
        assertThatThrownBy(() -> SlippageEstimator.estimate(a, Side.BUY, -5)).hasMessageContaining("notional");
        assertThatThrownBy(() -> SlippageEstimator.estimate(a, Side.SELL, Double.NaN)).hasMessageContaining("notional");
        assertThatThrownBy(() -> SlippageEstimator.estimate(a, Side.SELL, Double.POSITIVE_INFINITY))
                .hasMessageContaining("notional");
    }
}
