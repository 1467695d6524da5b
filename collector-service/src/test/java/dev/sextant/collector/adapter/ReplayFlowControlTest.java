package dev.sextant.collector.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Flow control of a replay at pace max against the real broker: it publishes at most {@code max-lead} candles of a
 * symbol beyond risk-service's latest decision on it (read from {@code signals}), says so while it waits, and goes on
 * as decisions arrive; a record on {@code signals} that is not a decision changes nothing.
 */
@QuarkusTest
@TestProfile(ReplayFlowControlTest.Lead.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "collector"))
class ReplayFlowControlTest {
    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Symbol ETH = Symbol.of("ETHUSDT");
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final int PER_SYMBOL = 260;
    static final int MAX_LEAD = 100;
    static final Duration WAIT = Duration.ofSeconds(60);

    public static class Lead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sextant.collector.replay.max-lead", String.valueOf(MAX_LEAD),
                    "sextant.collector.replay.max-candles", String.valueOf(PER_SYMBOL),
                    "sextant.collector.replay.max-in-flight", "40");
        }
    }

    @InjectInfra
    TestInfra infra;

    @Inject
    ReplayService replay;

    static RiskDecisionMade denied(Symbol symbol, int candle) {
        Instant open = START.plus(Duration.ofHours(candle));
        RiskCheck check = new RiskCheck("confidence", false, null, ">", null, null, "below the threshold");
        return new RiskDecisionMade(Ids.derive("test-decision", symbol.value(), candle), open.plusSeconds(3600),
                open.plusSeconds(3600), Ids.derive("test-prediction", symbol.value(), candle), RiskDecisionMade.SCHEMA_VERSION,
                symbol, Interval.H1, open, false, null, List.of(check), "below the threshold");
    }

    long published(Symbol symbol) {
        return replay.status().symbols().stream().filter(s -> s.symbol().equals(symbol.value())).findFirst().orElseThrow()
                .published();
    }

    @Test
    void theReplayWaitsMaxLeadCandlesAheadOfTheDecisionsAndGoesOnAsTheyCome() {
        assertThat(replay.start()).isTrue();

        // no decision yet: max-lead candles of each symbol (one step more at most), then it waits and says why
        await().atMost(WAIT).until(() -> replay.status().waiting() != null);
        assertThat(published(BTC)).isBetween((long) MAX_LEAD, MAX_LEAD + 1L);
        assertThat(published(ETH)).isBetween((long) MAX_LEAD, MAX_LEAD + 1L);
        assertThat(replay.state()).isEqualTo(ReplayService.State.RUNNING);
        assertThat(replay.status().waiting()).contains("candles ahead of where the replay (re)started (no decision of risk-service yet)")
                .contains("max-lead=" + MAX_LEAD);
        given().get("/q/metrics").then().statusCode(200).body(containsString("sextant_collector_replay_waiting 1.0"));
        given().get("/collector/status").then().statusCode(200).body(containsString("\"waiting\":\""));

        // garbage on signals is skipped; a decision that frees less than half the lead does not restart it
        infra.publishRaw(Topics.SIGNALS, "ETHUSDT", "{not a decision");
        infra.publish(Topics.SIGNALS, denied(BTC, 10));
        infra.publish(Topics.SIGNALS, denied(ETH, 10));
        await().atMost(WAIT).until(() -> replay.status().waiting() != null
                && replay.status().waiting().contains("latest decision (candle " + START.plus(Duration.ofHours(10))));
        assertThat(published(BTC)).isBetween((long) MAX_LEAD, MAX_LEAD + 1L);
        // decisions on candles 69 (BTC) and 49 (ETH): ETH, the slowest, holds it at 149
        infra.publish(Topics.SIGNALS, denied(BTC, 69));
        infra.publish(Topics.SIGNALS, denied(ETH, 49));
        await().atMost(WAIT).until(() -> published(ETH) >= 49 + MAX_LEAD + 1);
        await().atMost(WAIT).until(() -> replay.status().waiting() != null
                && replay.status().waiting().contains("ETHUSDT is " + MAX_LEAD));
        assertThat(published(ETH)).isBetween(49L + MAX_LEAD + 1, 49L + MAX_LEAD + 2);
        assertThat(replay.status().waiting()).contains("risk-service's latest decision (candle " + START.plus(Duration.ofHours(49)));

        // decisions at the end: the replay finishes, nothing lost
        infra.publish(Topics.SIGNALS, denied(BTC, PER_SYMBOL - 1));
        infra.publish(Topics.SIGNALS, denied(ETH, PER_SYMBOL - 1));
        await().atMost(WAIT).until(() -> replay.state() == ReplayService.State.FINISHED);
        assertThat(published(BTC)).isEqualTo(PER_SYMBOL);
        assertThat(published(ETH)).isEqualTo(PER_SYMBOL);
        assertThat(InfraProbe.recordCount(infra, Topics.CANDLES)).isEqualTo(2L * PER_SYMBOL);
        assertThat(replay.status().waiting()).isNull();
        given().get("/q/metrics").then().statusCode(200).body(containsString("sextant_collector_replay_waiting 0.0"));
    }
}
