package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static dev.sextant.gateway.TestEvents.tradingState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.TradingState;
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
}
