package dev.sextant.backtest.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.performance.Performance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Writes {@code summary.json}: the strategy's figures at the top level, {@code monthlyReturns}, the same figures for
 * each baseline under {@code baselines.<name>}, and the run metadata under {@code run}.
 *
 * <p>Number conventions: returns and ratios are fractions (0.05 = 5 %); money ({@code initialEquity},
 * {@code finalEquity}, {@code expectancy}, {@code feesPaid}) is a JSON number written from the {@code BigDecimal}'s
 * plain string (no exponent, exact); durations are in hours ({@code maxDrawdownDurationHours},
 * {@code averageHoldHours}); times are ISO-8601 UTC strings; {@code monthlyReturns} maps {@code "YYYY-MM"} to the
 * month's return. JSON has no NaN or Infinity: a figure that is undefined (NaN, e.g. the win rate without trades)
 * or infinite (e.g. the profit factor without a losing trade) is written as {@code null}; see
 * {@link Performance} for when each happens. {@code run.modelId} is {@code null} when no model was used.
 */
public final class SummaryJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private SummaryJson() {
    }

    /** Writes the summary of {@code result} to {@code file} (UTF-8), replacing it. */
    public static void write(BacktestResult result, Path file) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(toJson(result)) + "\n");
    }

    /** The summary as a JSON tree. */
    public static ObjectNode toJson(BacktestResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("strategy", result.run().strategy());
        putFigures(root, result.performance());
        root.put("candlesProcessed", result.run().candlesProcessed());
        putNumber(root, "candlesPerSecond", result.run().candlesPerSecond());
        ObjectNode baselines = root.putObject("baselines");
        result.baselines().forEach((name, baseline) -> {
            ObjectNode node = baselines.putObject(name);
            node.put("name", baseline.name());
            node.put("description", baseline.description());
            putFigures(node, baseline.performance());
        });
        root.set("run", run(result.run()));
        root.putArray("notes")
                .add("Returns and ratios are fractions (0.05 = 5 %); money is exact decimal; durations are in hours.")
                .add("null marks a figure that is undefined (e.g. win rate without trades) or infinite "
                        + "(e.g. profit factor without a losing trade).");
        return root;
    }

    private static void putFigures(ObjectNode node, Performance p) {
        node.put("start", p.start().toString());
        node.put("end", p.end().toString());
        node.put("initialEquity", p.initialEquity());
        node.put("finalEquity", p.finalEquity());
        putNumber(node, "totalReturn", p.totalReturn());
        putNumber(node, "cagr", p.cagr());
        putNumber(node, "sharpe", p.sharpe());
        putNumber(node, "sortino", p.sortino());
        putNumber(node, "calmar", p.calmar());
        putNumber(node, "maxDrawdown", p.maxDrawdown());
        putNumber(node, "maxDrawdownDurationHours", hours(p.maxDrawdownDuration()));
        node.put("trades", p.trades());
        putNumber(node, "winRate", p.winRate());
        putNumber(node, "profitFactor", p.profitFactor());
        node.put("expectancy", p.expectancy());
        putNumber(node, "averageHoldHours", hours(p.averageHold()));
        putNumber(node, "exposure", p.exposure());
        node.put("feesPaid", p.feesPaid());
        ObjectNode months = node.putObject("monthlyReturns");
        p.monthlyReturns().forEach((month, value) -> putNumber(months, month.toString(), value));
    }

    private static ObjectNode run(RunInfo run) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("strategy", run.strategy());
        putStrings(node.putObject("parameters"), run.parameters());
        ArrayNode symbols = node.putArray("symbols");
        run.symbols().forEach(symbols::add);
        node.put("interval", run.interval());
        node.put("from", run.from().toString());
        node.put("to", run.to().toString());
        ArrayNode sources = node.putArray("dataSources");
        run.dataSources().forEach(sources::add);
        node.put("codeVersion", run.codeVersion());
        node.put("modelId", run.modelId());
        putStrings(node.putObject("costs"), run.costs());
        node.put("candlesProcessed", run.candlesProcessed());
        putNumber(node, "candlesPerSecond", run.candlesPerSecond());
        return node;
    }

    private static void putStrings(ObjectNode node, Map<String, String> values) {
        values.forEach(node::put);
    }

    /** Puts {@code value}, or null when it is NaN or infinite (JSON has neither). */
    static void putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    static double hours(Duration duration) {
        return duration.getSeconds() / 3600.0 + duration.getNano() / 3.6e12;
    }
}
