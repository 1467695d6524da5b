package dev.sextant.collector.market;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The carried samples of data/market/samples, from the test classpath (market-data/samples/, see the pom). */
final class MarketSamples {
    static final String FUTURES_DEPTH_SNAPSHOT = "binance_futures_BTCUSDT_depth_snapshot_bids_2022-11-01.csv.gz";
    static final String FUTURES_DEPTH_UPDATE = "binance_futures_BTCUSDT_depth_update_2022-11-01.csv.gz";
    static final String FUTURES_BOOK_25 = "binance_futures_BTCUSDT_book_snapshot_25_2020-09-01_tardis_sample.csv.gz";
    static final String SPOT_TRADES = "binance_spot_BTCUSDT_trades_2021-01-08_sample.csv.gz";

    private MarketSamples() {}

    /** The data rows (header dropped), each split on ','. */
    static List<String[]> rows(String file) {
        String resource = "market-data/samples/" + file;
        InputStream in = MarketSamples.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the test classpath (core/collector/pom.xml copies it)");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            reader.readLine();  // header
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
