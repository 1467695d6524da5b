package dev.sextant.execution.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.sextant.contracts.event.CandleClosed;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.event.OrderIntent;
import dev.sextant.contracts.event.OrderType;
import dev.sextant.contracts.event.PositionCloseRequested;
import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.contracts.event.RiskDecisionMade;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Ids;
import dev.sextant.contracts.id.Symbol;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Forged input and replayed commands against the real Kafka and PostgreSQL (docs/reliability.md): a far-future
 * candle cannot move today, an absurd decision creates no order, and a close request is applied once per id, so its
 * replay cannot close a later position.
 */
@QuarkusTest
@TestProfile(GuardedExecution.class)
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "execution"))
class ForgedInputFlowTest {
    private static final Symbol BTC = Symbol.of("BTCUSDT");
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectInfra
    TestInfra infra;

    @Inject
    DataSource dataSource;

    private static CandleClosed candleAt(Instant openTime, String price) {
        BigDecimal p = new BigDecimal(price);
        return new CandleClosed(Ids.candleId("binance", BTC, Interval.H1, openTime), openTime.plusSeconds(3600),
                openTime.plusSeconds(3600), null, CandleClosed.SCHEMA_VERSION, "binance", BTC, Interval.H1, openTime,
                openTime.plusSeconds(3600), p, p.add(BigDecimal.TEN), p.subtract(BigDecimal.TEN), p, new BigDecimal("12.5"),
                new BigDecimal("845000"), 1000);
    }

    private static CandleClosed candle(int n) {
        return candleAt(T0.plusSeconds(3600L * n), "67650");
    }

    private static RiskDecisionMade decision(String id, int candle, String quantity) {
        Instant open = T0.plusSeconds(3600L * candle);
        OrderIntent intent = new OrderIntent(Side.BUY, OrderType.MARKET, new BigDecimal(quantity), new BigDecimal("67650"),
                new BigDecimal("65870"), new BigDecimal("71210"), new BigDecimal("200"));
        return new RiskDecisionMade(Ids.derive("test", id), open.plusSeconds(3600), open.plusSeconds(3601),
                Ids.derive("test", "prediction-" + id),
                RiskDecisionMade.SCHEMA_VERSION, BTC, Interval.H1, open, true, intent,
                List.of(new RiskCheck("confidence", true, new BigDecimal("0.61"), ">", new BigDecimal("0.55"), null, null)),
                null);
    }

    private static PositionCloseRequested close(String id, Instant at) {
        return new PositionCloseRequested(Ids.derive("test", id), at, at, null, PositionCloseRequested.SCHEMA_VERSION, BTC, "api");
    }

    private long count(String sql, String... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String deadLetterReason(String topic, String containing) {
        ConsumerRecord<String, String> dead = await().atMost(WAIT).until(() -> infra.read(Topics.dlq(topic), Integer.MAX_VALUE,
                Duration.ofSeconds(2)).stream().filter(r -> r.value().contains(containing)).findFirst().orElse(null), r -> r != null);
        return TestInfra.header(dead, Topics.DLQ_REASON_HEADER);
    }

    @Test
    void forgedTimesAndAbsurdDecisionsAreRefusedAndACloseRequestIsAppliedOncePerId() throws Exception {
        // a position opened the normal way
        infra.publish(Topics.CANDLES, candle(0));
        infra.publish(Topics.SIGNALS, decision("forged-it-1", 0, "0.1124"));
        infra.publish(Topics.CANDLES, candle(1));
        await().atMost(WAIT).untilAsserted(() -> given().get("/execution/positions").then().statusCode(200).body("$", hasSize(1)));
        given().get("/execution/account").then().statusCode(200).body("pnlDay", equalTo("2024-03-01"));

        // a far-future candle: refused, today stays
        CandleClosed far = candleAt(Instant.parse("2099-12-31T00:00:00Z"), "67650");
        infra.publish(Topics.CANDLES, far);
        // refused by the consumer's event-time window (the wall clock) before the exchange's own day-jump bound
        // (core/execution ForgedInputTest) would be reached
        assertThat(deadLetterReason(Topics.CANDLES, far.eventId().value())).contains("after the wall clock");
        given().get("/execution/account").then().statusCode(200).body("pnlDay", equalTo("2024-03-01"));
        assertThat(count("SELECT count(*) FROM recent_candles WHERE event_id = ?", far.eventId().value())).isZero();

        // an absurd decision: refused before an order exists
        RiskDecisionMade absurd = decision("forged-it-absurd", 1, "50");
        infra.publish(Topics.SIGNALS, absurd);
        assertThat(deadLetterReason(Topics.SIGNALS, absurd.eventId().value())).contains("approved decision " + absurd.eventId() + " refused:"
                + " quantity 50 at 67650 (notional 3382500) is more than 2 x the account's equity");
        assertThat(count("SELECT count(*) FROM orders WHERE client_order_id = ?",
                Ids.clientOrderId(absurd.eventId()).value())).isZero();

        // a close request delivered twice closes the position once, at the next open
        PositionCloseRequested close = close("close-it-1", Instant.now());
        infra.publish(Topics.CONTROL, close);
        infra.publish(Topics.CONTROL, close);
        // control and candles are two consumers: the next candle goes out once the request is applied, or it could
        // be processed first and the close would wait for the candle after it
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("SELECT count(*) FROM applied_commands WHERE event_id = ?",
                close.eventId().value())).isEqualTo(1));
        infra.publish(Topics.CANDLES, candle(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("SELECT count(*) FROM fills WHERE purpose = 'CLOSE'")).isEqualTo(1));

        // a new position; then the old request replayed, and the old request under a new id: neither closes it
        infra.publish(Topics.SIGNALS, decision("forged-it-2", 2, "0.1124"));
        infra.publish(Topics.CANDLES, candle(3));
        await().atMost(WAIT).untilAsserted(() -> given().get("/execution/positions").then().statusCode(200).body("$", hasSize(1)));
        infra.publish(Topics.CONTROL, close);
        PositionCloseRequested staleCopy = close("close-it-copy", close.tsEvent().minus(Duration.ofHours(1)));
        infra.publish(Topics.CONTROL, staleCopy);
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("SELECT count(*) FROM applied_commands WHERE event_id = ?"
                + " AND outcome = 'stale'", staleCopy.eventId().value())).isEqualTo(1));
        infra.publish(Topics.CANDLES, candle(4));
        await().atMost(WAIT).untilAsserted(() -> assertThat(count("SELECT count(*) FROM recent_candles WHERE event_id = ?",
                candle(4).eventId().value())).isEqualTo(1));
        given().get("/execution/positions").then().statusCode(200).body("$", hasSize(1))
                .body("[0].positionId", equalTo(Ids.clientOrderId(Ids.derive("test", "forged-it-2")).value()));
        assertThat(count("SELECT count(*) FROM fills WHERE purpose = 'CLOSE'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM applied_commands WHERE event_id = ? AND outcome = 'applied'",
                close.eventId().value())).isEqualTo(1);

        // a real later candle still advances today
        infra.publish(Topics.CANDLES, candleAt(Instant.parse("2024-03-04T00:00:00Z"), "67650"));
        await().atMost(WAIT).untilAsserted(() -> given().get("/execution/account").then().statusCode(200)
                .body("pnlDay", equalTo("2024-03-04")));
    }
}
