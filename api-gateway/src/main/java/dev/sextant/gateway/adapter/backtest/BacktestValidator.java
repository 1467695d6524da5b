package dev.sextant.gateway.adapter.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.backtest.BacktestInputs;
import dev.sextant.backtest.KernelRun;
import dev.sextant.backtest.MarketData;
import dev.sextant.backtest.Strategies;
import dev.sextant.contracts.event.Interval;
import dev.sextant.execution.domain.ExecutionSettings;
import dev.sextant.gateway.domain.BacktestSpec;
import dev.sextant.gateway.domain.InvalidFieldsException;
import dev.sextant.risk.domain.RiskLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JSON body of {@code POST /api/v1/backtests} into a {@link BacktestSpec}, or refuses it with one message
 * per bad field. The rules are the backtester's own: the messages are those of {@code BacktestInputs},
 * {@code MarketData}, {@code Strategies}, {@code RiskLimits} and {@code ExecutionSettings}, with the body's field names.
 * The gateway adds two limits of its own: only bundled symbols (never a file path), and at most
 * {@code max-candles} candles per run. Whether the range holds candles is checked against each file's coverage; a
 * range that overlaps the data but falls in a gap fails the run later with the loader's message.
 */
public final class BacktestValidator {
    public static final String DEFAULT_INTERVAL = "1h";
    public static final String DEFAULT_STRATEGY = "model";
    static final int MAX_SYMBOLS = 20;
    static final List<String> FIELDS = List.of("symbols", "interval", "from", "to", "strategy", "settings", "capital",
            "slippage", "takerFee");

    private final MarketData market;
    private final long maxCandles;

    public BacktestValidator(MarketData market, long maxCandles) {
        this.market = market;
        this.maxCandles = maxCandles;
    }

    /** The spec of a valid body; InvalidFieldsException naming every bad field otherwise. */
    public BacktestSpec validate(JsonNode body) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            throw new InvalidFieldsException("invalid backtest request", Map.of("body",
                    "must be a JSON object such as {\"symbols\": [\"BTCUSDT\"], \"from\": \"2024-01-01\", \"to\": \"2024-02-01\","
                            + " \"strategy\": \"always-long\"}"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.put(name, "unknown field (known: " + String.join(", ", FIELDS) + ")");
            }
        }

        Interval interval = null;
        String intervalText = text(body, "interval", DEFAULT_INTERVAL, problems);
        if (intervalText != null) {
            interval = check(problems, "interval", () -> BacktestInputs.interval(intervalText, "interval"));
        }

        List<MarketData.Source> sources = symbols(body, interval == null ? Interval.H1 : interval, problems);

        Instant from = time(body, "from", problems);
        Instant to = time(body, "to", problems);
        boolean rangeOk = from != null && to != null
                && check(problems, "to", () -> {
                    BacktestInputs.range(from, to, "from", "to");
                    return true;
                }) != null;
        if (rangeOk && interval != null && sources != null) {
            long candles = 0;
            for (MarketData.Source source : sources) {
                MarketData.Coverage coverage = market.coverage(source);
                if (check(problems, "from", () -> {
                    coverage.requireOverlap(from, to);
                    return true;
                }) == null) {
                    break;
                }
                candles += estimate(coverage, from, to, interval.duration());
            }
            if (!problems.containsKey("from") && candles > maxCandles) {
                problems.put("to", String.format(Locale.ROOT, "the range holds about %,d candles (%d symbol%s), more than"
                        + " this gateway runs at once (sextant.gateway.backtests.max-candles = %,d): shorten the range, or"
                        + " run it with ./sextant backtest", candles, sources.size(), sources.size() == 1 ? "" : "s", maxCandles));
            }
        }

        String strategy = text(body, "strategy", DEFAULT_STRATEGY, problems);
        if (strategy != null && !Strategies.NAMES.contains(strategy)) {
            // the library's refusal, without loading a model for a name it knows
            check(problems, "strategy", () -> Strategies.create(strategy, null, KernelRun.CLOCK));
        }

        Map<String, String> settings = settings(body, problems);

        ExecutionSettings defaults = ExecutionSettings.defaults();
        BigDecimal capital = decimal(body, "capital", defaults.initialCapital(), problems);
        BigDecimal slippage = decimal(body, "slippage", defaults.slippage(), problems);
        BigDecimal takerFee = decimal(body, "takerFee", defaults.takerFeeRate(), problems);
        // each cost alone against the defaults, so that the message lands on its field
        if (capital != null) {
            check(problems, "capital", () -> costs(capital, defaults.slippage(), defaults.takerFeeRate()));
        }
        if (slippage != null) {
            check(problems, "slippage", () -> costs(defaults.initialCapital(), slippage, defaults.takerFeeRate()));
        }
        if (takerFee != null) {
            check(problems, "takerFee", () -> costs(defaults.initialCapital(), defaults.slippage(), takerFee));
        }

        if (!problems.isEmpty()) {
            throw new InvalidFieldsException("invalid backtest request", problems);
        }
        return new BacktestSpec(sources.stream().map(s -> s.symbol().value()).toList(), interval.code(), from, to, strategy,
                settings, capital, slippage, takerFee);
    }

    /** The execution settings of a run: the platform's defaults with these costs. */
    public static ExecutionSettings costs(BigDecimal capital, BigDecimal slippage, BigDecimal takerFee) {
        ExecutionSettings d = ExecutionSettings.defaults();
        return new ExecutionSettings(capital, slippage, takerFee, d.feeAsset(), d.venue(), d.candleWindow());
    }

    /** The bundled files of the body's symbols; null (with a message) when any is bad. */
    private List<MarketData.Source> symbols(JsonNode body, Interval interval, Map<String, String> problems) {
        JsonNode node = body.get("symbols");
        String bundled = String.join(", ", market.bundled());
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            problems.put("symbols", "at least one symbol is required, e.g. [\"BTCUSDT\"] (bundled: " + bundled + ")");
            return null;
        }
        if (!node.isArray()) {
            problems.put("symbols", "must be a list of symbols such as [\"BTCUSDT\", \"ETHUSDT\"] (bundled: " + bundled + ")");
            return null;
        }
        if (node.size() > MAX_SYMBOLS) {
            problems.put("symbols", "at most " + MAX_SYMBOLS + " symbols, got " + node.size());
            return null;
        }
        List<MarketData.Source> sources = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                bad.add("'" + element + "' is not a symbol: write it as a string such as \"BTCUSDT\"");
                continue;
            }
            try {
                MarketData.Source source = market.bundled(element.textValue(), interval);
                if (sources.stream().anyMatch(s -> s.symbol().equals(source.symbol()))) {
                    bad.add("symbol " + source.symbol() + " is given twice");
                } else {
                    sources.add(source);
                }
            } catch (IllegalArgumentException e) {
                bad.add(e.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            problems.put("symbols", String.join("; ", bad));
            return null;
        }
        return sources;
    }

    private static Map<String, String> settings(JsonNode body, Map<String, String> problems) {
        JsonNode node = body.get("settings");
        Map<String, String> settings = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return settings;
        }
        if (!node.isObject()) {
            problems.put("settings", "must be an object of risk settings such as {\"confidence-threshold\": 0.6}");
            return settings;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            String text = value.isNumber() ? value.decimalValue().toPlainString() : value.isTextual() ? value.textValue() : null;
            String field = "settings." + e.getKey();
            if (text == null) {
                problems.put(field, "must be a number or a string, got " + value);
                continue;
            }
            settings.put(e.getKey(), text);
            // one setting at a time, so that each message lands on its setting
            check(problems, field, () -> RiskLimits.defaults().withOverrides(Map.of(e.getKey(), text)));
        }
        if (problems.keySet().stream().noneMatch(k -> k.startsWith("settings."))) {
            check(problems, "settings", () -> RiskLimits.defaults().withOverrides(settings)); // rules between settings
        }
        return settings;
    }

    private static String text(JsonNode body, String field, String fallback, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            problems.put(field, "must be a string, got " + node);
            return null;
        }
        return node.textValue().trim();
    }

    private static Instant time(JsonNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.put(field, "must be a string such as \"2024-01-31\" or \"2024-01-31T00:00:00Z\", got " + node);
            return null;
        }
        String text = node == null || node.isNull() ? null : node.textValue().trim();
        return check(problems, field, () -> BacktestInputs.time(text, field));
    }

    private static BigDecimal decimal(JsonNode body, String field, BigDecimal fallback, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                // below
            }
        }
        problems.put(field, "must be a number, got " + node);
        return null;
    }

    /** Candles of one file in [from, to): the overlap with its coverage, divided by the interval. */
    static long estimate(MarketData.Coverage coverage, Instant from, Instant to, Duration interval) {
        Instant start = from.isAfter(coverage.first()) ? from : coverage.first();
        Instant end = to.isBefore(coverage.last().plus(interval)) ? to : coverage.last().plus(interval);
        if (!end.isAfter(start)) {
            return 0;
        }
        Duration span = Duration.between(start, end);
        return (span.toMillis() + interval.toMillis() - 1) / interval.toMillis();
    }

    @FunctionalInterface
    private interface Check<T> {
        T run();
    }

    /** The value, or null with the library's message filed under {@code field}. */
    private static <T> T check(Map<String, String> problems, String field, Check<T> check) {
        try {
            return check.run();
        } catch (IllegalArgumentException e) {
            problems.putIfAbsent(field, e.getMessage());
            return null;
        }
    }
}
