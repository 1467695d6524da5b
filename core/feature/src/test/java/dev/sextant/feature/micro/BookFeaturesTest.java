package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spread, mid, microprice, imbalance, walls and the liquidity band on small books computed by hand.
 *
 * <p>Book A: bids 100 x 2, 99 x 5, 98 x 1; asks 101 x 1, 102 x 4, 104 x 10. Mid 100.5.
 */
class BookFeaturesTest {

    static final double EPS = 1e-12;

    static Book bookA() {
        return Book.of(new double[][] {{100, 2}, {99, 5}, {98, 1}}, new double[][] {{101, 1}, {102, 4}, {104, 10}});
    }

    @Test
    void spreadMidAndMicropriceOfBookA() {
        TopOfBook top = TopOfBook.of(bookA());
        assertThat(top.bestBid()).isEqualTo(100);
        assertThat(top.bestAsk()).isEqualTo(101);
        assertThat(top.mid()).isEqualTo(100.5);
        assertThat(top.spread()).isEqualTo(1);
        assertThat(top.spreadBps()).isCloseTo(10_000.0 / 100.5, within(EPS)); // 99.502487...
        // (100 * 1 + 101 * 2) / 3: the heavier bid pulls the microprice towards the ask
        assertThat(top.microprice()).isCloseTo(302.0 / 3, within(EPS));
        assertThat(top.micropriceOffsetBps()).isCloseTo((302.0 / 3 - 100.5) / 100.5 * 10_000, within(EPS)); // 16.58...
        assertThat(top.crossed()).isFalse();
        assertThat(top.twoSided()).isTrue();
    }

    @Test
    void micropriceIsMidWhenTheTopIsBalancedAndStaysWithinTheSpread() {
        TopOfBook balanced = TopOfBook.of(Book.of(new double[][] {{100, 3}}, new double[][] {{102, 3}}));
        assertThat(balanced.microprice()).isEqualTo(101);
        assertThat(balanced.micropriceOffsetBps()).isZero();
        TopOfBook askHeavy = TopOfBook.of(Book.of(new double[][] {{100, 1}}, new double[][] {{102, 3}}));
        assertThat(askHeavy.microprice()).isEqualTo(100.5); // (100 * 3 + 102 * 1) / 4
        assertThat(askHeavy.micropriceOffsetBps()).isCloseTo(-0.5 / 101 * 10_000, within(EPS));
        assertThat(Math.abs(askHeavy.micropriceOffsetBps())).isLessThanOrEqualTo(askHeavy.spreadBps() / 2);
    }

    @Test
    void anEmptySideLeavesMidSpreadAndMicropriceUndefined() {
        TopOfBook noAsks = TopOfBook.of(Book.of(new double[][] {{100, 2}}, new double[0][]));
        assertThat(noAsks.bestBid()).isEqualTo(100);
        assertThat(noAsks.bestAsk()).isNaN();
        assertThat(noAsks.mid()).isNaN();
        assertThat(noAsks.spread()).isNaN();
        assertThat(noAsks.spreadBps()).isNaN();
        assertThat(noAsks.microprice()).isNaN();
        assertThat(noAsks.crossed()).isFalse();
        assertThat(noAsks.twoSided()).isFalse();
        assertThat(TopOfBook.of(Book.empty()).mid()).isNaN();
    }

    @Test
    void crossedAndLockedBooksAreReportedNotRejected() {
        TopOfBook crossed = TopOfBook.of(Book.of(new double[][] {{101, 1}}, new double[][] {{100, 3}}));
        assertThat(crossed.crossed()).isTrue();
        assertThat(crossed.spread()).isEqualTo(-1);
        assertThat(crossed.spreadBps()).isCloseTo(-10_000.0 / 100.5, within(EPS));
        TopOfBook locked = TopOfBook.of(Book.of(new double[][] {{100, 1}}, new double[][] {{100, 3}}));
        assertThat(locked.crossed()).isTrue();
        assertThat(locked.spread()).isZero();
        assertThat(locked.spreadBps()).isZero();
    }

    @Test
    void zeroQuantityLevelsAreNotLevels() {
        Book book = Book.of(new double[][] {{100, 0}, {99, 3}, {98, 0}}, new double[][] {{101, 0}, {102, 0}});
        assertThat(book.bidDepth()).isEqualTo(1);
        assertThat(book.bidPrice(0)).isEqualTo(99);
        assertThat(book.askDepth()).isZero();
        assertThat(TopOfBook.of(book).bestBid()).isEqualTo(99);
        assertThat(Imbalance.quantity(book, 10)).isEqualTo(1.0); // only bids
    }

    @Test
    void aBookMustBeOrderedBestFirstWithUsableNumbers() {
        assertThatThrownBy(() -> Book.of(new double[][] {{99, 1}, {100, 1}}, new double[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bid level 1: price 100.0 is not below");
        assertThatThrownBy(() -> Book.of(new double[0][], new double[][] {{101, 1}, {101, 2}}))
                .hasMessageContaining("ask level 1: price 101.0 is not above");
        assertThatThrownBy(() -> Book.of(new double[][] {{Double.NaN, 1}}, new double[0][])).hasMessageContaining("price");
        assertThatThrownBy(() -> Book.of(new double[][] {{0, 1}}, new double[0][])).hasMessageContaining("price");
        assertThatThrownBy(() -> Book.of(new double[][] {{100, -1}}, new double[0][])).hasMessageContaining("quantity");
        assertThatThrownBy(() -> Book.of(new double[][] {{100, Double.POSITIVE_INFINITY}}, new double[0][]))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> Book.of(new double[][] {{100}}, new double[0][])).hasMessageContaining("pair");
        // the zero-quantity level still has to be in order
        assertThatThrownBy(() -> Book.of(new double[][] {{100, 1}, {100.5, 0}}, new double[0][]))
                .hasMessageContaining("not below");
    }

    @Test
    void aSnapshotEventBecomesTheSameBook() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        Symbol btc = Symbol.of("BTCUSDT");
        OrderBookSnapshotTaken snapshot = new OrderBookSnapshotTaken(Ids.derive("orderbook", "binance", btc, 7L), t, t,
                null, OrderBookSnapshotTaken.SCHEMA_VERSION, "binance", btc, 7L,
                List.of(level("67649.99", "2.84211"), level("67649.50", "0"), level("67648.72", "0.40518")),
                List.of(level("67650.00", "0.51722"), level("67650.01", "0.0015")));
        Book book = Book.of(snapshot);
        assertThat(book.bidDepth()).isEqualTo(2);
        assertThat(book.bidPrice(1)).isEqualTo(67648.72);
        assertThat(book.bidQuantity(0)).isEqualTo(2.84211);
        assertThat(book.askDepth()).isEqualTo(2);
        assertThat(TopOfBook.of(book).spread()).isCloseTo(0.01, within(1e-9));
    }

    private static BookLevel level(String price, String quantity) {
        return new BookLevel(new BigDecimal(price), new BigDecimal(quantity));
    }

    @Test
    void quantityAndNotionalImbalanceOverTheTopNLevels() {
        Book a = bookA();
        assertThat(Imbalance.quantity(a, 1)).isCloseTo(1.0 / 3, within(EPS)); // (2 - 1) / 3
        assertThat(Imbalance.quantity(a, 2)).isCloseTo(2.0 / 12, within(EPS)); // (7 - 5) / 12
        assertThat(Imbalance.quantity(a, 10)).isCloseTo(-7.0 / 23, within(EPS)); // (8 - 15) / 23: fewer levels than N
        assertThat(Imbalance.quantity(a, Imbalance.DEFAULT_LEVELS)).isEqualTo(Imbalance.quantity(a, 3));
        // notionals: bids 200 + 495 = 695, asks 101 + 408 = 509
        assertThat(Imbalance.notional(a, 2)).isCloseTo(186.0 / 1204, within(EPS));
        assertThat(Imbalance.notional(a, 1)).isCloseTo(99.0 / 301, within(EPS)); // (200 - 101) / 301
    }

    @Test
    void imbalanceOfOneSidedAndEmptyBooks() {
        assertThat(Imbalance.quantity(Book.of(new double[0][], new double[][] {{101, 4}}), 10)).isEqualTo(-1.0);
        assertThat(Imbalance.quantity(Book.of(new double[][] {{100, 4}}, new double[0][]), 10)).isEqualTo(1.0);
        assertThat(Imbalance.quantity(Book.empty(), 10)).isNaN();
        assertThat(Imbalance.notional(Book.empty(), 10)).isNaN();
        assertThatThrownBy(() -> Imbalance.quantity(bookA(), 0)).hasMessageContaining("at least 1 level");
    }

    /** Bids: 100 x 1, 99 x 1, 98 x 6, 97 x 1, 96 x 7 (median 1); asks 101 x 1, 102 x 2, 103 x 3, 104 x 20 (median 2.5). */
    static Book wallBook() {
        return Book.of(new double[][] {{100, 1}, {99, 1}, {98, 6}, {97, 1}, {96, 7}},
                new double[][] {{101, 1}, {102, 2}, {103, 3}, {104, 20}});
    }

    @Test
    void wallsAreLevelsOfAtLeastFiveTimesTheSidesMedianByDefault() {
        WallDetector.Walls walls = new WallDetector().detect(wallBook());
        WallDetector.SideWalls bids = walls.bids();
        assertThat(bids.baseline()).isEqualTo(1); // median of 1, 1, 6, 1, 7
        assertThat(bids.count()).isEqualTo(2); // 6 and 7 >= 5
        assertThat(bids.nearestPrice()).isEqualTo(98);
        assertThat(bids.nearestDistanceBps()).isCloseTo(2.5 / 100.5 * 10_000, within(EPS));
        assertThat(bids.nearestQuantity()).isEqualTo(6);
        assertThat(bids.nearestSizeRatio()).isEqualTo(6);
        WallDetector.SideWalls asks = walls.asks();
        assertThat(asks.baseline()).isEqualTo(2.5); // even count: (2 + 3) / 2
        assertThat(asks.count()).isEqualTo(1); // 20 >= 12.5
        assertThat(asks.nearestPrice()).isEqualTo(104);
        assertThat(asks.nearestDistanceBps()).isCloseTo(3.5 / 100.5 * 10_000, within(EPS));
        assertThat(asks.nearestSizeRatio()).isEqualTo(8);
    }

    @Test
    void theSeedsThreeTimesTheMeanRuleIsAvailable() {
        WallDetector.Walls walls = new WallDetector(3, WallDetector.Baseline.MEAN).detect(wallBook());
        assertThat(walls.bids().baseline()).isCloseTo(16.0 / 5, within(EPS));
        assertThat(walls.bids().count()).isZero(); // 7 < 9.6: the walls inflate the mean
        assertThat(walls.bids().nearestPrice()).isNaN();
        assertThat(walls.asks().baseline()).isEqualTo(6.5);
        assertThat(walls.asks().count()).isEqualTo(1); // 20 >= 19.5
        assertThat(walls.asks().nearestSizeRatio()).isCloseTo(20 / 6.5, within(EPS));
    }

    @Test
    void wallsOfBookAWithALowerMultiple() {
        WallDetector.Walls walls = new WallDetector(2, WallDetector.Baseline.MEDIAN).detect(bookA());
        assertThat(walls.bids().count()).isEqualTo(1); // median 2, 99 x 5 >= 4
        assertThat(walls.bids().nearestPrice()).isEqualTo(99);
        assertThat(walls.bids().nearestDistanceBps()).isCloseTo(1.5 / 100.5 * 10_000, within(EPS));
        assertThat(walls.bids().nearestSizeRatio()).isEqualTo(2.5);
        assertThat(walls.asks().count()).isEqualTo(1); // median 4, 104 x 10 >= 8
        assertThat(walls.asks().nearestSizeRatio()).isEqualTo(2.5);
        assertThat(new WallDetector().detect(bookA()).bids().count()).isZero();
    }

    @Test
    void wallsOfSingleLevelAndEmptySides() {
        Book oneLevel = Book.of(new double[][] {{100, 9}}, new double[0][]);
        WallDetector.Walls walls = new WallDetector().detect(oneLevel);
        assertThat(walls.bids().count()).isZero(); // 9 < 5 * 9
        assertThat(walls.bids().baseline()).isEqualTo(9);
        assertThat(walls.asks().count()).isZero();
        assertThat(walls.asks().baseline()).isNaN();
        // with k <= 1 the single level is a wall, but there is no mid to measure from
        WallDetector.SideWalls any = new WallDetector(1, WallDetector.Baseline.MEDIAN).detect(oneLevel).bids();
        assertThat(any.count()).isEqualTo(1);
        assertThat(any.nearestPrice()).isEqualTo(100);
        assertThat(any.nearestDistanceBps()).isNaN();
        assertThatThrownBy(() -> new WallDetector(0, WallDetector.Baseline.MEDIAN)).hasMessageContaining("multiple");
    }

    @Test
    void liquidityWithinXPercentOfMid() {
        // x = 1 %: mid 100.5 +/- 1.005 = [99.495, 101.505]: bid 100 x 2, ask 101 x 1
        LiquidityBand.Result one = new LiquidityBand(1).measure(bookA());
        assertThat(one.bidNotional()).isEqualTo(200);
        assertThat(one.askNotional()).isEqualTo(101);
        assertThat(one.ratio()).isCloseTo(200.0 / 101, within(EPS));
        assertThat(one.imbalance()).isCloseTo(99.0 / 301, within(EPS));
        // x = 2 %: [98.49, 102.51]: bids 100, 99; asks 101, 102
        LiquidityBand.Result two = new LiquidityBand(2).measure(bookA());
        assertThat(two.bidNotional()).isEqualTo(695);
        assertThat(two.askNotional()).isEqualTo(509);
        // the default 0.5 %: [99.9975, 101.0025]
        LiquidityBand.Result half = new LiquidityBand().measure(bookA());
        assertThat(half.bidNotional()).isEqualTo(200);
        assertThat(half.askNotional()).isEqualTo(101);
    }

    @Test
    void theBandsBoundsAreInclusive() {
        // mid 100, 0.5 % = 0.5 exactly: 99.5 and 100.5 are in, 99.4 and 100.6 are out
        Book book = Book.of(new double[][] {{99.5, 2}, {99.4, 100}}, new double[][] {{100.5, 1}, {100.6, 100}});
        LiquidityBand.Result r = new LiquidityBand(0.5).measure(book);
        assertThat(r.bidNotional()).isEqualTo(199);
        assertThat(r.askNotional()).isEqualTo(100.5);
        assertThat(r.imbalance()).isCloseTo(98.5 / 299.5, within(EPS));
    }

    @Test
    void liquidityOfDegenerateBooks() {
        assertThat(new LiquidityBand().measure(Book.empty()).bidNotional()).isNaN();
        assertThat(new LiquidityBand().measure(Book.of(new double[][] {{100, 1}}, new double[0][])).imbalance()).isNaN();
        // the best levels are ~4.8 % from mid: neither is in a 0.5 % band
        Book wide = Book.of(new double[][] {{100, 1}}, new double[][] {{110, 1}});
        LiquidityBand.Result r = new LiquidityBand(0.5).measure(wide); // mid 105, band [104.475, 105.525]
        assertThat(r.bidNotional()).isZero();
        assertThat(r.askNotional()).isZero();
        assertThat(r.ratio()).isNaN();
        assertThat(r.imbalance()).isNaN();
        LiquidityBand.Result r5 = new LiquidityBand(5).measure(Book.of(new double[][] {{100, 1}}, new double[][] {{110, 0.001}, {120, 1}}));
        assertThat(r5.ratio()).isCloseTo(100 / 0.11, within(1e-9));
        assertThatThrownBy(() -> new LiquidityBand(0)).hasMessageContaining("percent");
    }
}
