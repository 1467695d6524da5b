package dev.sextant.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.event.TradingState;
import org.junit.jupiter.api.Test;

class TradingStateMachineTest {

    @Test
    void pauseAndResume() {
        TradingStateMachine machine = new TradingStateMachine(TradingState.RUNNING);
        assertThat(machine.pause("p")).contains(new StateTransition(TradingState.RUNNING, TradingState.PAUSED, "p"));
        assertThat(machine.allowsEntries()).isFalse();
        assertThat(machine.pause("again")).isEmpty();
        assertThat(machine.resume("r")).contains(new StateTransition(TradingState.PAUSED, TradingState.RUNNING, "r"));
        assertThat(machine.allowsEntries()).isTrue();
        assertThat(machine.resume("again")).isEmpty();
    }

    @Test
    void haltedOnlyLiftsWithStart() {
        TradingStateMachine machine = new TradingStateMachine(TradingState.RUNNING);
        assertThat(machine.halt("loss")).contains(new StateTransition(TradingState.RUNNING, TradingState.HALTED, "loss"));
        assertThat(machine.resume("r")).isEmpty();
        assertThat(machine.pause("p")).isEmpty();
        assertThat(machine.stop("s")).isEmpty();
        assertThat(machine.halt("again")).isEmpty();
        assertThat(machine.state()).isEqualTo(TradingState.HALTED);
        assertThat(machine.start("s")).contains(new StateTransition(TradingState.HALTED, TradingState.RUNNING, "s"));
    }

    @Test
    void stopFromPausedAndStartFromStopped() {
        TradingStateMachine machine = new TradingStateMachine(TradingState.PAUSED);
        assertThat(machine.stop("s")).contains(new StateTransition(TradingState.PAUSED, TradingState.STOPPED, "s"));
        assertThat(machine.resume("r")).isEmpty();
        assertThat(machine.start("go")).contains(new StateTransition(TradingState.STOPPED, TradingState.RUNNING, "go"));
        assertThat(machine.start("go")).isEmpty();
    }
}
