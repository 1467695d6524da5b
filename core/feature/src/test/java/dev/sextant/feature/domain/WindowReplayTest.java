package dev.sextant.feature.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.feature.BtcCandles;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The restart rebuild replays only the newest 500 stored candles. The recursive indicators forget
 * their seed geometrically, so after 500 bars the rebuilt engine must give the same vector as one
 * that has run over the whole history.
 */
class WindowReplayTest {

    @Test
    void replayingTheLast500CandlesReproducesTheUninterruptedEngine() {
        List<BtcCandles.Row> rows = BtcCandles.all();
        FeatureEngine uninterrupted = new FeatureEngine();
        for (int i = 0; i < rows.size() - 1; i++) {
            uninterrupted.update(rows.get(i).toBar());
        }
        FeatureEngine rebuilt = new FeatureEngine();
        for (int i = rows.size() - 501; i < rows.size() - 1; i++) {
            rebuilt.update(rows.get(i).toBar());
        }
        Bar next = rows.get(rows.size() - 1).toBar();
        FeatureVector expected = uninterrupted.update(next);
        FeatureVector actual = rebuilt.update(next);
        assertThat(actual.warm()).isTrue();
        for (int i = 0; i < FeatureSet.SIZE; i++) {
            double want = expected.values().get(i);
            double got = actual.values().get(i);
            double scale = Math.max(Math.abs(want), i <= 14 && i != 9 ? next.close() : 1.0);
            assertThat(Math.abs(got - want) / scale).as(FeatureSet.NAMES.get(i)).isLessThanOrEqualTo(1e-12);
        }
    }

    @Test
    void replayingOnly100CandlesWouldNotBeEnoughForTheRsi() {
        List<BtcCandles.Row> rows = BtcCandles.all();
        FeatureEngine uninterrupted = new FeatureEngine();
        rows.subList(0, rows.size() - 1).forEach(r -> uninterrupted.update(r.toBar()));
        FeatureEngine short100 = new FeatureEngine();
        rows.subList(rows.size() - 101, rows.size() - 1).forEach(r -> short100.update(r.toBar()));
        Bar next = rows.get(rows.size() - 1).toBar();
        double rsiDiff = Math.abs(uninterrupted.update(next).value("rsi_14") - short100.update(next).value("rsi_14"));
        assertThat(rsiDiff).as("why the window is 500, not 100").isGreaterThan(1e-9);
    }
}
