package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static dev.sextant.gateway.TestEvents.tradingState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.event.TradingStateChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BotStatusTrackerTest {

    @Test
    void unknownUntilAStateIsAnnounced() {
        assertThat(new BotStatusTracker().current(null)).isEqualTo(BotStatus.UNKNOWN);
    }

    @Test
    void theLaterOfTopicAndRedisWins() {
        BotStatusTracker tracker = new BotStatusTracker();
        tracker.observe(tradingState(TradingState.PAUSED, TradingState.RUNNING, T0.plusSeconds(10)));

        assertThat(tracker.current(tradingState(TradingState.RUNNING, TradingState.STOPPED, T0)).state())
                .isEqualTo("PAUSED");
        BotStatus fromRedis = tracker.current(tradingState(TradingState.STOPPED, TradingState.PAUSED, T0.plusSeconds(20)));
        assertThat(fromRedis.state()).isEqualTo("STOPPED");
        assertThat(fromRedis.previous()).isEqualTo("PAUSED");
        assertThat(fromRedis.since()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void anOlderTopicEventDoesNotOverrideANewerOne() {
        BotStatusTracker tracker = new BotStatusTracker();
        tracker.observe(tradingState(TradingState.PAUSED, TradingState.RUNNING, T0.plusSeconds(10)));
        tracker.observe(tradingState(TradingState.RUNNING, TradingState.STOPPED, T0));

        assertThat(tracker.current(null).state()).isEqualTo("PAUSED");
    }

    @Test
    void aHaltStampedWithReplayMarketTimeStillBeatsAnEarlierStartupAnnouncement() {
        // risk-service's start-up announcement carries the wall clock as event time; a later halt carries
        // the market time of the fill that caused it (June 2025 in a replay) but a later tsInit.
        Instant wallStart = Instant.parse("2026-03-01T10:00:00Z");
        TradingStateChanged startup = tradingState(TradingState.RUNNING, TradingState.RUNNING, wallStart, wallStart,
                "risk-service started in state RUNNING");
        TradingStateChanged halt = tradingState(TradingState.HALTED, TradingState.RUNNING,
                Instant.parse("2025-06-14T13:05:00Z"), wallStart.plusSeconds(90),
                "daily loss limit reached; an operator start lifts the halt");

        BotStatusTracker tracker = new BotStatusTracker();
        tracker.observe(startup);
        tracker.observe(halt);
        BotStatus fromTopic = tracker.current(startup);
        assertThat(fromTopic.state()).isEqualTo("HALTED");
        assertThat(fromTopic.reason()).isEqualTo("daily loss limit reached; an operator start lifts the halt");
        assertThat(fromTopic.since()).isEqualTo(Instant.parse("2025-06-14T13:05:00Z"));

        BotStatusTracker fresh = new BotStatusTracker();
        fresh.observe(startup);
        assertThat(fresh.current(halt).reason()).isEqualTo("daily loss limit reached; an operator start lifts the halt");
    }
}
