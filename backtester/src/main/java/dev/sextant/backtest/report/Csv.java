package dev.sextant.backtest.report;

import java.math.BigDecimal;
import java.util.stream.Collectors;

/** RFC 4180 fields and the {@code #} header lines that carry the run info in both CSV files. */
final class Csv {
    private Csv() {
    }

    /** The field, quoted when it holds a comma, a quote or a line break. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    static String row(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields[i]));
        }
        return line.append('\n').toString();
    }

    static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : "";
    }

    /**
     * The run info as comment lines, each {@code # key: value}: strategy, parameters, symbols and interval, data
     * range, data sources, costs, code version, model id ({@code none} without a model). Line breaks in values
     * become spaces so each stays one line.
     */
    static String runComments(RunInfo run) {
        StringBuilder out = new StringBuilder();
        comment(out, "strategy", run.strategy());
        comment(out, "parameters", pairs(run));
        comment(out, "symbols", String.join(" ", run.symbols()));
        comment(out, "interval", run.interval());
        comment(out, "data range", run.from() + " to " + run.to());
        comment(out, "data sources", String.join("; ", run.dataSources()));
        comment(out, "costs", run.costs().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        comment(out, "code version", run.codeVersion());
        comment(out, "model id", run.modelId() == null ? "none" : run.modelId());
        return out.toString();
    }

    private static String pairs(RunInfo run) {
        return run.parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static void comment(StringBuilder out, String key, String value) {
        out.append("# ").append(key).append(": ").append(value.replaceAll("[\\r\\n]+", " ")).append('\n');
    }
}
