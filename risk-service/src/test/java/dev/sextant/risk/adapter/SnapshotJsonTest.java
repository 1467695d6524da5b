package dev.sextant.risk.adapter;

import static dev.sextant.risk.domain.TestEvents.BTC;
import static dev.sextant.risk.domain.TestEvents.CLOCK;
import static dev.sextant.risk.domain.TestEvents.candle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.json.Json;
import dev.sextant.risk.domain.EngineSnapshot;
import dev.sextant.risk.domain.RiskEngine;
import dev.sextant.risk.domain.RiskLimits;
import dev.sextant.risk.domain.TestEvents;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine snapshot survives its trip through the engine_state table's JSON unchanged. */
class SnapshotJsonTest {

    @Test
    void aSnapshotRoundTripsThroughJson() throws Exception {
        RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        var first = engine.decide(TestEvents.prediction(BTC, candle(0), 0.6, 0.6), TestEvents.mark(BTC, candle(0), "67650", "890"));
        engine.onFill(TestEvents.entryFill(BTC, Ids.clientOrderId(first.eventId()), candle(1), "67652", "0.1124", "7.60"));
        engine.decide(TestEvents.prediction(TestEvents.ETH, candle(1), 0.6, 0.6), TestEvents.mark(TestEvents.ETH, candle(1), "3500", "50"));
        engine.onControl(TestEvents.settings("risk-service", Map.of("symbol-quantity-step.ETHUSDT", "0.001"), candle(2)));
        engine.onControl(TestEvents.pause(candle(2)));
        EngineSnapshot snapshot = engine.snapshot();
        assertThat(snapshot.account().open()).hasSize(1);
        assertThat(snapshot.account().pending()).hasSize(1);

        String json = Json.mapper().writeValueAsString(snapshot);
        EngineSnapshot back = Json.mapper().readValue(json, EngineSnapshot.class);

        assertThat(back).isEqualTo(snapshot);
        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), back, CLOCK);
        assertThat(restored.tradingState()).isEqualTo(TradingState.PAUSED);
        assertThat(restored.equity()).isEqualByComparingTo("9992.40");
    }

    @Test
    void theTradingStateReasonIsPersistedAndAnnouncedAfterARestart() throws Exception {
        RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        var first = engine.decide(TestEvents.prediction(BTC, candle(0), 0.6, 0.6), TestEvents.mark(BTC, candle(0), "67650", "890"));
        var entry = Ids.clientOrderId(first.eventId());
        engine.onFill(TestEvents.entryFill(BTC, entry, candle(1), "67652", "0.1124", "7.60"));
        TradingStateChanged halted = engine.onFill(TestEvents.exitFill(BTC, entry, candle(2), "62300", "0.1124", "7.00", "-600.00"))
                .orElseThrow();
        assertThat(halted.reason()).startsWith("daily loss 0.06000000 reached limit 0.05");

        String json = Json.mapper().writeValueAsString(engine.snapshot());
        assertThat(Json.mapper().readTree(json).path("tradingStateReason").asText()).isEqualTo(halted.reason());
        assertThat(Json.mapper().readTree(json).path("tradingStateSince").asText()).isEqualTo("2024-03-01T16:00:00Z");
        EngineSnapshot back = Json.mapper().readValue(json, EngineSnapshot.class);
        TradingStateChanged hello = new RiskEngine(RiskLimits.defaults(), back, CLOCK).startupAnnouncement();

        assertThat(hello.state()).isEqualTo(TradingState.HALTED);
        assertThat(hello.reason()).isEqualTo("risk-service restarted in state HALTED (since 2024-03-01T16:00:00Z: "
                + halted.reason() + ")");
    }

    @Test
    void aSnapshotWrittenBeforeTheReasonWasKeptStillRestores() throws Exception {
        RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        engine.onControl(TestEvents.stop(candle(0)));
        ObjectNode legacy = Json.mapper().valueToTree(engine.snapshot());
        legacy.remove("tradingStateReason");
        legacy.remove("tradingStateSince");

        EngineSnapshot back = Json.mapper().treeToValue(legacy, EngineSnapshot.class);

        assertThat(back.tradingState()).isEqualTo(TradingState.STOPPED);
        assertThat(back.tradingStateReason()).isNull();
        assertThat(new RiskEngine(RiskLimits.defaults(), back, CLOCK).startupAnnouncement().reason())
                .isEqualTo("risk-service restarted in state STOPPED");
    }

    @Test
    void theDailyLossHaltCauseRoundTripsAndAnOlderHaltedSnapshotWithoutItWaitsForAStart() throws Exception {
        RiskEngine engine = new RiskEngine(RiskLimits.defaults(), new BigDecimal("10000"), TradingState.RUNNING, CLOCK);
        var first = engine.decide(TestEvents.prediction(BTC, candle(0), 0.6, 0.6), TestEvents.mark(BTC, candle(0), "67650", "890"));
        var entry = Ids.clientOrderId(first.eventId());
        engine.onFill(TestEvents.entryFill(BTC, entry, candle(1), "67652", "0.1124", "7.60"));
        TradingStateChanged halted = engine.onFill(TestEvents.exitFill(BTC, entry, candle(2), "62300", "0.1124", "7.00", "-600.00"))
                .orElseThrow();
        Instant nextDay = Instant.parse("2024-03-02T00:00:00Z");

        String json = Json.mapper().writeValueAsString(engine.snapshot());
        JsonNode halt = Json.mapper().readTree(json).path("dailyLossHalt");
        assertThat(halt.path("day").asText()).isEqualTo("2024-03-01");
        assertThat(halt.path("resumeState").asText()).isEqualTo("RUNNING");
        assertThat(halt.path("haltEventId").asText()).isEqualTo(halted.eventId().value());
        EngineSnapshot back = Json.mapper().readValue(json, EngineSnapshot.class);
        assertThat(back).isEqualTo(engine.snapshot());
        assertThat(new RiskEngine(RiskLimits.defaults(), back, CLOCK).onMarketTime(nextDay))
                .hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.RUNNING));

        // written before the field existed: HALTED, cause unknown, so an operator start lifts it (as its reason says)
        ObjectNode legacy = Json.mapper().valueToTree(engine.snapshot());
        legacy.remove("dailyLossHalt");
        EngineSnapshot old = Json.mapper().treeToValue(legacy, EngineSnapshot.class);
        assertThat(old.dailyLossHalt()).isNull();
        RiskEngine restored = new RiskEngine(RiskLimits.defaults(), old, CLOCK);
        assertThat(restored.onMarketTime(nextDay)).isEmpty();
        assertThat(restored.tradingState()).isEqualTo(TradingState.HALTED);
        assertThat(restored.onControl(TestEvents.start(nextDay))).hasValueSatisfying(t -> assertThat(t.state()).isEqualTo(TradingState.RUNNING));
    }
}
