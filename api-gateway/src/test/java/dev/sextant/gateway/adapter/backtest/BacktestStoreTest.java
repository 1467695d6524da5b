package dev.sextant.gateway.adapter.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sextant.gateway.domain.BacktestRun;
import dev.sextant.gateway.domain.BacktestSpec;
import dev.sextant.gateway.domain.BacktestStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
    private static final BacktestSpec SPEC = new BacktestSpec(List.of("BTCUSDT"), "1h", Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-01-15T00:00:00Z"), "always-long", Map.of("risk-per-trade", "0.01"), new BigDecimal("10000"),
            new BigDecimal("0.0005"), new BigDecimal("0.001"));

    @TempDir
    Path root;

    @Test
    void idsCarryTheCreationTimeAndOnlyIdsMakePaths() {
        String id = BacktestStore.newId(T);
        assertThat(id).matches("bt-20250301-120000-[0-9a-f]{6}");
        BacktestStore store = new BacktestStore(root, JSON);
        assertThat(store.dir(id)).isEqualTo(root.resolve(id));
        for (String bad : List.of("..", "../etc", "bt-20250301-120000-abcdeg", "bt-20250301-120000-abcdef/..", "", "x")) {
            assertThatThrownBy(() -> store.dir(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.artifact(id, "../run.json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsAreReadBackAndAnActiveOneIsMarkedFailedByTheRestart() throws IOException {
        BacktestStore store = new BacktestStore(root, JSON);
        BacktestRun done = BacktestRun.queued("bt-20250301-110000-000001", SPEC, T.minusSeconds(3600))
                .running(T.minusSeconds(3590)).withCandles(336).done(null, T.minusSeconds(3580));
        BacktestRun running = BacktestRun.queued("bt-20250301-115900-000002", SPEC, T.minusSeconds(60)).running(T.minusSeconds(59));
        BacktestRun queued = BacktestRun.queued("bt-20250301-115930-000003", SPEC, T.minusSeconds(30));
        store.save(done);
        store.save(running);
        store.save(queued);
        Files.createDirectories(root.resolve("not-a-run"));
        Files.createDirectories(root.resolve("bt-20250301-115931-000004"));
        Files.writeString(root.resolve("bt-20250301-115931-000004").resolve(BacktestStore.RUN_FILE), "{broken");

        List<BacktestRun> runs = new BacktestStore(root, JSON).recover(T);

        assertThat(runs).extracting(BacktestRun::id)
                .containsExactly("bt-20250301-110000-000001", "bt-20250301-115900-000002", "bt-20250301-115930-000003");
        assertThat(runs.get(0)).isEqualTo(done);
        assertThat(runs.get(1).status()).isEqualTo(BacktestStatus.FAILED);
        assertThat(runs.get(1).error()).startsWith("interrupted by a restart: the gateway stopped while the run was running");
        assertThat(runs.get(1).finishedAt()).isEqualTo(T);
        assertThat(runs.get(1).startedAt()).isEqualTo(T.minusSeconds(59));
        assertThat(runs.get(2).status()).isEqualTo(BacktestStatus.FAILED);
        assertThat(runs.get(2).error()).contains("while the run was queued");
        assertThat(runs.get(2).request()).isEqualTo(SPEC);
        // saved so: a second restart reads FAILED
        assertThat(new BacktestStore(root, JSON).recover(T.plusSeconds(5)).get(1)).isEqualTo(runs.get(1));
    }
}
