package dev.sextant.gateway.domain;

import static dev.sextant.gateway.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.event.ControlEvent;
import dev.sextant.contracts.event.PauseRequested;
import dev.sextant.contracts.event.ResumeRequested;
import dev.sextant.contracts.event.StartRequested;
import dev.sextant.contracts.event.StopRequested;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import org.junit.jupiter.api.Test;

class BotCommandTest {

    @Test
    void eachActionSendsItsCommandRequestedByTheApi() {
        EventId id = Ids.derive("test", "cmd-1");
        assertThat(BotCommand.parse("start").toEvent(id, T0, null)).isInstanceOf(StartRequested.class);
        assertThat(BotCommand.parse("STOP").toEvent(id, T0, null)).isInstanceOf(StopRequested.class);
        assertThat(BotCommand.parse("resume").toEvent(id, T0, null)).isInstanceOf(ResumeRequested.class);

        ControlEvent pause = BotCommand.parse("pause").toEvent(id, T0, new Symbol("ETHUSDT"));
        assertThat(pause).isInstanceOf(PauseRequested.class);
        PauseRequested p = (PauseRequested) pause;
        assertThat(p.requestedBy()).isEqualTo("api");
        assertThat(p.eventId()).isEqualTo(id);
        assertThat(p.tsEvent()).isEqualTo(T0);
        assertThat(p.causationId()).isNull();
        assertThat(p.key()).isEqualTo("ETHUSDT");
        assertThat(BotCommand.PAUSE.toEvent(id, T0, null).key()).isEqualTo(ControlEvent.ALL_SYMBOLS);
    }

    @Test
    void unknownActionIsRefused() {
        assertThatThrownBy(() -> BotCommand.parse("explode"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("use start, stop, pause or resume");
    }
}
