package dev.sextant.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.contracts.TestEvents;
import dev.sextant.contracts.event.Event;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link IsoInstants} against the JDK as the oracle: {@link DateTimeFormatter#ISO_INSTANT} for the text and
 * {@link Instant#parse} for the reading, over edge instants and a million random ones; and the codec's JSON
 * against {@link Json#mapper()}'s (JavaTimeModule) for every event.
 */
class IsoInstantsTest {
    private static final ObjectMapper REFERENCE = Json.mapper();

    static List<Instant> edges() {
        List<Instant> edges = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(-1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2000-02-29T12:00:00Z"),
                Instant.parse("2100-02-28T23:59:59Z"), Instant.parse("1900-03-01T00:00:00Z"),
                Instant.parse("2024-04-05T12:59:59.999Z"), Instant.parse("2024-04-05T12:59:59.000001Z"),
                Instant.parse("2024-04-05T12:59:59.100Z"), Instant.parse("2024-04-05T12:59:59.120Z"),
                Instant.parse("2024-04-05T12:59:59.123400Z"), Instant.parse("2024-04-05T12:59:59.000000010Z"),
                Instant.parse("2009-01-03T18:15:05Z")));
        // Outside the 4-digit years: the fallback.
        edges.addAll(List.of(Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.MIN, Instant.MAX));
        return edges;
    }

    @Test
    void formatsExactlyAsIsoInstantAndParsesBackAsInstantParse() {
        List<Instant> instants = new ArrayList<>(edges());
        SplittableRandom random = new SplittableRandom(20261130);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 1_000_000; i++) {
            long seconds = random.nextLong(min, max + 1);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (int i = 0; i < 100_000; i++) { // the platform's years, millisecond precision
            instants.add(Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L)));
        }
        for (Instant t : instants) {
            String expected = DateTimeFormatter.ISO_INSTANT.format(t);
            String text = IsoInstants.format(t);
            if (!text.equals(expected)) {
                throw new AssertionError("format(" + t.getEpochSecond() + "s " + t.getNano() + "ns) = " + text + ", ISO_INSTANT: " + expected);
            }
            Instant fast = IsoInstants.parse(text);
            boolean fourDigitYear = text.length() >= 4 && Character.isDigit(text.charAt(0));
            if (fourDigitYear ? !t.equals(fast) : fast != null) {
                throw new AssertionError("parse(" + text + ") = " + fast + ", Instant.parse: " + Instant.parse(text));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-04-05T12:00:00+01:00", "2024-04-05t12:00:00z", "2024-04-05T23:59:60Z", "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-05T24:00:00Z", "2024-04-05T12:60:00Z", "2024-04-05T12:00:00.Z",
            "2024-04-05T12:00:00.1234567890Z", "2024-04-05T12:00:00", "2024-04-05 12:00:00Z", "+2024-04-05T12:00:00Z",
            "2024-4-05T12:00:00Z", "2024-04-05T12:00:0xZ", "yesterday", "", "2024-04-05T12:00:00.12a4Z"})
    void leavesEveryOtherTextToTheGeneralParser(String text) {
        assertThat(IsoInstants.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-04-05T12:00:00.1Z", "2024-04-05T12:00:00.12Z", "2024-04-05T12:00:00.1234Z",
            "2024-04-05T12:00:00.12345678Z", "2024-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-12-31T23:59:59.999999999Z"})
    void readsAnyFractionOneToNineDigitsAsInstantParseDoes(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2024-04-05T12:00:00+01:00\"", "\"2024-04-05t12:00:00z\"", "1712318400", "1712318400.5",
            "\"2024-04-05T12:00:00.1Z\""})
    void theCodecReadsWhatJavaTimeModuleReads(String json) throws Exception {
        String candle = EventCodec.encode(TestEvents.candle()).replace("\"tsInit\":\"" + TestEvents.candle().tsInit() + "\"",
                "\"tsInit\":" + json);
        assertThat(candle).contains("\"tsInit\":" + json);
        Event reference = REFERENCE.readValue(candle, Event.class);
        assertThat(EventCodec.decode(candle, Event.class)).isEqualTo(reference);
    }

    @Test
    void theCodecWritesTheSameBytesAsJavaTimeModule() throws Exception {
        for (Event event : TestEvents.variants()) {
            String reference = REFERENCE.writeValueAsString(event);
            assertThat(EventCodec.encode(event)).as(event.getClass().getSimpleName()).isEqualTo(reference);
            assertThat(EventCodec.encodeBytes(event)).isEqualTo(reference.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
