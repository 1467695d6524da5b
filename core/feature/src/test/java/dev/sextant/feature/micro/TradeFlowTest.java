package dev.sextant.feature.micro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sextant.contracts.event.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TradeFlowTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Duration W = Duration.ofSeconds(10);

    static Trade trade(long id, double seconds, Side side, double price, double quantity) {
        return new Trade(id, T0.plusNanos((long) (seconds * 1e9)), price, quantity, side);
    }

    static Instant at(double seconds) {
        return T0.plusNanos((long) (seconds * 1e9));
    }

    @Test
    void cvdBuyRatioAndRateOverTheWindow() {
        TradeFlow flow = new TradeFlow(W);
        flow.offer(trade(1, 0, Side.BUY, 100, 2));
        flow.offer(trade(2, 1, Side.SELL, 101, 1));
        flow.offer(trade(3, 2, Side.BUY, 102, 3));
        TradeFlow.Features f = flow.features();
        assertThat(f.windowEnd()).isEqualTo(at(2));
        assertThat(f.tradeCount()).isEqualTo(3);
        assertThat(f.buyVolume()).isEqualTo(5);
        assertThat(f.sellVolume()).isEqualTo(1);
        assertThat(f.cvd()).isEqualTo(4);
        assertThat(f.cvdChange()).isEqualTo(4);
        assertThat(f.buyRatio()).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(f.tradeRate()).isCloseTo(0.3, within(1e-15)); // 3 trades / 10 s
        assertThat(f.warm()).isFalse();

        // window (0 s, 10 s]: the trade at 0 s has left; the CVD keeps it
        flow.advanceTo(at(10));
        f = flow.features();
        assertThat(f.tradeCount()).isEqualTo(2);
        assertThat(f.buyVolume()).isEqualTo(3);
        assertThat(f.sellVolume()).isEqualTo(1);
        assertThat(f.cvd()).isEqualTo(4);
        assertThat(f.cvdChange()).isEqualTo(2);
        assertThat(f.buyRatio()).isEqualTo(0.75);
        assertThat(f.warm()).isTrue(); // 10 s since the first trade

        // window (2 s, 12 s]: empty, exactly
        flow.advanceTo(at(12));
        f = flow.features();
        assertThat(f.tradeCount()).isZero();
        assertThat(f.buyVolume()).isZero();
        assertThat(f.sellVolume()).isZero();
        assertThat(f.cvdChange()).isZero();
        assertThat(f.buyRatio()).isNaN();
        assertThat(f.tradeRate()).isZero();
        assertThat(f.cvd()).isEqualTo(4);
        assertThat(f.divergence()).isEqualTo(Divergence.UNDEFINED);
    }

    @Test
    void theWindowNeverMovesBack() {
        TradeFlow flow = new TradeFlow(W);
        flow.offer(trade(1, 5, Side.BUY, 100, 1));
        flow.advanceTo(at(14));
        flow.advanceTo(at(3)); // ignored
        assertThat(flow.features().windowEnd()).isEqualTo(at(14));
        assertThat(flow.features().tradeCount()).isEqualTo(1); // 5 s is inside (4 s, 14 s]
        flow.advanceTo(at(15));
        assertThat(flow.features().tradeCount()).isZero(); // 5 s is the start of (5 s, 15 s]: out
    }

    @Test
    void aTradeIdAlreadyInTheWindowIsIgnored() {
        TradeFlow flow = new TradeFlow(W);
        assertThat(flow.offer(trade(7, 1, Side.BUY, 100, 2))).isEqualTo(TradeAdmission.ACCEPTED);
        assertThat(flow.offer(trade(7, 1, Side.BUY, 100, 2))).isEqualTo(TradeAdmission.DUPLICATE);
        // a re-sent id with other content is still a duplicate: the first stays
        assertThat(flow.offer(trade(7, 2, Side.SELL, 90, 50))).isEqualTo(TradeAdmission.DUPLICATE);
        TradeFlow.Features f = flow.features();
        assertThat(f.tradeCount()).isEqualTo(1);
        assertThat(f.cvd()).isEqualTo(2);
        assertThat(flow.duplicateCount()).isEqualTo(2);
        assertThat(flow.acceptedCount()).isEqualTo(1);
    }

    @Test
    void aTradeAtOrBeforeTheWindowsStartIsLateAndIgnored() {
        TradeFlow flow = new TradeFlow(W);
        flow.offer(trade(1, 20, Side.BUY, 100, 1));
        assertThat(flow.offer(trade(2, 10, Side.SELL, 100, 1))).isEqualTo(TradeAdmission.LATE); // start = 10 s
        assertThat(flow.offer(trade(3, 10.001, Side.SELL, 100, 1))).isEqualTo(TradeAdmission.ACCEPTED);
        assertThat(flow.lateCount()).isEqualTo(1);
        assertThat(flow.features().cvd()).isZero();
        // the copy of an evicted trade carries its old time: late, so never counted twice
        flow.advanceTo(at(25));
        assertThat(flow.offer(trade(3, 10.001, Side.SELL, 100, 1))).isEqualTo(TradeAdmission.LATE);
        assertThat(flow.features().cvd()).isZero();
    }

    @Test
    void outOfOrderTradesGiveTheSameFeaturesAsInOrder() {
        List<Trade> trades = new ArrayList<>();
        Random random = new Random(8);
        for (int i = 0; i < 400; i++) {
            // quantities in 1/8ths and prices in 1/4ths: the sums are exact whatever the order
            trades.add(trade(1000 + i, i * 0.05, random.nextBoolean() ? Side.BUY : Side.SELL,
                    100 + random.nextInt(40) / 4.0, 1 + random.nextInt(80) / 8.0));
        }
        TradeFlow inOrder = new TradeFlow(W);
        trades.forEach(inOrder::offer);
        // shuffle within blocks of 40 trades (2 s, well inside the 10 s window) and re-send some
        List<Trade> shuffled = new ArrayList<>();
        for (int b = 0; b < trades.size(); b += 40) {
            List<Trade> block = new ArrayList<>(trades.subList(b, b + 40));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
            shuffled.add(block.get(3));
        }
        TradeFlow outOfOrder = new TradeFlow(W);
        shuffled.forEach(outOfOrder::offer);
        assertThat(outOfOrder.duplicateCount()).isEqualTo(10);
        assertThat(outOfOrder.lateCount()).isZero();
        TradeFlow.Features a = inOrder.features();
        TradeFlow.Features b = outOfOrder.features();
        assertThat(b).isEqualTo(a);
        assertThat(a.tradeCount()).isEqualTo(200); // 20 trades per second, window 10 s
    }

    @Test
    void windowSumsStayExactOverALongStream() {
        TradeFlow flow = new TradeFlow(Duration.ofSeconds(1));
        Random random = new Random(3);
        List<Trade> all = new ArrayList<>();
        double cvd = 0;
        for (int i = 0; i < 200_000; i++) {
            Trade t = trade(i, i * 0.003, random.nextBoolean() ? Side.BUY : Side.SELL, 100, random.nextDouble() * 3);
            all.add(t);
            flow.offer(t);
            cvd += t.signedQuantity();
            if (i % 20_011 == 0 || i == 199_999) {
                double buy = 0;
                double sell = 0;
                int n = 0;
                Instant start = t.time().minusSeconds(1);
                for (int j = i; j >= 0 && all.get(j).time().isAfter(start); j--) {
                    n++;
                    if (all.get(j).aggressor() == Side.BUY) {
                        buy += all.get(j).quantity();
                    } else {
                        sell += all.get(j).quantity();
                    }
                }
                TradeFlow.Features f = flow.features();
                assertThat(f.tradeCount()).isEqualTo(n);
                assertThat(f.buyVolume()).isCloseTo(buy, within(1e-9));
                assertThat(f.sellVolume()).isCloseTo(sell, within(1e-9));
                assertThat(f.cvd()).isCloseTo(cvd, within(1e-6));
            }
        }
    }

    @Test
    void aHugeTradeLeavesNoRoundingResidueOnceItHasLeft() {
        TradeFlow flow = new TradeFlow(Duration.ofSeconds(1));
        flow.offer(trade(0, 0, Side.BUY, 100, 1e9));
        List<Trade> small = new ArrayList<>();
        for (int i = 1; i <= 400; i++) { // 0.001 every 10 ms for 4 s
            Trade t = trade(i, i * 0.01, Side.BUY, 100, 0.001);
            small.add(t);
            flow.offer(t);
        }
        // window (3 s, 4 s]: the last 100 small trades, summed oldest first like the window does
        double expected = 0;
        for (Trade t : small.subList(300, 400)) {
            expected += t.quantity();
        }
        TradeFlow.Features f = flow.features();
        assertThat(f.tradeCount()).isEqualTo(100);
        assertThat(f.buyVolume()).isCloseTo(expected, within(1e-15)); // 1e9 in and out would leave ~1e-7
    }

    // ---------------------------------------------------------------- divergence, W = 10 s, end 10 s: H1 (0, 5], H2 (5, 10]

    private static Divergence divergence(Trade... trades) {
        TradeFlow flow = new TradeFlow(W);
        for (Trade t : trades) {
            assertThat(flow.offer(t)).isEqualTo(TradeAdmission.ACCEPTED);
        }
        flow.advanceTo(at(10));
        return flow.features().divergence();
    }

    @Test
    void bearishWhenPriceMakesAHigherHighOnALowerCvdHigh() {
        assertThat(divergence(
                trade(1, 1, Side.BUY, 100, 5), // CVD path 5
                trade(2, 2, Side.SELL, 101, 1), // 4: H1 price high 101, CVD high 5
                trade(3, 6, Side.SELL, 102, 2), // 2
                trade(4, 10, Side.BUY, 103, 1))) // 3: H2 price high 103 > 101, CVD high 3 < 5
                .isEqualTo(Divergence.BEARISH);
    }

    @Test
    void bullishWhenPriceMakesALowerLowOnAHigherCvdLow() {
        assertThat(divergence(
                trade(1, 1, Side.SELL, 100, 5), // -5
                trade(2, 2, Side.BUY, 99, 1), // -4: H1 price low 99, CVD low -5
                trade(3, 6, Side.BUY, 98, 2), // -2
                trade(4, 10, Side.SELL, 97, 1))) // -3: H2 price low 97 < 99, CVD low -3 > -5
                .isEqualTo(Divergence.BULLISH);
    }

    @Test
    void noDivergenceWhenCvdConfirmsThePrice() {
        assertThat(divergence(trade(1, 1, Side.BUY, 100, 1), trade(2, 6, Side.BUY, 101, 1))).isEqualTo(Divergence.NONE);
        assertThat(divergence(trade(1, 1, Side.SELL, 100, 1), trade(2, 6, Side.SELL, 99, 1))).isEqualTo(Divergence.NONE);
        // equal highs are not higher highs
        assertThat(divergence(trade(1, 1, Side.BUY, 100, 5), trade(2, 6, Side.SELL, 100, 1))).isEqualTo(Divergence.NONE);
    }

    @Test
    void bothAtOnceIsNone() {
        assertThat(divergence(
                trade(1, 1, Side.BUY, 100, 1), // 1
                trade(2, 2, Side.SELL, 100, 2), // -1: H1 prices 100..100, CVD -1..1
                trade(3, 6, Side.BUY, 101, 1), // 0: higher high on a lower CVD high (0 < 1): bearish
                trade(4, 7, Side.SELL, 99, 0.5))) // -0.5: lower low on a higher CVD low (-0.5 > -1): bullish
                .isEqualTo(Divergence.NONE);
    }

    @Test
    void undefinedWhenAHalfHasNoTradeAndTheMidpointBelongsToTheOlderHalf() {
        assertThat(divergence(trade(1, 6, Side.BUY, 100, 1), trade(2, 7, Side.SELL, 101, 1)))
                .isEqualTo(Divergence.UNDEFINED);
        // 5 s is the end of H1: then H2 is empty
        assertThat(divergence(trade(1, 1, Side.BUY, 100, 1), trade(2, 5, Side.SELL, 101, 1)))
                .isEqualTo(Divergence.UNDEFINED);
        // and just after it, H2 has a trade: a higher high on a lower CVD high
        assertThat(divergence(trade(1, 1, Side.BUY, 100, 1), trade(2, 5.000001, Side.SELL, 101, 1)))
                .isEqualTo(Divergence.BEARISH);
        assertThat(Divergence.BULLISH.value()).isEqualTo(1.0);
        assertThat(Divergence.BEARISH.value()).isEqualTo(-1.0);
        assertThat(Divergence.NONE.value()).isZero();
        assertThat(Divergence.UNDEFINED.value()).isNaN();
    }

    @Test
    void aTradeNeedsUsableValues() {
        assertThatThrownBy(() -> trade(1, 0, Side.BUY, 0, 1)).hasMessageContaining("price");
        assertThatThrownBy(() -> trade(1, 0, Side.BUY, 100, -1)).hasMessageContaining("quantity");
        assertThatThrownBy(() -> new Trade(1, Instant.parse("1969-12-31T23:59:59Z"), 1, 1, Side.BUY))
                .hasMessageContaining("[1970, 2100)");
        assertThatThrownBy(() -> new Trade(1, T0, 1, 1, null)).hasMessageContaining("aggressor");
        assertThatThrownBy(() -> new TradeFlow(Duration.ZERO)).hasMessageContaining("positive");
    }
}
