package dev.sextant.testing.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake answers as Binance documents; its faults and journal work. */
class FakeBinanceTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static FakeBinance fake;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeBinance.start(FakeBinance.carriedData(), T0.plus(Duration.ofHours(10)).plusSeconds(30));
        fake.serve("BTCUSDT", "1h");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.time(T0.plus(Duration.ofHours(10)).plusSeconds(30));
        fake.clearJournal();
        fake.endBlock();
    }

    @Test
    void klinesFollowStartTimeEndTimeAndLimitAndEndWithTheOpenKline() throws Exception {
        HttpResponse<String> r = get("/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=" + T0.toEpochMilli() + "&limit=3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-MBX-USED-WEIGHT-1M")).isPresent();
        assertThat(r.body()).startsWith("[[1704067200000,\"42283.58000000\",\"42554.57000000\"")
                .contains(",1704070799999,").contains("[1704074400000,");
        assertThat(r.body().split("\\],\\[")).hasSize(3);

        // without startTime: the newest up to the server time; the last one is still open (close time after it)
        HttpResponse<String> newest = get("/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2");
        assertThat(newest.body()).contains("[" + T0.plus(Duration.ofHours(10)).toEpochMilli() + ",")
                .contains("[" + T0.plus(Duration.ofHours(9)).toEpochMilli() + ",")
                .doesNotContain("[" + T0.plus(Duration.ofHours(11)).toEpochMilli() + ",");

        // endTime bounds the open time, inclusive
        HttpResponse<String> bounded = get("/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=" + T0.toEpochMilli()
                + "&endTime=" + T0.plus(Duration.ofHours(1)).toEpochMilli());
        assertThat(bounded.body().split("\\],\\[")).hasSize(2);

        assertThat(get("/api/v3/klines?symbol=NOPEUSDT&interval=1h").statusCode()).isEqualTo(400);
        assertThat(get("/api/v3/klines?symbol=BTCUSDT&interval=2h").body()).contains("-1120");
        assertThat(get("/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1001").body()).contains("-1130");
    }

    @Test
    void timeAndExchangeInfo() throws Exception {
        assertThat(get("/api/v3/time").body()).isEqualTo("{\"serverTime\":" + fake.time().toEpochMilli() + "}");
        fake.advance(Duration.ofMinutes(5));
        assertThat(get("/api/v3/time").body()).contains(Long.toString(fake.time().toEpochMilli()));
        String info = get("/api/v3/exchangeInfo?symbols=%5B%22BTCUSDT%22%5D").body();
        assertThat(info).contains("\"REQUEST_WEIGHT\"").contains("\"tickSize\":\"0.01000000\"").contains("\"NOTIONAL\"");
        assertThat(get("/api/v3/exchangeInfo?symbols=%5B%22XYZUSDT%22%5D").statusCode()).isEqualTo(400);
    }

    @Test
    void faultsAreServedInOrderAndBlocksAreJournalled() throws Exception {
        fake.failNext("/api/v3/time", FakeBinance.Fault.serverError(503), 1)
                .failNext(null, FakeBinance.Fault.connectionReset(), 1)
                .failNext(null, FakeBinance.Fault.malformed("[[1,"), 1)
                .failNext(null, FakeBinance.Fault.banned(60), 1);
        assertThat(get("/api/v3/time").statusCode()).isEqualTo(503);
        assertThatThrownBy(() -> get("/api/v3/time")).isInstanceOf(IOException.class);
        assertThat(get("/api/v3/time").body()).isEqualTo("[[1,");
        HttpResponse<String> ban = get("/api/v3/time");
        assertThat(ban.statusCode()).isEqualTo(418);
        assertThat(ban.headers().firstValue("Retry-After")).contains("60");
        // banned: anything is 418 and marked as sent during the block
        assertThat(get("/api/v3/klines?symbol=BTCUSDT&interval=1h").statusCode()).isEqualTo(418);
        assertThat(fake.requests()).extracting(FakeBinance.Request::status).containsExactly(503, 0, 200, 418, 418);
        assertThat(fake.requests()).extracting(FakeBinance.Request::duringBlock).containsExactly(false, false, false, false, true);
        assertThat(fake.pendingFaults()).isZero();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
