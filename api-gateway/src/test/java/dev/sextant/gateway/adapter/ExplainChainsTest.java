package dev.sextant.gateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.id.ClientOrderId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.gateway.adapter.db.ExplainRepository.Stored;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of a chain's effects, and a trade's order ids, without a database. */
class ExplainChainsTest {
    private static final Instant T = Instant.parse("2024-01-14T11:00:00Z");

    private static Stored stored(long seq, String id, String cause, Instant at) {
        return new Stored(seq, id, cause, "X", "t", at, null, null, "{}");
    }

    @Test
    void effectsAreInEventTimeButNeverBeforeTheirCause() {
        // the position update and the fill were stored before the order's fill they derive from (other consumers)
        List<Stored> stored = List.of(
                stored(1, "position", "fill", T),
                stored(2, "fill", "order-filled", T),
                stored(3, "order-filled", "candle", T),
                stored(4, "submitted", "decision", T.minusSeconds(1)),
                stored(5, "later", null, T.plusSeconds(1)));
        assertThat(ExplainChains.causalOrder(stored)).extracting(Stored::eventId)
                .containsExactly("submitted", "order-filled", "fill", "position", "later");
    }

    @Test
    void aCycleOfCausesStillGivesEveryEventOnce() {
        List<Stored> stored = List.of(stored(1, "a", "b", T), stored(2, "b", "a", T), stored(3, "c", "c", T));
        assertThat(ExplainChains.causalOrder(stored)).extracting(Stored::eventId).containsExactly("c", "a", "b"); // c names itself: free at once; then the earliest of the cycle
    }

    @Test
    void aTradesOrdersAreItsEntryAndTheExitsThePlatformDerivesFromIt() {
        String position = "sx-0123456789abcdef0123456789abcdef";
        assertThat(ExplainChains.orderIds(position)).containsExactly(position,
                Ids.exitOrderId(ClientOrderId.of(position), OrderPurpose.STOP_LOSS.name()).value(),
                Ids.exitOrderId(ClientOrderId.of(position), OrderPurpose.TAKE_PROFIT.name()).value(),
                Ids.exitOrderId(ClientOrderId.of(position), OrderPurpose.CLOSE.name()).value());
    }
}
