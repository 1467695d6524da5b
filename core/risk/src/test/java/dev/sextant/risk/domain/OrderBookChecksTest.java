package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Risk's order-book checks on live data: spread, slippage (walking the book for the sized entry) and liquidity within
 * a band of the mid, each denying with its reason when the book is stale at the decision's market time, one-sided or
 * crossed, or taken after the decision's market, and passing as "unknown" when no book ever came. The worked example sizes 0.1124 BTC at 67,650
 * (notional 7,603.86), decided at the candle's close, candle(1).
 */
class OrderBookChecksTest {
    private final RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);

    private RiskDecisionMade decide() {
        return engine.decide(TestEvents.prediction(BTC, candle(0), 0.67, 0.67), TestEvents.workedMark());
    }

    private static RiskCheck check(RiskDecisionMade decision, String name) {
        return decision.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A book of {@code bids} and {@code asks} given as price, quantity, price, quantity, ... */
    private static OrderBookSnapshotTaken book(Instant at, String[] bids, String[] asks) {
        return new OrderBookSnapshotTaken(Ids.derive("book", BTC, at), at, at, null, OrderBookSnapshotTaken.SCHEMA_VERSION,
                "binance", BTC, 7L, levels(bids), levels(asks));
    }

    private static List<BookLevel> levels(String[] flat) {
        List<BookLevel> levels = new ArrayList<>();
        for (int i = 0; i < flat.length; i += 2) {
            levels.add(new BookLevel(new BigDecimal(flat[i]), new BigDecimal(flat[i + 1])));
        }
        return levels;
    }

    private static final String[] BIDS = {"67640", "2", "67600", "5"};

    @Test
    void walkingTheBookGivesTheEntrysAveragePriceAwayFromTheMid() {
        // 0.05 at 67,660 then 0.0624 of the 0.5 at 67,700: (3,383 + 4,224.48) / 0.1124 = 67,682.2064...
        engine.onOrderBook(book(candle(1), BIDS, new String[] {"67660", "0.05", "67700", "0.5", "67800", "3"}));
        RiskDecisionMade decision = decide();

        RiskCheck slippage = check(decision, SlippageCheck.NAME);
        BigDecimal average = new BigDecimal("7607.48").divide(new BigDecimal("0.1124"), java.math.MathContext.DECIMAL64);
        BigDecimal expected = Decimals.ratio(average.subtract(new BigDecimal("67650")), new BigDecimal("67650"));
        assertThat(slippage.value()).isEqualTo(expected);
        assertThat(slippage.value()).isEqualTo(new BigDecimal("0.00047607"));
        assertThat(slippage.passed()).isTrue();
        assertThat(slippage.detail()).isEqualTo("slippage 0.00047607 < 0.005");

        // resting within 1 % of the mid (asks up to 68,326.5): 0.05 x 67,660 + 0.5 x 67,700 + 3 x 67,800
        RiskCheck liquidity = check(decision, LiquidityCheck.NAME);
        assertThat(liquidity.value()).isEqualByComparingTo("240633.00");
        assertThat(liquidity.threshold()).isEqualByComparingTo("22811.58");
        assertThat(liquidity.passed()).isTrue();
        assertThat(decision.approved()).isTrue();
    }

    @Test
    void aThinBookDeniesForSlippageAndLiquidity() {
        // the entry must walk to 68,100 (0.67 % above the mid): slippage above 0.5 % on average
        engine.onOrderBook(book(candle(1), BIDS, new String[] {"67660", "0.001", "68100", "0.2"}));
        RiskDecisionMade decision = decide();

        assertThat(decision.approved()).isFalse();
        RiskCheck slippage = check(decision, SlippageCheck.NAME);
        assertThat(slippage.passed()).isFalse();
        assertThat(slippage.value()).isGreaterThan(new BigDecimal("0.005"));
        assertThat(slippage.detail()).isEqualTo("slippage 0.00659402 not below 0.005");
        // within 1 % of the mid (up to 68,326.5) rest 0.001 x 67,660 + 0.2 x 68,100 = 13,687.66 < 3 x 7,603.86
        RiskCheck liquidity = check(decision, LiquidityCheck.NAME);
        assertThat(liquidity.passed()).isFalse();
        assertThat(liquidity.value()).isEqualByComparingTo("13687.66");
        assertThat(liquidity.detail()).isEqualTo("liquidity 13687.66 within 1 % of the mid is below 3 x the entry's"
                + " notional (22811.58)");
        assertThat(decision.reason()).contains(slippage.detail()).contains(liquidity.detail());
    }

    @Test
    void aBookThatCannotFillTheEntryDenies() {
        engine.onOrderBook(book(candle(1), BIDS, new String[] {"67660", "0.05", "67661", "0.01"}));
        RiskCheck slippage = check(decide(), SlippageCheck.NAME);
        assertThat(slippage.passed()).isFalse();
        assertThat(slippage.value()).isNull();
        assertThat(slippage.detail()).isEqualTo("the book holds 0.06 on the ask side, less than the entry's 0.1124");
    }

    @Test
    void aStaleBookDeniesEveryBookCheckWithItsAge() {
        engine.onOrderBook(book(candle(1).minusSeconds(61), BIDS, new String[] {"67660", "5"}));
        RiskDecisionMade decision = decide();
        assertThat(decision.approved()).isFalse();
        String stale = "order book stale: the latest is 61 s old at the decision (max 60 s)";
        for (String name : List.of(SpreadCheck.NAME, SlippageCheck.NAME, LiquidityCheck.NAME)) {
            assertThat(check(decision, name).passed()).as(name).isFalse();
            assertThat(check(decision, name).detail()).as(name).isEqualTo(stale);
        }
        assertThat(decision.reason()).contains(stale);

        // a newer book replaces the stale one; exactly max-book-age old is still fresh
        engine.onOrderBook(book(candle(1).minusSeconds(60), BIDS, new String[] {"67660", "5"}));
        RiskDecisionMade ok = decide();
        assertThat(ok.approved()).as(ok.reason()).isTrue();
        assertThat(check(ok, SpreadCheck.NAME).detail()).isEqualTo("spread 0.00029564 < 0.001");
    }

    @Test
    void aForgedFutureOrReplayedOldSnapshotDeniesOnlyUntilTheNextGenuineOne() {
        // a snapshot dated a day after the decision (forged, or a decision lagging far behind the market)
        engine.onOrderBook(book(candle(1).plus(java.time.Duration.ofDays(1)), BIDS, new String[] {"67660", "5"}));
        RiskDecisionMade future = decide();
        assertThat(future.approved()).isFalse();
        assertThat(check(future, SpreadCheck.NAME).detail())
                .isEqualTo("order book not of the decision's market: the latest was taken 86400 s after it (max 60 s)");
        // the next genuine snapshot replaces it (arrival order): the forged time does not hide it
        engine.onOrderBook(book(candle(1).minusSeconds(1), BIDS, new String[] {"67660", "5"}));
        assertThat(decide().approved()).isTrue();

        // a replayed old snapshot arriving later is stale, until the next genuine one
        RiskEngine other = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        other.onOrderBook(book(candle(1).minusSeconds(600), BIDS, new String[] {"67660", "5"}));
        RiskDecisionMade stale = other.decide(TestEvents.prediction(BTC, candle(0), 0.67, 0.67), TestEvents.workedMark());
        assertThat(stale.reason()).contains("order book stale: the latest is 600 s old at the decision (max 60 s)");
        // a book taken within max-book-age after the decision (processing lag) is fine
        other.onOrderBook(book(candle(1).plusSeconds(60), BIDS, new String[] {"67660", "5"}));
        RiskDecisionMade lagging = other.decide(TestEvents.prediction(BTC, candle(0), 0.67, 0.67), TestEvents.workedMark());
        assertThat(lagging.approved()).as(lagging.reason()).isTrue();
    }

    @Test
    void aOneSidedOrCrossedBookDenies() {
        engine.onOrderBook(book(candle(1), BIDS, new String[] {}));
        RiskDecisionMade oneSided = decide();
        assertThat(engine.spreadRatio(BTC)).isNull();
        assertThat(check(oneSided, SpreadCheck.NAME).detail()).isEqualTo("the order book has no asks");
        assertThat(oneSided.approved()).isFalse();

        RiskEngine other = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        other.onOrderBook(book(candle(1), new String[] {"67700", "1"}, new String[] {"67660", "5"}));
        RiskDecisionMade crossed = other.decide(TestEvents.prediction(BTC, candle(0), 0.67, 0.67), TestEvents.workedMark());
        assertThat(check(crossed, LiquidityCheck.NAME).detail())
                .isEqualTo("the order book is crossed (best bid 67700 >= best ask 67660)");
        assertThat(crossed.approved()).isFalse();
    }

    @Test
    void withoutABookTheBookChecksPassAsUnknown() {
        RiskDecisionMade decision = decide();
        assertThat(check(decision, SlippageCheck.NAME).detail()).isEqualTo(SlippageCheck.UNKNOWN);
        assertThat(check(decision, LiquidityCheck.NAME).detail()).isEqualTo(LiquidityCheck.UNKNOWN);
        assertThat(check(decision, SlippageCheck.NAME).value()).isNull();
        assertThat(decision.approved()).isTrue();
    }

    @Test
    void theBookSettingsAreValidatedAndLiveTunable() {
        RiskLimits tuned = RiskLimits.defaults().withOverrides(Map.of(RiskLimits.MAX_BOOK_AGE_SECONDS, "5",
                RiskLimits.MAX_SLIPPAGE_RATIO, "0.001", RiskLimits.LIQUIDITY_BAND_RATIO, "0.002",
                RiskLimits.MIN_LIQUIDITY_MULTIPLE, "0"));
        assertThat(tuned.asMap()).containsEntry("max-book-age-seconds", "5").containsEntry("max-slippage-ratio", "0.001")
                .containsEntry("liquidity-band-ratio", "0.002").containsEntry("min-liquidity-multiple", "0");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of(RiskLimits.MAX_BOOK_AGE_SECONDS, "0")))
                .hasMessage("risk setting 'max-book-age-seconds' (sextant.risk.max-book-age-seconds) must be a whole number"
                        + " of seconds >= 1, got 0");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of(RiskLimits.MAX_SLIPPAGE_RATIO, "2")))
                .hasMessageContaining("sextant.risk.max-slippage-ratio");
        assertThatThrownBy(() -> RiskLimits.defaults().withOverrides(Map.of(RiskLimits.MIN_LIQUIDITY_MULTIPLE, "-1")))
                .hasMessageContaining("sextant.risk.min-liquidity-multiple");

        // a tighter slippage limit applied to the engine at run time denies the entry the default allowed
        engine.onOrderBook(book(candle(1), BIDS, new String[] {"67660", "0.05", "67700", "0.5", "67800", "3"}));
        engine.updateSettings(Map.of(RiskLimits.MAX_SLIPPAGE_RATIO, "0.0004"));
        RiskDecisionMade decision = decide();
        assertThat(check(decision, SlippageCheck.NAME).passed()).isFalse();
        assertThat(decision.reason()).isEqualTo("slippage 0.00047607 not below 0.0004");
        assertThat(Side.BUY).isEqualTo(decision.intent().side());
    }
}
