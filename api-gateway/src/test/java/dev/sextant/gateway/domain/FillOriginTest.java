package dev.sextant.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderPurpose;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.gateway.TestEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FillOriginTest {
    static final Instant CANDLE = Instant.parse("2025-06-01T10:00:00Z");
    static final Instant FILL_TIME = CANDLE.plusSeconds(3600); // the next candle's open

    /** The decision named {@code name}: its id a UUID derived from the name, as the platform's ids are derived. */
    static EventId decisionId(String name) {
        return Ids.derive("decision-test", name);
    }

    static RiskDecisionMade approved(String name) {
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal("0.1"), new BigDecimal("60000"),
                new BigDecimal("58000"), new BigDecimal("64000"), new BigDecimal("200"));
        return new RiskDecisionMade(decisionId(name), FILL_TIME, FILL_TIME, Ids.derive("prediction-test", name),
                RiskDecisionMade.SCHEMA_VERSION, Symbol.of("BTCUSDT"), Interval.H1, CANDLE, true, intent,
                List.of(new RiskCheck("confidence", true, null, ">", null, null, null)), null);
    }

    /** The position (entry order id) decision {@code name} opens, or would open: no decision of "never" is ever read. */
    static String position(String name) {
        return Ids.clientOrderId(decisionId(name)).value();
    }

    @Test
    void aFillOfAnApprovedEntryIsBookedWhicheverTopicCameFirst() {
        ApprovedOrder order = ApprovedOrder.of(approved("d-1"));
        FillExecuted entry = TestEvents.entry("BTCUSDT", position("d-1"), "60030", "0.1", FILL_TIME);

        assertThat(FillOrigin.of(entry, null, null, null).kind()).as("the fill first: held").isEqualTo(FillOrigin.Kind.HOLD);
        assertThat(FillOrigin.of(entry, order, null, CANDLE).kind()).as("then its decision: booked").isEqualTo(FillOrigin.Kind.BOOK);

        Trade open = TradeLedger.apply(null, entry);
        FillExecuted exit = TestEvents.exit("BTCUSDT", position("d-1"), OrderPurpose.TAKE_PROFIT, "64000", "0.1", "395.0",
                FILL_TIME.plusSeconds(7200));
        assertThat(FillOrigin.of(exit, order, open, CANDLE).kind()).isEqualTo(FillOrigin.Kind.BOOK);
    }

    @Test
    void aFillOfAPositionNoDecisionPlacedIsRefusedOnceTheSymbolsDecisionsHavePassedIt() {
        FillExecuted forged = TestEvents.entry("BTCUSDT", position("never"), "60000", "5", FILL_TIME);

        FillOrigin.Verdict early = FillOrigin.of(forged, null, null, CANDLE.minusSeconds(3600));
        assertThat(early.kind()).isEqualTo(FillOrigin.Kind.HOLD);
        FillOrigin.Verdict passed = FillOrigin.of(forged, null, null, FILL_TIME);
        assertThat(passed.kind()).isEqualTo(FillOrigin.Kind.REFUSE);
        assertThat(passed.reason()).isEqualTo("FillExecuted " + forged.eventId() + " of position " + position("never")
                + " refused: was not opened by an order the platform placed: no approved decision has this client order id,"
                + " and the decisions of BTCUSDT have been read up to candle " + FILL_TIME);
    }

    @Test
    void aFillThatContradictsItsDecisionIsRefusedWithTheReason() {
        ApprovedOrder order = ApprovedOrder.of(approved("d-1"));
        assertThat(FillOrigin.of(TestEvents.entry("BTCUSDT", position("d-1"), "60030", "5", FILL_TIME), order, null, CANDLE)
                .reason()).endsWith("entering 5 more (0 entered) exceeds the approved quantity 0.1");
        assertThat(FillOrigin.of(TestEvents.entry("ETHUSDT", position("d-1"), "60030", "0.1", FILL_TIME), order, null, CANDLE)
                .reason()).endsWith("was approved in BTCUSDT, not ETHUSDT");
        assertThat(FillOrigin.of(TestEvents.entry("BTCUSDT", position("d-1"), "600000", "0.1", FILL_TIME), order, null, CANDLE)
                .reason()).endsWith("price 600000 is absurd for an entry approved at about 60000");
        Trade open = TradeLedger.apply(null, TestEvents.entry("BTCUSDT", position("d-1"), "60030", "0.1", FILL_TIME));
        assertThat(FillOrigin.of(TestEvents.exit("BTCUSDT", position("d-1"), OrderPurpose.STOP_LOSS, "58000", "0.1", "-20010",
                FILL_TIME.plusSeconds(7200)), order, open, CANDLE).reason()).contains("realized P&L -20010 is more than an exit");
    }

    @Test
    void positionsFollowTheSameRule() {
        ApprovedOrder order = ApprovedOrder.of(approved("d-1"));
        PositionChanged real = TestEvents.longPosition("BTCUSDT", position("d-1"), "0.1", "60030", FILL_TIME);
        assertThat(FillOrigin.of(real, order, CANDLE).kind()).isEqualTo(FillOrigin.Kind.BOOK);
        PositionChanged big = TestEvents.longPosition("BTCUSDT", position("d-1"), "10", "60030", FILL_TIME);
        assertThat(FillOrigin.of(big, order, CANDLE).reason()).endsWith("quantity 10 exceeds the approved 0.1");
        PositionChanged forged = TestEvents.longPosition("BTCUSDT", position("never"), "10", "3000", FILL_TIME);
        assertThat(FillOrigin.of(forged, null, FILL_TIME).kind()).isEqualTo(FillOrigin.Kind.REFUSE);
        assertThat(FillOrigin.of(forged, null, null).kind()).isEqualTo(FillOrigin.Kind.HOLD);
    }
}
