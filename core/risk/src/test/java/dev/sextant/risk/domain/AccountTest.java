package dev.sextant.risk.domain;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.PositionSide;
import dev.sextant.contracts.id.ClientOrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AccountTest {
    private final Account account = new Account(new BigDecimal("10000"));
    private final ClientOrderId entry = ClientOrderId.of("sx-entry");

    @Test
    void entryFeesCountUntilTheExitsRealizedPnlSettlesThem() {
        account.apply(TestEvents.entryFill(BTC, entry, candle(0), "67652", "0.1124", "7.60"));
        assertThat(account.equity()).isEqualByComparingTo("9992.40");
        assertThat(account.availableEquity()).as("equity minus the position's notional 7,604.0848")
                .isEqualByComparingTo("2388.3152");

        account.apply(TestEvents.exitFill(BTC, entry, candle(3), "71210", "0.1124", "8.00", "384.32"));

        assertThat(account.equity()).isEqualByComparingTo("10384.32");
        assertThat(account.openPositions()).isEmpty();
    }

    @Test
    void availableEquityExcludesOpenNotional() {
        account.apply(TestEvents.entryFill(BTC, entry, candle(0), "60000", "0.1", "6"));
        assertThat(account.availableEquity()).isEqualByComparingTo("3994");
    }

    @Test
    void aPartialExitSettlesItsShareOfTheEntryFee() {
        account.apply(TestEvents.entryFill(BTC, entry, candle(0), "60000", "0.2", "12"));
        account.apply(TestEvents.exitFill(BTC, entry, candle(1), "61000", "0.1", "6.1", "187.9"));
        assertThat(account.openPositions()).singleElement().satisfies(p -> {
            assertThat(p.quantity()).isEqualByComparingTo("0.1");
            assertThat(p.unsettledEntryFees()).isEqualByComparingTo("6");
            assertThat(p.notional()).isEqualByComparingTo("6000");
        });
        assertThat(account.equity()).isEqualByComparingTo("10181.9");
    }

    @Test
    void theDayRollsByEventTimeInUtc() {
        account.rollDay(Instant.parse("2024-03-01T23:59:59Z"));
        account.apply(TestEvents.exitFill(BTC, entry, Instant.parse("2024-03-01T23:59:59Z"), "1", "1", "0", "-300"));
        assertThat(account.dailyLossRatio()).isEqualByComparingTo("0.03");

        account.rollDay(Instant.parse("2024-03-02T00:00:00Z"));

        assertThat(account.day()).isEqualTo(LocalDate.of(2024, 3, 2));
        assertThat(account.dayStartEquity()).isEqualByComparingTo("9700");
        assertThat(account.dailyLossRatio()).isEqualByComparingTo("0");
    }

    @Test
    void aLateEntryFillDoesNotReopenAFlatPosition() {
        account.apply(TestEvents.position(BTC, entry.value(), PositionSide.FLAT, "0", null, candle(2)));
        account.apply(TestEvents.entryFill(BTC, entry, candle(1), "60000", "0.1", "6"));
        assertThat(account.openPositions()).isEmpty();
    }

    @Test
    void aLateFlatOfTheOldPositionDoesNotCloseTheNewOne() {
        ClientOrderId newer = ClientOrderId.of("sx-newer");
        account.apply(TestEvents.entryFill(BTC, entry, candle(0), "60000", "0.1", "6"));
        account.apply(TestEvents.exitFill(BTC, entry, candle(2), "61000", "0.1", "6.1", "87.9"));
        account.apply(TestEvents.entryFill(BTC, newer, candle(4), "62000", "0.1", "6.2"));

        account.apply(TestEvents.position(BTC, entry.value(), PositionSide.FLAT, "0", null, candle(2)));

        assertThat(account.openPosition(BTC)).hasValueSatisfying(p -> assertThat(p.positionId()).isEqualTo(newer.value()));
        account.apply(TestEvents.position(BTC, entry.value(), PositionSide.LONG, "0.1", "60000", candle(1)));
        assertThat(account.openPositions()).as("a stale LONG of a closed position is ignored").hasSize(1);
    }
}
