package dev.sextant.collector.market;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Fixtures of the order-book tests: events and snapshots written as Binance writes them. */
final class Books {
    static final Symbol BTCUSDT = Symbol.of("BTCUSDT");
    static final Instant NOW = Instant.parse("2022-11-02T00:00:00.123Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final long E = 1_667_347_199_939L;

    private Books() {}

    static LocalOrderBook book() {
        return new LocalOrderBook("binance", BTCUSDT, CLOCK);
    }

    /** Levels from "price:qty" texts, e.g. {@code levels("100:1", "99.5:2")}. */
    static List<List<String>> levels(String... pairs) {
        List<List<String>> levels = new ArrayList<>();
        for (String pair : pairs) {
            String[] parts = pair.split(":");
            levels.add(List.of(parts[0], parts[1]));
        }
        return levels;
    }

    static DepthUpdate update(long first, long last, List<List<String>> bids, List<List<String>> asks) {
        return DepthUpdate.parse(BTCUSDT, E, first, last, bids, asks).orElseThrow();
    }

    /** An update of one bid. */
    static DepthUpdate bid(long first, long last, String priceQty) {
        return update(first, last, levels(priceQty), List.of());
    }

    static DepthSnapshot snapshot(long lastUpdateId, List<List<String>> bids, List<List<String>> asks) {
        return DepthSnapshot.parse(BTCUSDT, lastUpdateId, bids, asks).orElseThrow();
    }

    static BookLevel level(String price, String quantity) {
        return new BookLevel(new BigDecimal(price), new BigDecimal(quantity));
    }

    /** The levels as "price:qty" texts (plain, no trailing zeros), for readable assertions. */
    static List<String> texts(List<BookLevel> levels) {
        List<String> texts = new ArrayList<>();
        for (BookLevel level : levels) {
            texts.add(level.price().stripTrailingZeros().toPlainString() + ":"
                    + level.quantity().stripTrailingZeros().toPlainString());
        }
        return texts;
    }
}
