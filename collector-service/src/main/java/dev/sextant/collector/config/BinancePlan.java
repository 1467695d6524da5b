package dev.sextant.collector.config;

import dev.sextant.contracts.event.Interval;
import dev.sextant.contracts.id.Symbol;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The market-data source and, for {@code binance} / {@code binance-testnet}, the Binance REST configuration, checked:
 * every problem stops start-up with one sentence naming the key and what to write instead (as {@link ReplayPlan}).
 *
 * @param restUrl the REST base URL without a trailing slash
 * @param backfillFrom the first open time for a series with nothing stored: a fixed instant, or null with
 *                     {@code backfillLookback} set (counted back from the exchange's time)
 */
public record BinancePlan(
        Source source,
        String exchange,
        URI restUrl,
        List<Symbol> symbols,
        List<Interval> intervals,
        Instant backfillFrom,
        Duration backfillLookback,
        Duration pollMax,
        Duration requestTimeout,
        String egressId,
        double safetyMargin) {

    /** The market-data sources. */
    public enum Source {
        REPLAY("replay", null),
        BINANCE("binance", "https://api.binance.com"),
        BINANCE_TESTNET("binance-testnet", "https://testnet.binance.vision");

        private final String code;
        private final String defaultUrl;

        Source(String code, String defaultUrl) {
            this.code = code;
            this.defaultUrl = defaultUrl;
        }

        public String code() {
            return code;
        }

        public String defaultUrl() {
            return defaultUrl;
        }

        public boolean isBinance() {
            return this != REPLAY;
        }
    }

    static final String SOURCE_KEY = "sextant.collector.source";
    static final String KEY = "sextant.collector.binance.";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([mhd])");

    /** The source named by {@code sextant.collector.source}. */
    public static Source source(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Source source : Source.values()) {
            if (source.code.equals(s)) {
                return source;
            }
        }
        throw invalid(SOURCE_KEY, "must be replay, binance or binance-testnet, got '" + text + "'");
    }

    /** The checked Binance plan, or empty when the source is the replay. */
    public static Optional<BinancePlan> from(CollectorConfig config) {
        Source source = source(config.source());
        if (!source.isBinance()) {
            return Optional.empty();
        }
        return Optional.of(from(source, config.exchange(), config.binance()));
    }

    public static BinancePlan from(Source source, String exchangeName, CollectorConfig.Binance b) {
        String exchange = exchangeName.strip().toLowerCase(Locale.ROOT);
        if (!exchange.equals("binance")) {
            throw invalid("sextant.collector.exchange", "must be binance when " + SOURCE_KEY + "=" + source.code()
                    + ", got '" + exchangeName + "'");
        }
        URI url = url(b.restUrl().map(String::strip).filter(s -> !s.isEmpty()).orElse(source.defaultUrl()));
        List<Symbol> symbols = ReplayPlan.symbols(b.symbols(), KEY + "symbols");
        List<Interval> intervals = new ArrayList<>();
        for (String code : new LinkedHashSet<>(b.intervals())) {
            try {
                Interval interval = Interval.fromCode(code.strip());
                if (!intervals.contains(interval)) {
                    intervals.add(interval);
                }
            } catch (IllegalArgumentException e) {
                throw invalid(KEY + "intervals", e.getMessage());
            }
        }
        if (intervals.isEmpty()) {
            throw invalid(KEY + "intervals", "needs at least one interval, e.g. 1m,15m,1h");
        }
        Instant from = null;
        Duration lookback = null;
        String start = b.backfillStart().strip();
        try {
            from = Instant.parse(start);
        } catch (DateTimeParseException notInstant) {
            lookback = lookback(start);
        }
        if (!b.pollMax().isPositive()) {
            throw invalid(KEY + "poll-max", "must be a positive duration such as 60s");
        }
        if (!b.requestTimeout().isPositive()) {
            throw invalid(KEY + "request-timeout", "must be a positive duration such as 10s");
        }
        String egress = b.egressId().strip();
        if (!egress.matches("[A-Za-z0-9._-]{1,64}")) {
            throw invalid(KEY + "egress-id", "must be 1-64 letters, digits, '.', '_' or '-', got '" + b.egressId() + "'");
        }
        if (!(b.safetyMargin() >= 0 && b.safetyMargin() <= 0.5)) {
            throw invalid(KEY + "safety-margin", "must be within [0, 0.5], got " + b.safetyMargin());
        }
        return new BinancePlan(source, exchange, url, List.copyOf(symbols), List.copyOf(intervals), from, lookback,
                b.pollMax(), b.requestTimeout(), egress, b.safetyMargin());
    }

    /** The first open time for a series with nothing stored, given the exchange's time now. */
    public Instant backfillStart(Instant serverTime) {
        return backfillFrom != null ? backfillFrom : serverTime.minus(backfillLookback);
    }

    private static URI url(String text) {
        String t = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw invalid(KEY + "rest-url", "must be an http(s) URL such as https://api.binance.com, got '" + text + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getQuery() != null
                || uri.getFragment() != null || uri.getUserInfo() != null
                || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw invalid(KEY + "rest-url", "must be an http(s) base URL with a host and nothing after it, such as"
                    + " https://api.binance.com, got '" + text + "'");
        }
        return uri;
    }

    private static Duration lookback(String text) {
        Duration d = null;
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || !d.isPositive()) {
            throw invalid(KEY + "backfill-start", "must be an ISO-8601 UTC instant such as 2026-01-01T00:00:00Z or a"
                    + " positive duration before the exchange's time such as 30d, 12h or P30D, got '" + text + "'");
        }
        return d;
    }

    private static IllegalStateException invalid(String key, String problem) {
        return ReplayPlan.invalid(key, problem);
    }
}
