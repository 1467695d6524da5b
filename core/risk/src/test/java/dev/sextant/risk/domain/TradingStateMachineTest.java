package dev.sextant.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.TradingState;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TradingStateMachineTest {
    private static final LocalDate DAY = LocalDate.parse("2024-03-01");

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
    void aDailyLossHaltRemembersItsDayAndTheStateToReturnTo() {
        EventId haltId = Ids.derive("halt", "test");
        TradingStateMachine machine = new TradingStateMachine(TradingState.PAUSED);
        assertThat(machine.haltForDailyLoss("loss", DAY, haltId))
                .contains(new StateTransition(TradingState.PAUSED, TradingState.HALTED, "loss"));
        assertThat(machine.dailyLossHalt()).contains(new DailyLossHalt(DAY, TradingState.PAUSED, haltId));
        assertThat(machine.haltForDailyLoss("again", DAY.plusDays(1), haltId)).isEmpty();
        assertThat(machine.dailyLossHalt()).as("the first halt's day holds").contains(new DailyLossHalt(DAY, TradingState.PAUSED, haltId));
        assertThat(machine.resume("r")).isEmpty();

        assertThat(machine.liftDailyLossHalt("next day"))
                .contains(new StateTransition(TradingState.HALTED, TradingState.PAUSED, "next day"));
        assertThat(machine.dailyLossHalt()).isEmpty();
        assertThat(machine.liftDailyLossHalt("again")).isEmpty();
    }

    @Test
    void aStopOrPauseDuringADailyLossHaltIsWhereTheHaltLifts() {
        TradingStateMachine stopped = new TradingStateMachine(TradingState.RUNNING);
        stopped.haltForDailyLoss("loss", DAY, Ids.derive("halt", "1"));
        assertThat(stopped.pause("p")).isEmpty();
        assertThat(stopped.stop("s")).isEmpty();
        assertThat(stopped.state()).isEqualTo(TradingState.HALTED);
        assertThat(stopped.pause("p again")).as("a pause does not undo the stop").isEmpty();
        assertThat(stopped.liftDailyLossHalt("lift")).contains(new StateTransition(TradingState.HALTED, TradingState.STOPPED, "lift"));

        TradingStateMachine paused = new TradingStateMachine(TradingState.RUNNING);
        paused.haltForDailyLoss("loss", DAY, Ids.derive("halt", "2"));
        paused.pause("p");
        assertThat(paused.liftDailyLossHalt("lift")).contains(new StateTransition(TradingState.HALTED, TradingState.PAUSED, "lift"));
    }

    @Test
    void anotherHaltOrAStartEndsTheDailyLossHalt() {
        TradingStateMachine machine = new TradingStateMachine(TradingState.RUNNING);
        machine.haltForDailyLoss("loss", DAY, Ids.derive("halt", "1"));
        assertThat(machine.halt("kill switch")).isEmpty();
        assertThat(machine.dailyLossHalt()).as("now waits for an operator").isEmpty();
        assertThat(machine.liftDailyLossHalt("lift")).isEmpty();
        assertThat(machine.state()).isEqualTo(TradingState.HALTED);

        machine.start("go");
        machine.haltForDailyLoss("loss", DAY, Ids.derive("halt", "2"));
        assertThat(machine.start("go")).contains(new StateTransition(TradingState.HALTED, TradingState.RUNNING, "go"));
        assertThat(machine.dailyLossHalt()).isEmpty();
    }

    @Test
    void aDailyLossHaltNeedsTheStateHalted() {
        DailyLossHalt halt = new DailyLossHalt(DAY, TradingState.RUNNING, Ids.derive("halt", "1"));
        assertThat(new TradingStateMachine(TradingState.HALTED, halt).dailyLossHalt()).contains(halt);
        assertThatThrownBy(() -> new TradingStateMachine(TradingState.RUNNING, halt))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the trading state HALTED");
        assertThatThrownBy(() -> new DailyLossHalt(DAY, TradingState.HALTED, Ids.derive("halt", "1")))
                .isInstanceOf(IllegalArgumentException.class);
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
