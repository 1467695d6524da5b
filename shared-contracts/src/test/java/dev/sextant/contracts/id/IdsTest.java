package dev.sextant.contracts.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.Interval;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
    /** Binance's rule for newClientOrderId (and origClientOrderId). */
    private static final Pattern BINANCE_CLIENT_ORDER_ID = Pattern.compile("^[.A-Z:/a-z0-9_-]{1,36}$");

    private static final Symbol BTCUSDT = Symbol.of("BTCUSDT");
    private static final Instant OPEN = Instant.parse("2024-04-05T12:00:00Z");

    // ---------------------------------------------------------------- the digests

    @Test
    void theReusedDigestsGiveExactlyTheIdsOfAFreshDigestOnEveryKindOfThread() throws Exception {
        java.util.Random random = new java.util.Random(42);
        List<String> names = new java.util.ArrayList<>(List.of("", "a", "features|" + Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN),
                "ünïcödé|€|𝄞"));
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(200); n > 0; n--) {
                name.append((char) (32 + random.nextInt(0x2000)));
            }
            names.add(name.toString());
        }
        Runnable check = () -> {
            for (String name : names) {
                byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertThat(Ids.nameUuid(name)).isEqualTo(java.util.UUID.nameUUIDFromBytes(bytes).toString());
                try {
                    assertThat(Ids.sha256Hex(name)).isEqualTo(java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new AssertionError(e);
                }
            }
        };
        check.run();
        Thread platform = Thread.ofPlatform().start(check);
        Thread virtual = Thread.ofVirtual().start(check);
        platform.join();
        virtual.join();
        assertThat(Ids.derivedFrom("features", null)).isEqualTo(Ids.derive("features", (Object) null));
        EventId cause = Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN);
        assertThat(Ids.derivedFrom("features", cause)).isEqualTo(Ids.derive("features", cause));
    }

    // ---------------------------------------------------------------- candleId

    @Test
    void candleIdIsAStableNameBasedUuid() {
        // Golden value: UUID v3 of "candle|binance|BTCUSDT|1h|1712318400000" (checked independently).
        // If this changes, every candle id ever published changes with it: do not "fix" the expectation.
        assertThat(Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN))
                .isEqualTo(EventId.of("6036bafc-7fda-3fce-b63f-606dc5f3e0e4"));
    }

    @Test
    void candleIdIsTheSameForTheSameInputs() {
        assertThat(Ids.candleId("binance", Symbol.of("BTCUSDT"), Interval.H1, Instant.parse("2024-04-05T12:00:00Z")))
                .isEqualTo(Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN));
        assertThat(Ids.candleId("Binance", BTCUSDT, Interval.H1, OPEN))
                .as("the exchange name is case-insensitive")
                .isEqualTo(Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN));
    }

    @Test
    void candleIdDiffersWhenAnyInputDiffers() {
        EventId base = Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN);
        List<EventId> others = List.of(
                Ids.candleId("bybit", BTCUSDT, Interval.H1, OPEN),
                Ids.candleId("binance", Symbol.of("ETHUSDT"), Interval.H1, OPEN),
                Ids.candleId("binance", BTCUSDT, Interval.H4, OPEN),
                Ids.candleId("binance", BTCUSDT, Interval.M1, OPEN),
                Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN.plusSeconds(3600)),
                Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN.plusMillis(1)));
        assertThat(others).doesNotContain(base).doesNotHaveDuplicates();
    }

    @Test
    void derivedIdsDependOnKindAndCause() {
        EventId candle = Ids.candleId("binance", BTCUSDT, Interval.H1, OPEN);
        assertThat(Ids.derivedFrom("features", candle)).isEqualTo(Ids.derivedFrom("features", candle))
                .isNotEqualTo(Ids.derivedFrom("prediction", candle))
                .isNotEqualTo(Ids.derivedFrom("features", Ids.candleId("binance", BTCUSDT, Interval.H4, OPEN)))
                .isNotEqualTo(candle);
        assertThat(Ids.derive("trade", "binance", 1L)).isNotEqualTo(Ids.derive("trade", "binance", 2L));
    }

    // ---------------------------------------------------------------- market trades and order books

    @Test
    void marketTradeIdIsAStableNameBasedUuid() {
        // Golden value: UUID v3 of "trade|binance|BTCUSDT|3532117840" (checked independently).
        assertThat(Ids.marketTradeId("binance", BTCUSDT, 3_532_117_840L))
                .isEqualTo(EventId.of("8339e7ca-cc7f-31f8-b231-3797d7608c3e"))
                .isEqualTo(Ids.marketTradeId("Binance", BTCUSDT, 3_532_117_840L))
                .isEqualTo(TestEvents.marketTrade().eventId());
        assertThat(List.of(Ids.marketTradeId("binance", BTCUSDT, 3_532_117_841L),
                        Ids.marketTradeId("binance", Symbol.of("ETHUSDT"), 3_532_117_840L),
                        Ids.marketTradeId("bybit", BTCUSDT, 3_532_117_840L),
                        Ids.orderBookSnapshotId("binance", BTCUSDT, 3_532_117_840L)))
                .doesNotContain(Ids.marketTradeId("binance", BTCUSDT, 3_532_117_840L)).doesNotHaveDuplicates();
    }

    @Test
    void orderBookSnapshotIdIsAStableNameBasedUuid() {
        // Golden value: UUID v3 of "orderbook|binance|BTCUSDT|46028114913" (checked independently).
        assertThat(Ids.orderBookSnapshotId("binance", BTCUSDT, 46_028_114_913L))
                .isEqualTo(EventId.of("f57f569b-44d7-305f-aee9-d9763f1f1473"))
                .isEqualTo(Ids.orderBookSnapshotId("BINANCE", BTCUSDT, 46_028_114_913L))
                .isEqualTo(TestEvents.orderBookSnapshot().eventId())
                .isNotEqualTo(Ids.orderBookSnapshotId("binance", BTCUSDT, 46_028_114_914L));
    }

    // ---------------------------------------------------------------- client order ids

    @Test
    void clientOrderIdIsDeterministicShortAndBinanceCompatible() {
        EventId decision = EventId.of("6036bafc-7fda-3fce-b63f-606dc5f3e0e4");
        ClientOrderId id = Ids.clientOrderId(decision);
        assertThat(id).isEqualTo(Ids.clientOrderId(EventId.of("6036bafc-7fda-3fce-b63f-606dc5f3e0e4")));
        // Golden value: "sx-" + the first 32 hex digits of SHA-256 of the decision id.
        assertThat(id.value()).isEqualTo("sx-85f9f861c43d614197be57d766f8af61");
        assertThat(id.value()).hasSizeLessThanOrEqualTo(36).matches(BINANCE_CLIENT_ORDER_ID);
    }

    @Test
    void clientOrderIdsOfDifferentDecisionsDifferAndAllFit() {
        Set<ClientOrderId> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ClientOrderId id = Ids.clientOrderId(Ids.derive("risk-decision", i));
            assertThat(id.value()).hasSizeLessThanOrEqualTo(36).matches(BINANCE_CLIENT_ORDER_ID);
            ids.add(id);
        }
        assertThat(ids).hasSize(1_000);
        // Every decision id (a UUID) gives an order id of 35 characters, within Binance's limit.
        assertThat(Ids.clientOrderId(EventId.of("ffffffff-ffff-ffff-ffff-ffffffffffff")).value()).hasSize(35);
    }

    @Test
    void exitOrderIdsAreDeterministicPerReasonAndFit() {
        ClientOrderId entry = Ids.clientOrderId(Ids.derive("risk-decision", "decision-1"));
        ClientOrderId stop = Ids.exitOrderId(entry, "stop-loss");
        ClientOrderId takeProfit = Ids.exitOrderId(entry, "take-profit");
        assertThat(stop).isEqualTo(Ids.exitOrderId(entry, "stop-loss")).isNotEqualTo(takeProfit).isNotEqualTo(entry);
        assertThat(Ids.exitOrderId(Ids.clientOrderId(Ids.derive("risk-decision", "decision-2")), "stop-loss")).isNotEqualTo(stop);
        for (ClientOrderId id : List.of(stop, takeProfit)) {
            assertThat(id.value()).hasSizeLessThanOrEqualTo(36).matches(BINANCE_CLIENT_ORDER_ID);
        }
    }

    // ---------------------------------------------------------------- typed ids

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t"})
    void eventIdAndModelIdRejectBlank(String value) {
        assertThatThrownBy(() -> EventId.of(value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "B", "btcusdt", "BTC-USDT", "BTC/USDT", "BTC USDT", "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234"})
    void symbolRejectsWhatTheExchangeWouldNotSpell(String value) {
        assertThatThrownBy(() -> Symbol.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTCUSDT", "ETHUSDT", "1000PEPEUSDT", "BT", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"})
    void symbolAcceptsExchangeSymbols(String value) {
        assertThat(Symbol.of(value).value()).isEqualTo(value);
        assertThat(Symbol.of(value)).hasToString(value);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "sx 1", "sx#1", "sx-1234567890123456789012345678901234", "ordre-é"})
    void clientOrderIdRejectsWhatBinanceWouldReject(String value) {
        if (value != null) {
            assertThat(BINANCE_CLIENT_ORDER_ID.matcher(value).matches()).isFalse();
        }
        assertThatThrownBy(() -> ClientOrderId.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client order id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "web_1700000000000", "x-AB.cd:ef/01_2-3", "sx-12345678901234567890123456789012"})
    void clientOrderIdAcceptsWhatBinanceAccepts(String value) {
        assertThat(BINANCE_CLIENT_ORDER_ID.matcher(value).matches()).isTrue();
        assertThat(ClientOrderId.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"6036bafc-7fda-3fce-b63f-606dc5f3e0e4", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-4fff-bfff-ffffffffffff"})
    void eventIdAcceptsCanonicalUuids(String value) {
        assertThat(EventId.of(value).value()).isEqualTo(value);
    }

    @Test
    void eventIdAcceptsEveryShapeThePlatformMakes() {
        assertThat(EventId.of(Ids.derive("candle", "x").value())).isNotNull();
        assertThat(EventId.of(Ids.derivedFrom("features", Ids.derive("candle", "x")).value())).isNotNull();
        for (int i = 0; i < 1_000; i++) {
            String random = java.util.UUID.randomUUID().toString(); // the API gateway's commands
            assertThat(EventId.of(random).value()).isEqualTo(random);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"decision-1", "6036BAFC-7FDA-3FCE-B63F-606DC5F3E0E4", "6036bafc7fda3fceb63f606dc5f3e0e4",
            "6036bafc-7fda-3fce-b63f-606dc5f3e0e", "6036bafc-7fda-3fce-b63f-606dc5f3e0e41", "6036bafc-7fda-3fce-b63f_606dc5f3e0e4",
            "6036bafg-7fda-3fce-b63f-606dc5f3e0e4", " 6036bafc-7fda-3fce-b63f-606dc5f3e0e4"})
    void eventIdRefusesAnythingButACanonicalUuid(String value) {
        assertThatThrownBy(() -> EventId.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event id must be a lower-case UUID");
    }

    @Test
    void aRefusedIdIsAbbreviatedInTheMessage() {
        assertThatThrownBy(() -> EventId.of("x".repeat(100_000))).hasMessageContaining("(100000 characters)")
                .message().hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direction-logreg", "m", "model_v2.1:beta+1"})
    void modelIdAcceptsNames(String value) {
        assertThat(ModelId.of(value).value()).isEqualTo(value);
        assertThat(ModelId.of("a".repeat(ModelId.MAX_LENGTH)).value()).hasSize(ModelId.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-model", "model id", "model/../x", "mod\nel", "ümlaut"})
    void modelIdRefusesWhatIsNotAName(String value) {
        assertThatThrownBy(() -> ModelId.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model id must be 1-64");
        assertThatThrownBy(() -> ModelId.of("a".repeat(ModelId.MAX_LENGTH + 1))).hasMessageContaining("model id");
    }
}
