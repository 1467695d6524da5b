package dev.sextant.execution.routing;

import dev.sextant.contracts.event.BookLevel;
import dev.sextant.contracts.event.OrderBookSnapshotTaken;
import dev.sextant.contracts.event.Side;
import dev.sextant.contracts.id.EventId;
import dev.sextant.contracts.id.Symbol;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Hand-written books for the routing tests. */
final class Books {

    static final Symbol BTC = Symbol.of("BTCUSDT");
    static final Instant T = Instant.parse("2025-01-27T20:30:00Z");

    private Books() {
    }

    /** Levels as "price:quantity" pairs, best first. */
    static List<BookLevel> levels(String... pairs) {
        List<BookLevel> out = new ArrayList<>();
        for (String p : pairs) {
            String[] s = p.split(":");
            out.add(new BookLevel(new BigDecimal(s[0]), new BigDecimal(s[1])));
        }
        return out;
    }

    static Optional<OrderBookSnapshotTaken> book(Instant at, List<BookLevel> bids, List<BookLevel> asks) {
        EventId id = EventId.of(UUID.nameUUIDFromBytes(("book" + at + bids + asks).getBytes(StandardCharsets.UTF_8)).toString());
        return Optional.of(new OrderBookSnapshotTaken(id, at, at, null, 1, "binance", BTC, 1L, bids, asks));
    }

    /** Mid 100; each side 100 + 100 within the 0.5 % band: asks 20,060 USDT, bids 19,940 USDT. */
    static Optional<OrderBookSnapshotTaken> bookA() {
        return book(T, levels("99.9:100", "99.5:100"), levels("100.1:100", "100.5:100"));
    }

    static RouteRequest buy(String quantity) {
        return new RouteRequest(BTC, Side.BUY, new BigDecimal(quantity), new BigDecimal("100"));
    }

    static RouteRequest sell(String quantity) {
        return new RouteRequest(BTC, Side.SELL, new BigDecimal(quantity), new BigDecimal("100"));
    }

    static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }
}
