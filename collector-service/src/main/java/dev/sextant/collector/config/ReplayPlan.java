package dev.sextant.collector.config;

import dev.sextant.collector.domain.Pace;
import dev.sextant.collector.domain.ReplayWindow;
import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The replay configuration, checked: every problem stops start-up with a sentence naming the key
 * and what to write instead.
 */
public record ReplayPlan(
        String exchange,
        List<Symbol> symbols,
        Interval interval,
        ReplayWindow window,
        Pace pace,
        int maxInFlight,
        int maxLead,
        Optional<String> dataDir,
        Duration ackTimeout,
        Duration retryDelay,
        boolean autostart) {

    static final String KEY = "sextant.collector.replay.";
    static final int MAX_IN_FLIGHT_LIMIT = 2000;
    /** The smallest max-lead: more than the features' warm-up (49 candles) before the first prediction, with room. */
    public static final int MIN_LEAD = 100;

    /** Reads and checks {@code config}; throws {@link IllegalStateException} with a fix-it sentence. */
    public static ReplayPlan from(CollectorConfig config) {
        CollectorConfig.Replay r = config.replay();
        String exchange = config.exchange().strip().toLowerCase(Locale.ROOT);
        if (exchange.isEmpty()) {
            throw invalid("sextant.collector.exchange", "must name the exchange, e.g. binance");
        }
        List<Symbol> symbols = symbols(r.symbols(), KEY + "symbols");
        Interval interval;
        try {
            interval = Interval.fromCode(r.interval().strip());
        } catch (IllegalArgumentException e) {
            throw invalid(KEY + "interval", e.getMessage());
        }
        Instant start = instant(KEY + "start", r.start());
        Instant end = r.end().map(String::strip).filter(s -> !s.isEmpty()).map(s -> instant(KEY + "end", s)).orElse(null);
        if (!interval.isAligned(start)) {
            throw invalid(KEY + "start", "must be aligned to the " + interval.code() + " interval, got " + start);
        }
        ReplayWindow window;
        try {
            window = new ReplayWindow(start, end, r.maxCandles().orElse(null));
        } catch (IllegalArgumentException e) {
            throw invalid(KEY + "end / " + KEY + "max-candles", e.getMessage());
        }
        Pace pace;
        try {
            pace = Pace.parse(r.pace());
        } catch (IllegalArgumentException e) {
            throw invalid(KEY + "pace", e.getMessage());
        }
        if (r.maxInFlight() < 1 || r.maxInFlight() > MAX_IN_FLIGHT_LIMIT) {
            throw invalid(KEY + "max-in-flight", "must be between 1 and " + MAX_IN_FLIGHT_LIMIT + ", got " + r.maxInFlight());
        }
        if (!r.ackTimeout().isPositive()) {
            throw invalid(KEY + "ack-timeout", "must be a positive duration such as 30s");
        }
        if (r.maxLead() != 0 && r.maxLead() < MIN_LEAD) {
            throw invalid(KEY + "max-lead", "must be 0 (no flow control) or at least " + MIN_LEAD
                    + " (the features' warm-up comes before risk-service's first decision), got " + r.maxLead());
        }
        return new ReplayPlan(exchange, List.copyOf(symbols), interval, window, pace, r.maxInFlight(), r.maxLead(),
                r.dataDir().map(String::strip).filter(s -> !s.isEmpty()), r.ackTimeout(), r.retryDelay(),
                r.autostart());
    }

    private static Instant instant(String key, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw invalid(key, "must be an ISO-8601 UTC instant such as 2024-01-01T00:00:00Z, got '" + text + "'");
        }
    }

    /** The distinct symbols of a list setting, in order; at least one, each valid (the replay's and Binance's). */
    static List<Symbol> symbols(List<String> values, String key) {
        List<Symbol> symbols = new ArrayList<>();
        for (String s : new LinkedHashSet<>(values)) {
            try {
                symbols.add(Symbol.of(s.strip()));
            } catch (IllegalArgumentException e) {
                throw invalid(key, e.getMessage());
            }
        }
        if (symbols.isEmpty()) {
            throw invalid(key, "needs at least one symbol, e.g. BTCUSDT,ETHUSDT");
        }
        return symbols;
    }

    /** The one sentence a broken setting stops start-up with. */
    static IllegalStateException invalid(String key, String problem) {
        return new IllegalStateException("Invalid configuration " + key + ": " + problem + ". Fix it in application.properties or the environment.");
    }
}
