package dev.sextant.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.feature.domain.Bar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandleCsvTest {

    @Test
    void readsTheBundledBinanceKlines() throws IOException {
        List<Bar> bars = CandleCsv.read(Path.of("../data/market", CandleCsv.fileName("BTCUSDT", "1h")));

        assertThat(bars).hasSize(72_866);
        assertThat(bars.get(0)).isEqualTo(new Bar(Instant.parse("2018-01-01T00:00:00Z"), 13715.65, 13715.65, 13400.01, 13529.01, 443.356199));
        assertThat(bars.get(bars.size() - 1).openTime()).isEqualTo(Instant.parse("2026-04-30T03:00:00Z"));
    }

    @Test
    void refusesRowsOutOfOrder() {
        String csv = "open_time,open,high,low,close,volume,close_time,qv,n,tb,tq,ignore\n"
                + "3600000,1,2,1,1.5,10,7199999,0,0,0,0,0\n"
                + "0,1,2,1,1.5,10,3599999,0,0,0,0,0\n";
        assertThatThrownBy(() -> CandleCsv.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "x.csv"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("x.csv line 3");
    }

    @Test
    void namesAMissingFile() {
        assertThatThrownBy(() -> CandleCsv.read(Path.of("no-such-dir/x.csv.gz")))
                .hasMessageContaining("does not exist")
                .hasMessageContaining("--data-dir");
    }
}
