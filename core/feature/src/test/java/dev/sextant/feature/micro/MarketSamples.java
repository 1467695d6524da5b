package dev.sextant.feature.micro;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real trade and order-book samples of {@code data/market/samples}, read from the test
 * classpath ({@code market-data/samples/}, copied there by the module's pom). Decimal values are
 * kept as BigDecimal so that the tests can recompute with exact arithmetic.
 */
public final class MarketSamples {

    public static final String BOOK_25 = "binance_futures_BTCUSDT_book_snapshot_25_2020-09-01_tardis_sample.csv.gz";
    public static final String SPOT_TRADES = "binance_spot_BTCUSDT_trades_2021-01-08_sample.csv.gz";
    public static final String SPOT_BOOK_TICKER = "binance_spot_BTCUSDT_bookticker_2021-01-08_sample.csv.gz";
    public static final String FUTURES_TRADES = "binance_futures_BTCUSDT_trades_2020-02-22_tardis_sample.csv.gz";
    public static final String DEPTH_BIDS = "binance_futures_BTCUSDT_depth_snapshot_bids_2022-11-01.csv.gz";

    /** One book snapshot: levels best first. */
    public record Snapshot(Instant time, List<BookLevel> bids, List<BookLevel> asks) {
        public Book book() {
            return Book.of(bids, asks);
        }
    }

    /** One trade with exact decimals; {@code aggressor} already mapped from the file's convention. */
    public record RawTrade(long id, Instant time, BigDecimal price, BigDecimal quantity, Side aggressor) {
        public Trade trade() {
            return new Trade(id, time, price.doubleValue(), quantity.doubleValue(), aggressor);
        }

        public BigDecimal signed() {
            return aggressor == Side.BUY ? quantity : quantity.negate();
        }
    }

    private MarketSamples() {
    }

    public static List<String[]> rows(String file) {
        String resource = "/market-data/samples/" + file;
        InputStream raw = MarketSamples.class.getResourceAsStream(resource);
        if (raw == null) {
            throw new IllegalStateException("test resource " + resource + " is missing: core/feature/pom.xml copies "
                    + "data/market/samples/*.csv.gz onto the test classpath");
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
            in.readLine(); // header
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                rows.add(line.split(","));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Instant micros(String us) {
        long v = Long.parseLong(us);
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
    }

    /** The 10 Tardis 25-level snapshots: {@code asks[i].price, asks[i].amount, bids[i].price, bids[i].amount}. */
    public static List<Snapshot> book25() {
        List<Snapshot> out = new ArrayList<>();
        for (String[] f : rows(BOOK_25)) {
            List<BookLevel> asks = new ArrayList<>();
            List<BookLevel> bids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                int c = 4 + 4 * i;
                asks.add(new BookLevel(new BigDecimal(f[c]), new BigDecimal(f[c + 1])));
                bids.add(new BookLevel(new BigDecimal(f[c + 2]), new BigDecimal(f[c + 3])));
            }
            out.add(new Snapshot(micros(f[2]), bids, asks));
        }
        return out;
    }

    /** The 100-level bids-only depth snapshot (no asks). */
    public static Snapshot depthBids() {
        List<BookLevel> bids = new ArrayList<>();
        Instant time = null;
        for (String[] f : rows(DEPTH_BIDS)) {
            time = Instant.ofEpochMilli(Long.parseLong(f[1]));
            bids.add(new BookLevel(new BigDecimal(f[6]), new BigDecimal(f[7])));
        }
        return new Snapshot(time, bids, List.of());
    }

    /** Spot trades: {@code is_buyer_maker = true} means the buyer rested, so the aggressor sold. */
    public static List<RawTrade> spotTrades() {
        List<RawTrade> out = new ArrayList<>();
        for (String[] f : rows(SPOT_TRADES)) {
            Side aggressor = Boolean.parseBoolean(f[4]) ? Side.SELL : Side.BUY;
            out.add(new RawTrade(Long.parseLong(f[0]), Instant.ofEpochMilli(Long.parseLong(f[1])), new BigDecimal(f[2]),
                    new BigDecimal(f[3]), aggressor));
        }
        return out;
    }

    /** Futures trades (Tardis): {@code side} is the aggressor's side. */
    public static List<RawTrade> futuresTrades() {
        List<RawTrade> out = new ArrayList<>();
        for (String[] f : rows(FUTURES_TRADES)) {
            Side aggressor = switch (f[5]) {
                case "buy" -> Side.BUY;
                case "sell" -> Side.SELL;
                default -> throw new IllegalStateException("unknown side " + f[5]);
            };
            out.add(new RawTrade(Long.parseLong(f[4]), micros(f[2]), new BigDecimal(f[6]), new BigDecimal(f[7]), aggressor));
        }
        return out;
    }

    /** Spot best bid/ask updates as one-level books. */
    public static List<Snapshot> spotBookTicker() {
        List<Snapshot> out = new ArrayList<>();
        for (String[] f : rows(SPOT_BOOK_TICKER)) {
            out.add(new Snapshot(Instant.ofEpochMilli(Long.parseLong(f[0])),
                    List.of(new BookLevel(new BigDecimal(f[1]), new BigDecimal(f[2]))),
                    List.of(new BookLevel(new BigDecimal(f[3]), new BigDecimal(f[4])))));
        }
        return out;
    }
}
