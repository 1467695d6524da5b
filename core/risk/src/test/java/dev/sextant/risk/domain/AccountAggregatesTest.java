package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.ETH;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Account caches equity, available equity and the daily loss between changes. After every kind of
 * change the cached values must equal (value and scale) what the original expressions give from
 * scratch: each step below reads the aggregates first (filling the cache), changes the account, and
 * compares with the expressions recomputed from its positions and pending entries.
 */
class AccountAggregatesTest {
    private final Account account = new Account(new BigDecimal("10000"));
    private final ClientOrderId btcEntry = ClientOrderId.of("sx-btc");
    private final ClientOrderId ethEntry = ClientOrderId.of("sx-eth");

    /** The aggregates as Account computed them before they were cached. */
    private static BigDecimal equityFromScratch(Account a, BigDecimal realizedEquity) {
        return a.openPositions().stream().map(OpenPosition::unsettledEntryFees).reduce(realizedEquity, BigDecimal::subtract);
    }

    private static BigDecimal availableFromScratch(Account a, BigDecimal equity) {
        BigDecimal committed = a.openPositions().stream().map(OpenPosition::notional).reduce(BigDecimal.ZERO, BigDecimal::add);
        committed = a.pendingIntents().stream().map(PendingIntent::notional).reduce(committed, BigDecimal::add);
        return equity.subtract(committed);
    }

    private static BigDecimal dailyLossFromScratch(Account a, BigDecimal equity) {
        BigDecimal loss = a.dayStartEquity().subtract(equity);
        if (loss.signum() <= 0) {
            return BigDecimal.ZERO.setScale(Decimals.RATIO_SCALE);
        }
        return a.dayStartEquity().signum() <= 0 ? BigDecimal.ONE.setScale(Decimals.RATIO_SCALE)
                : Decimals.ratio(loss, a.dayStartEquity());
    }

    /** Reads every aggregate, so that the next change has a cache to invalidate. */
    private void read() {
        account.equity();
        account.availableEquity();
        account.dailyLossRatio();
    }

    /** The cached aggregates equal the from-scratch ones, scale included (BigDecimal.equals). */
    private void assertFresh() {
        BigDecimal realized = account.snapshot().realizedEquity();
        BigDecimal equity = equityFromScratch(account, realized);
        assertThat(account.equity()).isEqualTo(equity);
        assertThat(account.availableEquity()).isEqualTo(availableFromScratch(account, equity));
        assertThat(account.dailyLossRatio()).isEqualTo(dailyLossFromScratch(account, equity));
        Account restored = new Account(account.snapshot());
        assertThat(restored.equity()).isEqualTo(account.equity());
        assertThat(restored.availableEquity()).isEqualTo(account.availableEquity());
        assertThat(restored.dailyLossRatio()).isEqualTo(account.dailyLossRatio());
    }

    private PendingIntent pending(ClientOrderId id, String notional, int candle) {
        return new PendingIntent(id.value().equals(btcEntry.value()) ? BTC : ETH, Ids.derive("test", "decision-" + id.value()), id,
                Interval.H1, candle(candle), new BigDecimal(notional));
    }

    @Test
    void everyChangeInvalidatesTheCachedAggregates() {
        account.rollDay(candle(0));
        assertFresh();

        read();
        account.addPending(pending(btcEntry, "6000.50", 0));
        assertFresh();
        assertThat(account.availableEquity()).isEqualByComparingTo("3999.50");

        read();
        account.addPending(pending(ethEntry, "1000", 0));
        assertFresh();

        read();
        account.apply(TestEvents.entryFill(BTC, btcEntry, candle(1), "60000", "0.1", "6.000"));
        assertFresh();
        assertThat(account.pendingIntents()).hasSize(1);
        assertThat(account.equity()).isEqualByComparingTo("9994");

        read();
        assertThat(account.clearPending(ETH, ethEntry)).isTrue();
        assertFresh();

        read();
        account.addPending(pending(ethEntry, "500", 1));
        read();
        assertThat(account.expirePending(ETH, candle(4), 3)).isTrue();
        assertFresh();

        read();
        account.apply(TestEvents.position(BTC, btcEntry.value(), PositionSide.LONG, "0.1", "60010.5", candle(1)));
        assertFresh();
        assertThat(account.availableEquity()).isEqualByComparingTo("3992.95");

        read();
        account.apply(TestEvents.exitFill(BTC, btcEntry, candle(2), "58000", "0.04", "2.32", "-85.12"));
        assertFresh();
        assertThat(account.dailyLossRatio()).isPositive();

        read();
        account.apply(TestEvents.exitFill(BTC, btcEntry, candle(3), "57000", "0.06", "3.42", "-190.40"));
        assertFresh();
        assertThat(account.openPositions()).isEmpty();

        read();
        account.rollDay(Instant.parse("2024-03-02T00:00:00Z"));
        assertFresh();
        assertThat(account.dailyLossRatio()).isEqualTo(new BigDecimal("0E-8"));

        read();
        account.apply(TestEvents.entryFill(ETH, ethEntry, Instant.parse("2024-03-02T01:00:00Z"), "3000", "1", "3"));
        read();
        account.apply(TestEvents.position(ETH, ethEntry.value(), PositionSide.FLAT, "0", null, Instant.parse("2024-03-02T02:00:00Z")));
        assertFresh();
        assertThat(account.openPositions()).isEmpty();

        read();
        account.apply(TestEvents.exitFill(ETH, ethEntry, Instant.parse("2024-03-02T02:00:00Z"), "2990", "1", "2.99", "-15.99"));
        assertFresh();
        assertThat(account.equity()).as("the late exit's P&L counts though its position is gone").isEqualByComparingTo("9708.49");
    }

    @Test
    void aFillOfANewDayRollsTheDayBeforeItIsBooked() {
        account.apply(TestEvents.entryFill(BTC, btcEntry, Instant.parse("2024-03-01T23:00:00Z"), "60000", "0.1", "6"));
        account.apply(TestEvents.exitFill(BTC, btcEntry, Instant.parse("2024-03-01T23:30:00Z"), "59000", "0.1", "5.9", "-111.9"));
        read();
        assertThat(account.dailyLossRatio()).isEqualTo(new BigDecimal("0.01119000"));

        account.apply(TestEvents.exitFill(ETH, ethEntry, Instant.parse("2024-03-02T00:00:00Z"), "1", "1", "0", "-100"));

        assertThat(account.day()).isEqualTo(java.time.LocalDate.of(2024, 3, 2));
        assertThat(account.dayStartEquity()).isEqualByComparingTo("9888.1");
        assertFresh();
        assertThat(account.dailyLossRatio()).isEqualTo(Decimals.ratio(new BigDecimal("100"), new BigDecimal("9888.1")));
    }

    @Test
    void anEarlierDayDoesNotRollTheDayBack() {
        account.rollDay(Instant.parse("2024-03-02T10:00:00Z"));
        account.rollDay(Instant.parse("2024-03-01T23:59:59Z"));
        assertThat(account.day()).isEqualTo(java.time.LocalDate.of(2024, 3, 2));
        account.rollDay(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(account.day()).isEqualTo(java.time.LocalDate.of(2024, 3, 2));
    }

    @Test
    void daysBeforeTheEpochRollAsLocalDateCountsThem() {
        account.rollDay(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(account.day()).isEqualTo(java.time.LocalDate.of(1969, 12, 31));
        account.rollDay(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(account.day()).isEqualTo(java.time.LocalDate.of(1970, 1, 1));
    }

    @Test
    void aRestoredAccountRollsFromItsSnapshotsDay() {
        account.rollDay(Instant.parse("2024-03-01T10:00:00Z"));
        account.apply(TestEvents.exitFill(BTC, btcEntry, Instant.parse("2024-03-01T11:00:00Z"), "1", "1", "0", "-200"));
        Account restored = new Account(account.snapshot());

        restored.rollDay(Instant.parse("2024-03-01T23:59:59Z"));
        assertThat(restored.dayStartEquity()).as("same day: no roll").isEqualByComparingTo("10000");
        restored.rollDay(Instant.parse("2024-03-02T00:00:00Z"));
        assertThat(restored.dayStartEquity()).isEqualByComparingTo("9800");
    }

    @Test
    void aPositionClearsThePendingEntryOfItsIdOnly() {
        account.addPending(pending(btcEntry, "6000", 0));
        read();
        // A position id that is not a client order id cannot reach the account: no PositionChanged holds one.
        assertThatThrownBy(() -> TestEvents.position(BTC, "position with spaces, no client order id", PositionSide.LONG,
                "0.1", "60000", candle(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'positionId'");
        assertThat(account.pendingIntents()).hasSize(1);
        account.apply(TestEvents.position(BTC, "sx-other", PositionSide.LONG, "0.1", "60000", candle(1)));
        assertThat(account.pendingIntents()).hasSize(1);
        assertFresh();

        read();
        account.apply(TestEvents.position(BTC, btcEntry.value(), PositionSide.LONG, "0.1", "60000", candle(1)));
        assertThat(account.pendingIntents()).isEmpty();
        assertFresh();
    }

    @Test
    void theCollectionsItHandsOutCannotChangeItBehindTheCache() {
        account.apply(TestEvents.entryFill(BTC, btcEntry, candle(0), "60000", "0.1", "6"));
        account.addPending(pending(ethEntry, "1000", 0));

        assertThatThrownBy(() -> account.openPositions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> account.pendingIntents().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(account.openPositions()).hasSize(1);
        assertThat(account.pendingIntents()).hasSize(1);
    }

    @Test
    void closedPositionIdsKeepTheirOrderAndBound() {
        for (int i = 0; i < Account.CLOSED_IDS_KEPT + 5; i++) {
            account.apply(TestEvents.position(BTC, "sx-p" + i, PositionSide.FLAT, "0", null, candle(i)));
        }
        account.apply(TestEvents.position(BTC, "sx-p" + (Account.CLOSED_IDS_KEPT + 4), PositionSide.FLAT, "0", null, candle(0)));

        assertThat(account.snapshot().closedPositionIds()).hasSize(Account.CLOSED_IDS_KEPT)
                .startsWith("sx-p5", "sx-p6").endsWith("sx-p" + (Account.CLOSED_IDS_KEPT + 4));
        account.apply(TestEvents.entryFill(BTC, ClientOrderId.of("sx-p4"), candle(1), "60000", "0.1", "6"));
        assertThat(account.openPositions()).as("an id no longer remembered opens again").hasSize(1);
        account.apply(TestEvents.entryFill(BTC, ClientOrderId.of("sx-p5"), candle(1), "60000", "0.1", "6"));
        assertThat(account.openPositions()).as("a remembered closed id does not reopen").hasSize(1);
    }
}
