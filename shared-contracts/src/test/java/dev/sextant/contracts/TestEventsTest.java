package dev.sextant.contracts;

import static dev.sextant.contracts.TestEvents.bd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.OrderAccepted;
import dev.sextant.contracts.event.OrderEvent;
import dev.sextant.contracts.event.OrderFilled;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.event.Event;
import dev.sextant.contracts.event.FillExecuted;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.PositionChanged;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fixtures cover every event type and tell one coherent, correct story (the DESIGN.md worked example). */
class TestEventsTest {

    @Test
    void theSealedHierarchyIsWalkedToEveryConcreteEvent() {
        List<Class<? extends Event>> concrete = EventTypes.concrete();
        assertThat(concrete).allMatch(Class::isRecord).allMatch(Event.class::isAssignableFrom)
                .contains(CandleClosed.class, RiskDecisionMade.class, FillExecuted.class)
                .contains(OrderAccepted.class, OrderFilled.class) // through OrderEvent
                .contains(StartRequested.class, TradingStateChanged.class) // through ControlEvent
                .doesNotContain(OrderEvent.class, ControlEvent.class)
                .doesNotHaveDuplicates();
    }

    @Test
    void everyConcreteEventTypeHasAFixture() {
        Set<Class<?>> covered = TestEvents.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered)
                .as("every event needs a factory in TestEvents.all()")
                .containsExactlyInAnyOrderElementsOf(EventTypes.concrete());
        assertThat(TestEvents.all()).as("one default per type").hasSameSizeAs(EventTypes.concrete());
    }

    @Test
    void everyConcreteEventTypeIsRegisteredForPolymorphicJsonUnderItsSimpleName() {
        Map<Class<?>, String> registered = EventTypes.registeredNames();
        assertThat(registered.keySet()).containsExactlyInAnyOrderElementsOf(EventTypes.concrete());
        registered.forEach((type, name) -> assertThat(name).isEqualTo(type.getSimpleName()));
        assertThat(new HashSet<>(registered.values())).hasSameSizeAs(registered.values());
    }

    @Test
    void everyEventTypeDeclaresItsSchemaVersionAndItsFixtureUsesIt() {
        for (Event event : TestEvents.variants()) {
            assertThat(EventTypes.schemaVersion(event.getClass())).isGreaterThanOrEqualTo(1);
            assertThat(event.schemaVersion()).as(event.getClass().getSimpleName())
                    .isEqualTo(EventTypes.schemaVersion(event.getClass()));
        }
    }

    @Test
    void fixturesAreDeterministicAndTheirIdsUnique() {
        assertThat(TestEvents.variants()).isEqualTo(TestEvents.variants());
        // Variants are other outcomes of the same inputs, so they may share an id with a default; defaults may not.
        List<String> ids = TestEvents.all().stream().map(e -> e.eventId().value()).toList();
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void eachEventIsCausedByTheOneBeforeItInThePipeline() {
        Map<String, List<Event>> byId = TestEvents.variants().stream()
                .collect(Collectors.groupingBy(e -> e.eventId().value()));
        for (Event event : TestEvents.variants()) {
            if (event.causationId() != null) {
                assertThat(byId).as("cause of %s", event.getClass().getSimpleName())
                        .containsKey(event.causationId().value());
                assertThat(byId.get(event.causationId().value()))
                        .allMatch(cause -> !cause.tsEvent().isAfter(event.tsEvent()));
            }
            assertThat(event.tsInit()).as("tsInit of %s", event.getClass().getSimpleName())
                    .isAfterOrEqualTo(event.tsEvent());
        }
    }

    @Test
    void theCandleIsAnAlignedBtcusdtHourClosingAt67650WithAnAtrSizedRange() {
        CandleClosed candle = TestEvents.candle();
        assertThat(candle.eventId()).isEqualTo(Ids.candleId("binance", candle.symbol(), candle.interval(), candle.openTime()));
        assertThat(candle.interval().isAligned(candle.openTime())).isTrue();
        assertThat(candle.close()).isEqualTo(bd("67650.00"));
        assertThat(candle.high().subtract(candle.low())).isEqualByComparingTo(TestEvents.ATR);
        assertThat(candle.low()).isLessThanOrEqualTo(candle.open().min(candle.close()));
        assertThat(candle.high()).isGreaterThanOrEqualTo(candle.open().max(candle.close()));
        assertThat(candle.key()).isEqualTo("BTCUSDT");
    }

    @Test
    void theApprovedDecisionReproducesTheWorkedExample() {
        RiskDecisionMade decision = TestEvents.riskDecisionApproved();
        OrderIntent intent = decision.intent();
        BigDecimal riskAmount = TestEvents.CAPITAL.multiply(bd("0.02"));
        BigDecimal stopDistance = TestEvents.ATR.multiply(bd("2"));

        assertThat(riskAmount).isEqualByComparingTo("200");
        assertThat(intent.referencePrice()).isEqualTo(TestEvents.candle().close());
        assertThat(intent.stopLoss()).isEqualByComparingTo(intent.referencePrice().subtract(stopDistance)).isEqualByComparingTo("65870");
        assertThat(intent.takeProfit()).isEqualByComparingTo(intent.referencePrice().add(stopDistance.multiply(bd("2"))))
                .isEqualByComparingTo("71210");
        assertThat(intent.quantity()).isEqualByComparingTo(riskAmount.divide(stopDistance, 4, RoundingMode.HALF_UP))
                .isEqualByComparingTo("0.1124");
        assertThat(intent.notional().setScale(0, RoundingMode.HALF_UP)).isEqualByComparingTo("7604");
        assertThat(intent.riskAmount()).isEqualByComparingTo(intent.quantity().multiply(stopDistance).setScale(2, RoundingMode.HALF_UP));

        assertThat(decision.approved()).isTrue();
        assertThat(decision.checks()).allMatch(RiskCheck::passed)
                .extracting(RiskCheck::name)
                .containsExactly("confidence", "open_position", "daily_loss_pct", "atr_pct", "spread_pct");
        RiskCheck confidence = decision.checks().get(0);
        assertThat(confidence.comparator()).isEqualTo(">");
        assertThat(confidence.threshold()).isEqualByComparingTo("0.55");
        assertThat(confidence.value()).isGreaterThan(confidence.threshold());
        assertThat(BigDecimal.valueOf(TestEvents.prediction().confidence())).isEqualByComparingTo(confidence.value());
        RiskCheck atr = decision.checks().get(3);
        assertThat(atr.value()).isBetween(atr.threshold(), atr.upperThreshold());
        assertThat(TestEvents.ATR.multiply(bd("100")).divide(TestEvents.CLOSE, 4, RoundingMode.HALF_UP))
                .isEqualByComparingTo(atr.value());
    }

    @Test
    void theDeniedDecisionsSayWhy() {
        assertThat(TestEvents.riskDecisionDenied().approved()).isFalse();
        assertThat(TestEvents.riskDecisionDenied().checks()).filteredOn(c -> !c.passed())
                .extracting(RiskCheck::name).containsExactly("confidence");
        assertThat(TestEvents.riskDecisionDeniedUnsized().intent()).isNull();
        assertThat(TestEvents.riskDecisionDeniedUnsized().checks()).filteredOn(c -> c.value() == null)
                .extracting(RiskCheck::detail).containsExactly("no order book for BTCUSDT yet");
    }

    @Test
    void theOrderIdsDeriveFromTheDecisionAndTheFillsAddUp() {
        assertThat(TestEvents.orderSubmitted().clientOrderId())
                .isEqualTo(Ids.clientOrderId(TestEvents.riskDecisionApproved().eventId()));
        FillExecuted entry = TestEvents.fillEntry();
        FillExecuted exit = TestEvents.fillExit();
        assertThat(entry.fee()).isEqualByComparingTo(entry.notional().multiply(bd("0.001")).setScale(4, RoundingMode.HALF_UP));
        assertThat(exit.fee()).isEqualByComparingTo(exit.notional().multiply(bd("0.001")).setScale(4, RoundingMode.HALF_UP));
        BigDecimal gross = exit.price().subtract(entry.price()).multiply(exit.quantity());
        assertThat(gross.setScale(0, RoundingMode.HALF_UP)).isEqualByComparingTo("400");
        assertThat(exit.realizedPnl()).isEqualByComparingTo(
                gross.subtract(entry.fee()).subtract(exit.fee()).setScale(4, RoundingMode.HALF_UP));
        assertThat(exit.positionId()).isEqualTo(entry.positionId()).isEqualTo(entry.clientOrderId().value());

        PositionChanged closed = TestEvents.positionClosed();
        assertThat(closed.hasPosition()).isFalse();
        assertThat(closed.realizedPnl()).isEqualTo(exit.realizedPnl());
        assertThat(closed.fees()).isEqualByComparingTo(entry.fee().add(exit.fee()));
        assertThat(TestEvents.positionOpened().hasPosition()).isTrue();
    }

    @Test
    void theStopLossWouldHaveLostAbout200() {
        OrderIntent intent = TestEvents.orderIntent();
        BigDecimal loss = intent.stopLoss().subtract(intent.referencePrice()).multiply(intent.quantity());
        assertThat(loss.setScale(0, RoundingMode.HALF_UP)).isEqualByComparingTo("-200");
    }

    @Test
    void ofReturnsTheDefaultOfAType() {
        assertThat(TestEvents.of(CandleClosed.class)).isEqualTo(TestEvents.candle());
        assertThat(TestEvents.of(RiskDecisionMade.class).approved()).isTrue();
    }
}
