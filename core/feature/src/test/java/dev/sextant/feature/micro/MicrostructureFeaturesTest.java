package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.MarketTradeExecuted;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.feature.domain.Bar;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MicrostructureFeaturesTest {

    static final Instant T = Instant.parse("2024-01-01T12:00:00Z");
    static final double EPS = 1e-12;

    static MicroConfig config() {
        return MicroConfig.defaults(1.0).withWindows(Duration.ofSeconds(10), Duration.ofSeconds(60))
                .withSlippageNotional(305);
    }

    @Test
    void theFeatureSetIsNamedOrderedAndVersioned() {
        assertThat(MicroFeatureSet.VERSION).isEqualTo("ms-v1");
        assertThat(MicroFeatureSet.NAMES).containsExactly("spread_bps", "microprice_offset_bps", "ob_imbalance",
                "ob_imbalance_notional", "bid_wall_count", "ask_wall_count", "bid_wall_dist_bps", "ask_wall_dist_bps",
                "bid_wall_size_ratio", "ask_wall_size_ratio", "liq_imbalance", "slip_buy_bps", "slip_sell_bps",
                "slip_buy_insufficient", "slip_sell_insufficient", "book_crossed", "flow_buy_ratio",
                "flow_cvd_divergence", "flow_trade_rate", "vp_poc_dist_bps", "vp_va_position", "vp_hvn_below_bps",
                "vp_hvn_above_bps", "vp_in_lvn", "sd_demand_dist_atr", "sd_supply_dist_atr", "sd_in_fresh_demand",
                "sd_in_fresh_supply");
        assertThat(MicroFeatureSet.SIZE).isEqualTo(28);
        assertThat(MicroFeatureSet.NAMES.stream().filter(MicroFeatureSet::fromBook).toList())
                .hasSize(MicroFeatureSet.BOOK_FEATURES).endsWith("book_crossed");
        assertThat(MicroFeatureSet.fromBook("flow_buy_ratio")).isFalse();
        assertThatThrownBy(() -> MicroFeatureSet.indexOf("close")).hasMessageContaining("no feature named 'close'");
    }

    @Test
    void withoutABookEveryBookFeatureIsMissingAndTheBookIsStale() {
        MicrostructureFeatures ms = new MicrostructureFeatures(config());
        MicroFeatureVector v = ms.vector(T);
        assertThat(v.version()).isEqualTo("ms-v1");
        assertThat(v.eventTime()).isEqualTo(T);
        assertThat(v.staleBook()).isTrue();
        assertThat(v.bookAge()).isNull();
        assertThat(v.warm()).isFalse();
        for (String name : MicroFeatureSet.NAMES) {
            if (!name.equals("flow_trade_rate")) {
                assertThat(v.missing(name)).as(name).isTrue(); // no trades and no candles either
            }
        }
        assertThat(v.value("flow_trade_rate")).isZero(); // no trade is a rate of 0, not a missing value
    }

    @Test
    void theBookFeaturesOfBookAByHand() {
        MicrostructureFeatures ms = new MicrostructureFeatures(config());
        assertThat(ms.onBook(T, BookFeaturesTest.bookA())).isTrue();
        MicroFeatureVector v = ms.vector(T.plusSeconds(2));
        assertThat(v.staleBook()).isFalse();
        assertThat(v.bookAge()).isEqualTo(Duration.ofSeconds(2));
        assertThat(v.value("spread_bps")).isCloseTo(10_000 / 100.5, within(EPS));
        assertThat(v.value("microprice_offset_bps")).isCloseTo((302.0 / 3 - 100.5) / 100.5 * 10_000, within(EPS));
        assertThat(v.value("ob_imbalance")).isCloseTo(-7.0 / 23, within(EPS));
        assertThat(v.value("ob_imbalance_notional")).isCloseTo((793.0 - 1549) / (793 + 1549), within(EPS));
        assertThat(v.value("bid_wall_count")).isZero(); // default k = 5: no level is 5x its side's median
        assertThat(v.value("ask_wall_count")).isZero();
        assertThat(v.value("bid_wall_dist_bps")).isNaN();
        assertThat(v.value("ask_wall_size_ratio")).isNaN();
        assertThat(v.value("liq_imbalance")).isCloseTo(99.0 / 301, within(EPS)); // 0.5 %: 200 vs 101
        assertThat(v.value("slip_buy_bps")).isCloseTo((305.0 / 3 - 100.5) / 100.5 * 10_000, within(1e-9));
        // sell 305: 200 at 100 (2 units) + 105 at 99 (105/99 units)
        double sellAverage = 305 / (2 + 105.0 / 99);
        assertThat(v.value("slip_sell_bps")).isCloseTo((100.5 - sellAverage) / 100.5 * 10_000, within(1e-9));
        assertThat(v.value("slip_buy_insufficient")).isZero();
        assertThat(v.value("slip_sell_insufficient")).isZero();
        assertThat(v.value("book_crossed")).isZero();
    }

    @Test
    void aDeepOrderOnAThinBookIsMissingWithItsFlagSet() {
        MicrostructureFeatures ms = new MicrostructureFeatures(MicroConfig.defaults(1.0)); // 10,000 notional
        ms.onBook(T, BookFeaturesTest.bookA());
        MicroFeatureVector v = ms.vector(T);
        assertThat(v.value("slip_buy_bps")).isNaN();
        assertThat(v.value("slip_buy_insufficient")).isEqualTo(1);
        assertThat(v.value("slip_sell_insufficient")).isEqualTo(1);
        assertThat(v.staleBook()).isFalse();
        ms.onBook(T, Book.of(new double[][] {{101, 1}}, new double[][] {{100, 1}}));
        assertThat(ms.vector(T).value("book_crossed")).isEqualTo(1);
    }

    @Test
    void theBookGoesStaleAfterTheAllowedAgeOfEventTime() {
        MicrostructureFeatures ms = new MicrostructureFeatures(config().withMaxBookAge(Duration.ofSeconds(5)));
        ms.onBook(T, BookFeaturesTest.bookA());
        assertThat(ms.vector(T.plusSeconds(5)).staleBook()).isFalse(); // exactly the allowed age
        MicroFeatureVector stale = ms.vector(T.plusSeconds(5).plusNanos(1));
        assertThat(stale.staleBook()).isTrue();
        assertThat(stale.bookAge()).isEqualTo(Duration.ofSeconds(5).plusNanos(1));
        for (String name : MicroFeatureSet.NAMES) {
            if (MicroFeatureSet.fromBook(name)) {
                assertThat(stale.missing(name)).as(name).isTrue();
            }
        }
        // an older snapshot arriving late changes nothing; a newer one refreshes the book
        assertThat(ms.onBook(T.minusSeconds(1), Book.empty())).isFalse();
        assertThat(ms.vector(T.plusSeconds(6)).staleBook()).isTrue();
        assertThat(ms.onBook(T.plusSeconds(6), BookFeaturesTest.bookA())).isTrue();
        assertThat(ms.vector(T.plusSeconds(6)).staleBook()).isFalse();
        // a snapshot newer than the event time asked for is not stale
        MicroFeatureVector early = ms.vector(T.plusSeconds(4));
        assertThat(early.staleBook()).isFalse();
        assertThat(early.bookAge()).isEqualTo(Duration.ofSeconds(-2));
        // a zero allowed age: only a snapshot of the very same instant (or newer) is fresh
        MicrostructureFeatures strict = new MicrostructureFeatures(config().withMaxBookAge(Duration.ZERO));
        strict.onBook(T, BookFeaturesTest.bookA());
        assertThat(strict.vector(T).staleBook()).isFalse();
        assertThat(strict.vector(T.plusNanos(1)).staleBook()).isTrue();
        assertThatThrownBy(() -> config().withMaxBookAge(Duration.ofSeconds(-1))).hasMessageContaining("max book age");
    }

    private static Bar flat(int hour) {
        return new Bar(T.minusSeconds(3_600L * (40 - hour)), 100, 101, 99, 100, 10);
    }

    @Test
    void warmOnceBothTradeWindowsHaveRunAndTheAtrIsDefined() {
        MicrostructureFeatures ms = new MicrostructureFeatures(config());
        ms.onBook(T, BookFeaturesTest.bookA());
        for (int i = 0; i < 15; i++) {
            ms.onBar(flat(i));
        }
        // a trade every second from T, alternately buying 3 and selling 1 at 100 and 101
        List<MicroFeatureVector> vectors = new ArrayList<>();
        for (int s = 0; s <= 70; s++) {
            Side side = s % 2 == 0 ? Side.BUY : Side.SELL;
            ms.onTrade(new Trade(s, T.plusSeconds(s), s % 2 == 0 ? 100 : 101, side == Side.BUY ? 3 : 1, side));
            ms.onBook(T.plusSeconds(s), BookFeaturesTest.bookA());
            vectors.add(ms.vector(T.plusSeconds(s)));
        }
        for (int s = 0; s <= 70; s++) {
            assertThat(vectors.get(s).warm()).as("warm at %d s", s).isEqualTo(s >= 60); // the 60 s profile window
        }
        MicroFeatureVector last = vectors.get(70); // trade window (60 s, 70 s]: 61..70, five buys of 3, five sells of 1
        assertThat(last.value("flow_trade_rate")).isEqualTo(1.0);
        assertThat(last.value("flow_buy_ratio")).isEqualTo(0.75);
        // profile window (10 s, 70 s]: 11..70: 30 buys of 3 at 100 = 90, 30 sells of 1 at 101 = 30; POC 100;
        // VA target 84 < 90: POC alone; last price 100
        assertThat(last.value("vp_poc_dist_bps")).isZero();
        assertThat(last.value("vp_va_position")).isZero(); // (100 - 100) / (100 + 1 - 100)
        assertThat(last.value("vp_hvn_below_bps")).isZero(); // 100 >= 1.5 * 60: an HVN, r's own bucket
        assertThat(last.value("vp_hvn_above_bps")).isNaN(); // 101 holds 30 < 90
        assertThat(last.value("vp_in_lvn")).isZero();
        // flat candles: no zone; the ATR is 2
        assertThat(last.value("sd_demand_dist_atr")).isNaN();
        assertThat(last.value("sd_in_fresh_demand")).isZero();
        assertThat(ms.zones().atr()).isEqualTo(2);
        assertThat(last.staleBook()).isFalse();
    }

    @Test
    void tradeEventsAreDeduplicatedByTradeId() {
        MicrostructureFeatures ms = new MicrostructureFeatures(config());
        MarketTradeExecuted event = tradeEvent(42, T, "100.5", "0.25", Side.SELL);
        assertThat(ms.onTrade(event)).isEqualTo(TradeAdmission.ACCEPTED);
        assertThat(ms.onTrade(event)).isEqualTo(TradeAdmission.DUPLICATE);
        assertThat(ms.tradeFlow().features().cvd()).isEqualTo(-0.25);
        assertThat(ms.vector(T).value("flow_buy_ratio")).isZero();
        assertThat(ms.tradeFlow().duplicateCount()).isEqualTo(1);
    }

    static MarketTradeExecuted tradeEvent(long id, Instant time, String price, String quantity, Side side) {
        Symbol btc = Symbol.of("BTCUSDT");
        return new MarketTradeExecuted(Ids.derive("trade", "binance", btc, id), time, time, null,
                MarketTradeExecuted.SCHEMA_VERSION, "binance", btc, id, new BigDecimal(price), new BigDecimal(quantity),
                side);
    }

    /**
     * Stationarity: multiplying every price by 4 and every quantity by 1/4 (the same notionals; the
     * profile tick times 4) leaves every feature unchanged. Powers of two keep the arithmetic exact,
     * so the vectors agree to rounding.
     */
    @Test
    void everyFeatureIsInvariantToThePriceScale() {
        List<MicroFeatureVector> base = run(1, 1);
        List<MicroFeatureVector> scaled = run(4, 0.25);
        assertThat(base).hasSameSizeAs(scaled);
        int defined = 0;
        for (int i = 0; i < base.size(); i++) {
            double[] a = base.get(i).values();
            double[] b = scaled.get(i).values();
            assertThat(scaled.get(i).warm()).isEqualTo(base.get(i).warm());
            assertThat(scaled.get(i).staleBook()).isEqualTo(base.get(i).staleBook());
            for (int k = 0; k < a.length; k++) {
                String name = MicroFeatureSet.NAMES.get(k);
                if (Double.isNaN(a[k])) {
                    assertThat(b[k]).as("%s at vector %d", name, i).isNaN();
                } else {
                    defined++;
                    assertThat(b[k]).as("%s at vector %d", name, i).isCloseTo(a[k], within(1e-9 * Math.max(1, Math.abs(a[k]))));
                }
            }
        }
        assertThat(base.get(base.size() - 1).warm()).isTrue();
        assertThat(defined).isGreaterThan(base.size() * 15);
        // and the same input gives the same vectors
        assertThat(run(1, 1)).isEqualTo(base);
    }

    private static List<MicroFeatureVector> run(double priceScale, double quantityScale) {
        Random random = new Random(5);
        MicroConfig config = MicroConfig.defaults(2.0 * priceScale)
                .withWindows(Duration.ofSeconds(30), Duration.ofSeconds(120)).withSlippageNotional(20_000);
        MicrostructureFeatures ms = new MicrostructureFeatures(config);
        double price = 1_000;
        // 40 random hourly candles ending before T, with a base-and-rally now and then
        for (int h = 0; h < 40; h++) {
            double open = price;
            double move = random.nextGaussian() * 8 + (h % 9 == 8 ? 40 : 0);
            double close = Math.max(100, open + move);
            double high = Math.max(open, close) + random.nextDouble() * 4;
            double low = Math.min(open, close) - random.nextDouble() * 4;
            ms.onBar(new Bar(T.minusSeconds(3_600L * (40 - h)), open * priceScale, high * priceScale, low * priceScale,
                    close * priceScale, (10 + random.nextInt(50)) * quantityScale));
            price = close;
        }
        List<MicroFeatureVector> out = new ArrayList<>();
        long tradeId = 1;
        for (int s = 0; s < 300; s++) {
            Instant t = T.plusSeconds(s);
            int trades = random.nextInt(4);
            for (int k = 0; k < trades; k++) {
                price += (random.nextInt(5) - 2) * 0.5;
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                ms.onTrade(new Trade(tradeId++, t.plusMillis(k * 100L), price * priceScale,
                        (1 + random.nextInt(16)) / 8.0 * quantityScale, side));
            }
            if (s % 7 != 6) { // every seventh second no snapshot: the book ages
                double[][] bids = new double[12][];
                double[][] asks = new double[12][];
                for (int l = 0; l < 12; l++) {
                    double wall = random.nextInt(10) == 0 ? 8 : 1;
                    bids[l] = new double[] {(price - 0.5 - l) * priceScale, (1 + random.nextInt(8)) * wall * quantityScale};
                    asks[l] = new double[] {(price + 0.5 + l) * priceScale, (1 + random.nextInt(8)) * wall * quantityScale};
                }
                ms.onBook(t, Book.of(bids, asks));
            }
            out.add(ms.vector(t.plusMillis(900)));
        }
        return out;
    }
}
