package dev.sextant.kit.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.json.EventCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every consumer's events pass its event-time window before the service sees them: a candle dated in the future
 * (2099, which the static rules still allow) is dead-lettered with the bound in the reason, and the next real candle
 * of the series flows (it is not shadowed as a "duplicate" of the forged one).
 */
class EventTimeInThePolicyTest {

    @Test
    void aFutureDatedCandleIsDeadLetteredAndTheNextRealOneFlows() {
        TestPolicy policy = new TestPolicy();
        List<CandleClosed> applied = new ArrayList<>();
        RecordProcessor<CandleClosed> processor = RecordProcessor.of(r -> EventCodec.decode(r.value(), CandleClosed.class),
                (candle, r) -> applied.add(candle), () -> { });
        CandleClosed future = TestEvents.candle(Instant.parse("2099-06-30T10:00:00Z"), "100", "110", "90", "105");
        CandleClosed real = TestEvents.candle();

        policy.process("candles", processor, EventCodec.encode(future), EventCodec.encode(real));

        assertThat(applied).containsExactly(real);
        assertThat(policy.deadLetters.reasons()).singleElement().asString()
                .contains("2099-06-30T10:59:59.999Z").containsIgnoringCase("wall clock");
    }
}
