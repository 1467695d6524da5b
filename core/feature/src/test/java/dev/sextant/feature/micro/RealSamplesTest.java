package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.Side;
import dev.sextant.feature.micro.MarketSamples.RawTrade;
import dev.sextant.feature.micro.MarketSamples.Snapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The features on the real samples of {@code data/market/samples}, each checked against an
 * independent recomputation with exact decimals (BigDecimal) from the file.
 */
class RealSamplesTest {

    private static final MathContext MC = MathContext.DECIMAL128;

    // ---------------------------------------------------------------- order book (Tardis, 25 levels)

    @Test
    void realSnapshotsHaveAPositiveSpreadAndAnImbalanceWithinOneOfTheExactValue() {
        List<Snapshot> snapshots = MarketSamples.book25();
        assertThat(snapshots).hasSize(10);
        for (Snapshot s : snapshots) {
            Book book = s.book();
            assertThat(book.bidDepth()).isEqualTo(25);
            assertThat(book.askDepth()).isEqualTo(25);
            TopOfBook top = TopOfBook.of(book);
            assertThat(top.spread()).as("spread at %s", s.time()).isPositive();
            assertThat(top.spreadBps()).isPositive();
            assertThat(top.crossed()).isFalse();
            assertThat(top.microprice()).isBetween(top.bestBid(), top.bestAsk());
            for (int n = 1; n <= 30; n++) {
                double imbalance = Imbalance.quantity(book, n);
                assertThat(imbalance).isBetween(-1.0, 1.0);
                assertThat(imbalance).as("imbalance top %d at %s", n, s.time())
                        .isCloseTo(exactImbalance(s.bids(), s.asks(), n), within(1e-12));
                assertThat(Imbalance.notional(book, n)).isBetween(-1.0, 1.0);
            }
        }
        // the first snapshot: best bid 11657.07 x 10.896, best ask 11657.08 x 1.714
        TopOfBook first = TopOfBook.of(snapshots.get(0).book());
        assertThat(first.spread()).isCloseTo(0.01, within(1e-9));
        assertThat(first.spreadBps()).isCloseTo(0.01 / 11657.075 * 10_000, within(1e-9));
    }

    private static double exactImbalance(List<BookLevel> bids, List<BookLevel> asks, int n) {
        BigDecimal b = bids.stream().limit(n).map(BookLevel::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal a = asks.stream().limit(n).map(BookLevel::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        return b.subtract(a).divide(b.add(a), MC).doubleValue();
    }

    @Test
    void slippageOnTheRealBooksIsMonotoneInNotionalAndEqualsAnExactWalk() {
        int multiLevel = 0;
        int insufficient = 0;
        for (Snapshot s : MarketSamples.book25()) {
            Book book = s.book();
            for (Side side : Side.values()) {
                List<BookLevel> levels = side == Side.BUY ? s.asks() : s.bids();
                BigDecimal visible = levels.stream().map(l -> l.price().multiply(l.quantity()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                double previousAverage = side == Side.BUY ? 0 : Double.POSITIVE_INFINITY;
                double previousVsMid = Double.NEGATIVE_INFINITY;
                double previousVsBest = 0;
                int previousLevels = 0;
                for (int notional = 1_000; notional <= 400_000; notional += 1_000) {
                    SlippageEstimator.Estimate e = SlippageEstimator.estimate(book, side, notional);
                    String at = side + " " + notional + " at " + s.time();
                    boolean beyond = BigDecimal.valueOf(notional).compareTo(visible) > 0;
                    assertThat(e.insufficientDepth()).as(at).isEqualTo(beyond);
                    if (side == Side.BUY) {
                        assertThat(e.averagePrice()).as(at).isGreaterThanOrEqualTo(previousAverage);
                    } else {
                        assertThat(e.averagePrice()).as(at).isLessThanOrEqualTo(previousAverage);
                    }
                    assertThat(e.slippageVsMidBps()).as(at).isGreaterThanOrEqualTo(previousVsMid);
                    assertThat(e.slippageVsBestBps()).as(at).isGreaterThanOrEqualTo(previousVsBest);
                    assertThat(e.levelsConsumed()).as(at).isGreaterThanOrEqualTo(previousLevels);
                    previousAverage = e.averagePrice();
                    previousVsMid = e.slippageVsMidBps();
                    previousVsBest = e.slippageVsBestBps();
                    previousLevels = e.levelsConsumed();
                    // exact walk with decimals
                    BigDecimal[] exact = exactWalk(levels, BigDecimal.valueOf(notional));
                    assertThat(e.filledNotional()).as(at).isCloseTo(exact[0].doubleValue(), within(1e-6));
                    assertThat(e.averagePrice()).as(at)
                            .isCloseTo(exact[0].divide(exact[1], MC).doubleValue(), within(1e-9 * e.averagePrice()));
                    assertThat(e.levelsConsumed()).as(at).isEqualTo(exact[2].intValue());
                    multiLevel += e.levelsConsumed() > 1 && !e.insufficientDepth() ? 1 : 0;
                    insufficient += e.insufficientDepth() ? 1 : 0;
                }
                assertThat(previousLevels).isEqualTo(25);
            }
        }
        assertThat(multiLevel).isGreaterThan(1_000);
        assertThat(insufficient).isGreaterThan(1_000); // every side holds a few hundred thousand USDT at most
    }

    /** {filled notional, filled quantity, levels} of an exact walk. */
    private static BigDecimal[] exactWalk(List<BookLevel> levels, BigDecimal notional) {
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal quantity = BigDecimal.ZERO;
        int used = 0;
        for (BookLevel l : levels) {
            used++;
            BigDecimal offered = l.price().multiply(l.quantity());
            BigDecimal remaining = notional.subtract(filled);
            if (remaining.compareTo(offered) <= 0) {
                quantity = quantity.add(remaining.divide(l.price(), MC));
                filled = notional;
                break;
            }
            filled = filled.add(offered);
            quantity = quantity.add(l.quantity());
        }
        return new BigDecimal[] {filled, quantity, BigDecimal.valueOf(used)};
    }

    @Test
    void wallsAndBandLiquidityOnTheRealBooksEqualAnExactRecomputation() {
        WallDetector detector = new WallDetector();
        int walls = 0;
        for (Snapshot s : MarketSamples.book25()) {
            Book book = s.book();
            WallDetector.Walls w = detector.detect(book);
            BigDecimal mid = s.bids().get(0).price().add(s.asks().get(0).price()).divide(BigDecimal.TWO, MC);
            checkWalls(w.bids(), s.bids(), mid);
            checkWalls(w.asks(), s.asks(), mid);
            walls += w.bids().count() + w.asks().count();
            LiquidityBand.Result band = new LiquidityBand().measure(book);
            BigDecimal d = mid.multiply(new BigDecimal("0.005"), MC);
            BigDecimal bid = s.bids().stream().filter(l -> l.price().compareTo(mid.subtract(d)) >= 0)
                    .map(l -> l.price().multiply(l.quantity())).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal ask = s.asks().stream().filter(l -> l.price().compareTo(mid.add(d)) <= 0)
                    .map(l -> l.price().multiply(l.quantity())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(band.bidNotional()).isCloseTo(bid.doubleValue(), within(1e-6));
            assertThat(band.askNotional()).isCloseTo(ask.doubleValue(), within(1e-6));
            assertThat(band.imbalance()).isBetween(-1.0, 1.0);
        }
        assertThat(walls).isPositive(); // the sample does hold walls at k = 5
    }

    private static void checkWalls(WallDetector.SideWalls walls, List<BookLevel> levels, BigDecimal mid) {
        List<BigDecimal> sorted = new ArrayList<>(levels.stream().map(BookLevel::quantity).toList());
        Collections.sort(sorted);
        BigDecimal median = sorted.get(sorted.size() / 2); // 25 levels: the 13th
        BigDecimal threshold = median.multiply(BigDecimal.valueOf(5));
        List<BookLevel> expected = levels.stream().filter(l -> l.quantity().compareTo(threshold) >= 0).toList();
        assertThat(walls.baseline()).isEqualTo(median.doubleValue());
        assertThat(walls.count()).isEqualTo(expected.size());
        if (!expected.isEmpty()) {
            BookLevel nearest = expected.get(0);
            assertThat(walls.nearestPrice()).isEqualTo(nearest.price().doubleValue());
            assertThat(walls.nearestSizeRatio()).isCloseTo(nearest.quantity().divide(median, MC).doubleValue(), within(1e-12));
            assertThat(walls.nearestDistanceBps()).isCloseTo(nearest.price().subtract(mid).abs().divide(mid, MC)
                    .multiply(BigDecimal.valueOf(10_000)).doubleValue(), within(1e-9));
        }
    }

    @Test
    void aRealOneSidedBookIsWalkedOnItsSideAndInsufficientOnTheOther() {
        Snapshot depth = MarketSamples.depthBids();
        Book book = depth.book();
        assertThat(book.bidDepth()).isEqualTo(100);
        assertThat(book.askDepth()).isZero();
        assertThat(TopOfBook.of(book).mid()).isNaN();
        assertThat(Imbalance.quantity(book, 10)).isEqualTo(1.0);
        SlippageEstimator.Estimate buy = SlippageEstimator.estimate(book, Side.BUY, 10_000);
        assertThat(buy.insufficientDepth()).isTrue();
        assertThat(buy.levelsConsumed()).isZero();
        SlippageEstimator.Estimate sell = SlippageEstimator.estimate(book, Side.SELL, 10_000);
        assertThat(sell.insufficientDepth()).isFalse();
        assertThat(sell.slippageVsMidBps()).isNaN();
        assertThat(sell.slippageVsBestBps()).isGreaterThanOrEqualTo(0);
        BigDecimal[] exact = exactWalk(depth.bids(), BigDecimal.valueOf(10_000));
        assertThat(sell.averagePrice()).isCloseTo(exact[0].divide(exact[1], MC).doubleValue(), within(1e-7));
    }

    // ---------------------------------------------------------------- trades

    @Test
    void spotCvdEqualsAnIndependentRecomputationFromTheFile() {
        List<RawTrade> trades = MarketSamples.spotTrades();
        assertThat(trades).hasSize(2_001);
        BigDecimal cvd = BigDecimal.ZERO;
        BigDecimal buy = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (RawTrade t : trades) {
            cvd = cvd.add(t.signed());
            total = total.add(t.quantity());
            if (t.aggressor() == Side.BUY) {
                buy = buy.add(t.quantity());
            }
        }
        TradeFlow flow = new TradeFlow(Duration.ofHours(1));
        MicrostructureFeatures ms = new MicrostructureFeatures(MicroConfig.defaults(1.0));
        for (RawTrade t : trades) {
            assertThat(flow.offer(t.trade())).isEqualTo(TradeAdmission.ACCEPTED);
            assertThat(ms.onTrade(event(t))).isEqualTo(TradeAdmission.ACCEPTED);
        }
        TradeFlow.Features f = flow.features();
        assertThat(f.tradeCount()).isEqualTo(2_001);
        assertThat(f.cvd()).isCloseTo(cvd.doubleValue(), within(1e-9));
        assertThat(f.cvdChange()).isCloseTo(cvd.doubleValue(), within(1e-9));
        assertThat(f.buyRatio()).isCloseTo(buy.divide(total, MC).doubleValue(), within(1e-12));
        assertThat(ms.tradeFlow().features().cvd()).isEqualTo(f.cvd());
        // is_buyer_maker = true is a sell by the aggressor: the first trade of the file
        assertThat(trades.get(0).aggressor()).isEqualTo(Side.SELL);
        assertThat(trades.get(1).aggressor()).isEqualTo(Side.BUY);
        System.out.printf("[RealSamplesTest] spot CVD over %d trades: %s BTC (buy ratio %.4f)%n", trades.size(),
                cvd.toPlainString(), f.buyRatio());
    }

    private static MarketTradeExecuted event(RawTrade t) {
        return MicrostructureFeaturesTest.tradeEvent(t.id(), t.time(), t.price().toPlainString(),
                t.quantity().toPlainString(), t.aggressor());
    }

    @Test
    void aRollingFiveSecondWindowOverSpotTradesEqualsABruteForceCount() {
        List<RawTrade> trades = MarketSamples.spotTrades();
        TradeFlow flow = new TradeFlow(Duration.ofSeconds(5));
        for (int i = 0; i < trades.size(); i++) {
            RawTrade t = trades.get(i);
            flow.offer(t.trade());
            Instant start = t.time().minusSeconds(5); // the file is in time order: t is the window's end
            BigDecimal buy = BigDecimal.ZERO;
            BigDecimal sell = BigDecimal.ZERO;
            int n = 0;
            for (int j = 0; j <= i; j++) {
                RawTrade u = trades.get(j);
                if (u.time().isAfter(start)) {
                    n++;
                    if (u.aggressor() == Side.BUY) {
                        buy = buy.add(u.quantity());
                    } else {
                        sell = sell.add(u.quantity());
                    }
                }
            }
            TradeFlow.Features f = flow.features();
            assertThat(f.tradeCount()).as("trade %d", i).isEqualTo(n);
            assertThat(f.buyVolume()).as("trade %d", i).isCloseTo(buy.doubleValue(), within(1e-9));
            assertThat(f.sellVolume()).as("trade %d", i).isCloseTo(sell.doubleValue(), within(1e-9));
            assertThat(f.tradeRate()).isCloseTo(n / 5.0, within(1e-12));
        }
    }

    @Test
    void spotTradesOutOfOrderAndRedeliveredGiveTheSameCvd() {
        List<RawTrade> trades = MarketSamples.spotTrades();
        Random random = new Random(21);
        List<RawTrade> delivered = new ArrayList<>();
        int copies = 0;
        for (int b = 0; b < trades.size(); b += 50) { // blocks of 50 trades (about a second), shuffled
            List<RawTrade> block = new ArrayList<>(trades.subList(b, Math.min(b + 50, trades.size())));
            Collections.shuffle(block, random);
            for (RawTrade t : block) {
                delivered.add(t);
                if (random.nextInt(10) == 0) {
                    delivered.add(t);
                    copies++;
                }
            }
        }
        TradeFlow inOrder = new TradeFlow(Duration.ofSeconds(10));
        trades.forEach(t -> inOrder.offer(t.trade()));
        TradeFlow shuffled = new TradeFlow(Duration.ofSeconds(10));
        delivered.forEach(t -> shuffled.offer(t.trade()));
        assertThat(shuffled.duplicateCount()).isEqualTo(copies);
        assertThat(shuffled.lateCount()).isZero();
        assertThat(shuffled.acceptedCount()).isEqualTo(trades.size());
        TradeFlow.Features a = inOrder.features();
        TradeFlow.Features b = shuffled.features();
        assertThat(b.cvd()).isCloseTo(a.cvd(), within(1e-9));
        assertThat(b.tradeCount()).isEqualTo(a.tradeCount());
        assertThat(b.buyVolume()).isCloseTo(a.buyVolume(), within(1e-9));
        assertThat(b.divergence()).isEqualTo(a.divergence());
        assertThat(copies).isPositive();
    }

    @Test
    void futuresCvdAndTheRollingPocEqualABruteForceRecomputation() {
        List<RawTrade> trades = MarketSamples.futuresTrades();
        assertThat(trades).hasSize(9_999);
        Duration window = Duration.ofMinutes(15);
        // 0.1 and 0.01 are not binary fractions: the buckets must absorb the rounding of price / tick
        for (BigDecimal tick : List.of(new BigDecimal("1"), new BigDecimal("0.5"), new BigDecimal("5"),
                new BigDecimal("0.1"), new BigDecimal("0.01"))) {
            VolumeProfile profile = new VolumeProfile(window, tick.doubleValue(), 0.70, 1.5, 0.5);
            TradeFlow flow = new TradeFlow(window);
            BigDecimal cvd = BigDecimal.ZERO;
            int checks = 0;
            for (int i = 0; i < trades.size(); i++) {
                RawTrade t = trades.get(i);
                assertThat(profile.offer(t.trade())).isEqualTo(TradeAdmission.ACCEPTED);
                flow.offer(t.trade());
                cvd = cvd.add(t.signed());
                if (i % 250 != 0 && i != trades.size() - 1) {
                    continue;
                }
                checks++;
                assertThat(flow.features().cvd()).isCloseTo(cvd.doubleValue(), within(1e-9));
                // brute force: exact bucket volumes of the trades in (t - 15 min, t]
                Instant start = t.time().minus(window);
                TreeMap<Long, BigDecimal> buckets = new TreeMap<>();
                for (int j = 0; j <= i; j++) {
                    RawTrade u = trades.get(j);
                    if (u.time().isAfter(start)) {
                        long bucket = u.price().divide(tick, 0, RoundingMode.FLOOR).longValueExact();
                        buckets.merge(bucket, u.quantity(), BigDecimal::add);
                    }
                }
                long poc = 0;
                BigDecimal max = null;
                BigDecimal total = BigDecimal.ZERO;
                for (Map.Entry<Long, BigDecimal> e : buckets.entrySet()) {
                    total = total.add(e.getValue());
                    if (max == null || e.getValue().compareTo(max) > 0) {
                        max = e.getValue();
                        poc = e.getKey();
                    }
                }
                VolumeProfile.Profile p = profile.profile(t.price().doubleValue());
                String at = "tick " + tick + ", trade " + i + " at " + t.time();
                assertThat(p.buckets()).as(at).isEqualTo(buckets.size());
                assertThat(p.pocBucket()).as(at).isEqualTo(poc);
                assertThat(p.totalVolume()).as(at).isCloseTo(total.doubleValue(), within(1e-9));
                assertThat(p.valueAreaVolume()).as(at).isGreaterThanOrEqualTo(0.70 * p.totalVolume());
                assertThat(p.val()).isLessThanOrEqualTo(p.poc());
                assertThat(p.vah()).isGreaterThanOrEqualTo(p.poc());
                assertThat(p.rows()).isEqualTo(buckets.lastKey() - buckets.firstKey() + 1);
            }
            assertThat(checks).isEqualTo(41);
            assertThat(flow.features().cvd()).isCloseTo(cvd.doubleValue(), within(1e-9));
        }
    }

    /**
     * The aggregate over 46 real seconds: the spot book ticker (a one-level book) and the spot trades
     * of the same period, a vector at every trade, the book stale after 250 ms.
     */
    @Test
    void theAggregateOverRealSpotTradesAndBookTicker() {
        List<RawTrade> trades = MarketSamples.spotTrades();
        List<Snapshot> tickers = MarketSamples.spotBookTicker();
        Duration maxAge = Duration.ofMillis(250);
        MicrostructureFeatures ms = new MicrostructureFeatures(MicroConfig.defaults(1.0)
                .withWindows(Duration.ofSeconds(10), Duration.ofSeconds(30)).withMaxBookAge(maxAge)
                .withSlippageNotional(100));
        int next = 0;
        int stale = 0;
        int fresh = 0;
        int warm = 0;
        Instant lastTicker = null;
        for (RawTrade t : trades) {
            // books up to and including the trade's time go first
            while (next < tickers.size() && !tickers.get(next).time().isAfter(t.time())) {
                Snapshot s = tickers.get(next++);
                assertThat(ms.onBook(s.time(), s.book())).isTrue();
                lastTicker = s.time();
            }
            ms.onTrade(t.trade());
            MicroFeatureVector v = ms.vector(t.time());
            boolean expectStale = lastTicker == null || Duration.between(lastTicker, t.time()).compareTo(maxAge) > 0;
            assertThat(v.staleBook()).as("at %s", t.time()).isEqualTo(expectStale);
            if (v.staleBook()) {
                stale++;
                assertThat(v.missing("spread_bps")).isTrue();
            } else {
                fresh++;
                assertThat(v.value("spread_bps")).isPositive();
                assertThat(v.value("ob_imbalance")).isBetween(-1.0, 1.0);
                assertThat(Math.abs(v.value("microprice_offset_bps"))).isLessThanOrEqualTo(v.value("spread_bps") / 2 + 1e-9);
                assertThat(v.value("book_crossed")).isZero();
                assertThat(v.value("bid_wall_count")).isZero(); // one level: never 5x its own median
            }
            assertThat(v.value("flow_buy_ratio")).isBetween(0.0, 1.0);
            assertThat(v.value("vp_va_position")).isFinite();
            warm += v.warm() ? 1 : 0;
        }
        assertThat(stale).isPositive();
        assertThat(fresh).isPositive();
        assertThat(warm).isZero(); // no candles: no ATR, never warm
        System.out.printf("[RealSamplesTest] aggregate over %d spot trades: %d with a fresh book, %d stale (> %d ms)%n",
                trades.size(), fresh, stale, maxAge.toMillis());
    }
}
