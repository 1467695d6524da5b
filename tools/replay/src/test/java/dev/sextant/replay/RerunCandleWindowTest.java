package dev.sextant.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The re-run feeds its copies the whole slice at once: execution-service's copy must keep enough candles to fill a
 * decision that reaches it late (a day of 1m candles is 1,440 per symbol, over the default window of 1,000; the
 * benchmark of issue 9 diverged from its second trade on without this).
 */
class RerunCandleWindowTest {

    @Test
    void aSliceLongerThanTheDefaultWindowWidensTheExecutionCopysWindowToItsLongestSymbol() {
        Map<String, Map<String, String>> overrides = new HashMap<>();
        StringWriter err = new StringWriter();

        RerunCommand.widenCandleWindow(overrides, slice(Map.of("BTCUSDT", 1440, "ETHUSDT", 1200)), new PrintWriter(err, true));

        assertThat(overrides.get("execution-service")).containsEntry(RerunCommand.CANDLE_WINDOW, "1441");
        assertThat(err.toString()).contains("keeps 1441 candles per symbol");
    }

    @Test
    void aShortSliceKeepsTheDefaultAndAWindowGivenWithSetIsKept() {
        Map<String, Map<String, String>> overrides = new HashMap<>();
        RerunCommand.widenCandleWindow(overrides, slice(Map.of("BTCUSDT", 500, "ETHUSDT", 500)), new PrintWriter(new StringWriter()));
        assertThat(overrides.getOrDefault("execution-service", Map.of())).doesNotContainKey(RerunCommand.CANDLE_WINDOW);

        Map<String, Map<String, String>> given = new HashMap<>();
        given.put("execution-service", new LinkedHashMap<>(Map.of(RerunCommand.CANDLE_WINDOW, "20")));
        RerunCommand.widenCandleWindow(given, slice(Map.of("BTCUSDT", 5000)), new PrintWriter(new StringWriter()));
        assertThat(given.get("execution-service")).containsEntry(RerunCommand.CANDLE_WINDOW, "20");
    }

    /** Candle records keyed by symbol (the values are not read when a record has its key). */
    private static List<ConsumerRecord<byte[], byte[]>> slice(Map<String, Integer> candlesPerSymbol) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        candlesPerSymbol.forEach((symbol, n) -> {
            for (int i = 0; i < n; i++) {
                records.add(new ConsumerRecord<>("candles", 0, records.size(), symbol.getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8)));
            }
        });
        return records;
    }
}
