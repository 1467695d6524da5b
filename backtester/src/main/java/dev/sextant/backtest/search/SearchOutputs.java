package dev.sextant.backtest.search;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.performance.Performance;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files and the console table of a search: {@code search.csv} (one row per combination, every
 * figure, ranked) and {@code search.json} (the ranking, the run's configuration and code version); for
 * a walk-forward also {@code walkforward.csv} (one row per test window) and {@code walkforward.json}
 * (the windows, the stitched out-of-sample figures beside buy-and-hold).
 *
 * <p>Figures have summary.json's names and conventions: returns and ratios are fractions, money is an
 * exact decimal, durations are in hours, and a figure that is undefined or infinite is {@code null} in
 * JSON and an empty field in CSV. The CSV files start with {@code #} lines holding the configuration
 * (as trades.csv and equity.csv do); they hold nothing that depends on the thread count or the machine,
 * so the same search gives the same bytes with any {@code --threads}.
 */
public final class SearchOutputs {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The figure columns of search.csv, in order (summary.json's names). */
    public static final List<String> FIGURES = List.of("trades", "totalReturn", "cagr", "sharpe", "sortino", "calmar",
            "maxDrawdown", "maxDrawdownDurationHours", "winRate", "profitFactor", "expectancy", "averageHoldHours",
            "exposure", "feesPaid", "initialEquity", "finalEquity");

    /** Says plainly what a plain search's ranking is. */
    public static final String IN_SAMPLE_NOTE = "This ranking is IN-SAMPLE: every combination is scored on the same candles"
            + " it is chosen on, so the top of the table is optimistic; `backtest walkforward` gives out-of-sample figures.";

    /** Says plainly what a walk-forward's figures are. */
    public static final String OUT_OF_SAMPLE_NOTE = "Every figure is OUT-OF-SAMPLE: parameters are chosen on each train window"
            + " and scored only on the test window after it; the ranking runs each combination through every test window.";

    private SearchOutputs() {}

    /** The run's configuration: deterministic entries only (written into the CSV comments and search.json's {@code run}). */
    public static ObjectNode config() {
        return MAPPER.createObjectNode();
    }

    // ------------------------------------------------------------------ plain search

    public static void writeSearch(Path dir, ObjectNode config, ObjectNode execution, Metric rank,
                                   List<ParameterSearch.Row> ranked, Performance buyAndHold) throws IOException {
        List<String> params = paramNames(ranked.stream().map(ParameterSearch.Row::combination).toList());
        StringBuilder csv = new StringBuilder(comments(config));
        List<String> header = new ArrayList<>(List.of("rank", "id", "strategy"));
        header.addAll(params);
        header.addAll(FIGURES);
        csv.append(row(header));
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", "search");
        root.put("inSample", true);
        root.put("note", IN_SAMPLE_NOTE);
        root.put("rankedBy", rank.key());
        root.set("run", config);
        root.set("execution", execution);
        ArrayNode ranking = root.putArray("ranking");
        int r = 1;
        for (ParameterSearch.Row row : ranked) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(r), Integer.toString(row.combination().id()),
                    row.combination().strategy()));
            params.forEach(p -> fields.add(value(row.combination(), p)));
            fields.addAll(figureFields(row.performance()));
            csv.append(row(fields));
            ObjectNode node = ranking.addObject();
            node.put("rank", r++);
            combination(node, row.combination());
            figures(node.putObject("figures"), row.performance());
        }
        figures(root.putObject("baselines").putObject("buyAndHold"), buyAndHold);
        Files.writeString(dir.resolve("search.csv"), csv);
        Files.writeString(dir.resolve("search.json"), MAPPER.writeValueAsString(root) + "\n");
    }

    /** The ranked table on the console: the {@code top} best (all when 0), with the in-sample warning. */
    public static void printSearch(PrintWriter out, Metric rank, List<ParameterSearch.Row> ranked, Performance buyAndHold, int top) {
        List<String> params = paramNames(ranked.stream().map(ParameterSearch.Row::combination).toList());
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("rank", "id", "strategy"));
        header.addAll(params);
        header.addAll(List.of(label(rank) + " *", "return", "max dd", "sharpe", "calmar", "profit f.", "trades"));
        rows.add(header);
        int r = 1;
        for (ParameterSearch.Row row : ranked) {
            if (top > 0 && r > top) {
                break;
            }
            List<String> line = new ArrayList<>(List.of(Integer.toString(r++), Integer.toString(row.combination().id()),
                    row.combination().strategy()));
            params.forEach(p -> line.add(value(row.combination(), p)));
            line.addAll(short_(rank, row.performance()));
            rows.add(line);
        }
        table(out, rows);
        if (top > 0 && ranked.size() > top) {
            out.printf("(%d more in search.csv)%n", ranked.size() - top);
        }
        out.printf("buy & hold: return %s, max dd %s, sharpe %s%n", pct(buyAndHold.totalReturn()), pct(buyAndHold.maxDrawdown()),
                num(buyAndHold.sharpe()));
        out.println(IN_SAMPLE_NOTE);
    }

    // ------------------------------------------------------------------ walk-forward

    public static void writeWalkForward(Path dir, ObjectNode config, ObjectNode execution, Metric rank, Metric select,
                                        WalkForward.Result result) throws IOException {
        List<WalkForward.ComboResult> ranked = WalkForward.rank(result.combinations(), rank);
        List<String> params = paramNames(result.combinations().stream().map(WalkForward.ComboResult::combination).toList());

        // search.csv / search.json: the combinations ranked by their out-of-sample figures.
        StringBuilder csv = new StringBuilder(comments(config));
        List<String> header = new ArrayList<>(List.of("rank", "id", "strategy"));
        header.addAll(params);
        header.addAll(FIGURES);
        header.add("timesChosen");
        csv.append(row(header));
        ObjectNode root = MAPPER.createObjectNode();
        root.put("kind", "walkforward");
        root.put("inSample", false);
        root.put("note", OUT_OF_SAMPLE_NOTE);
        root.put("rankedBy", rank.key());
        root.put("selectedBy", select.key());
        root.set("run", config);
        root.set("execution", execution);
        ArrayNode ranking = root.putArray("ranking");
        int r = 1;
        for (WalkForward.ComboResult combo : ranked) {
            List<String> fields = new ArrayList<>(List.of(Integer.toString(r), Integer.toString(combo.combination().id()),
                    combo.combination().strategy()));
            params.forEach(p -> fields.add(value(combo.combination(), p)));
            fields.addAll(figureFields(combo.outOfSample()));
            fields.add(Integer.toString(combo.timesChosen()));
            csv.append(row(fields));
            ObjectNode node = ranking.addObject();
            node.put("rank", r++);
            combination(node, combo.combination());
            node.put("timesChosen", combo.timesChosen());
            figures(node.putObject("outOfSample"), combo.outOfSample());
            ArrayNode windows = node.putArray("windows");
            for (int i = 0; i < combo.inSample().size(); i++) {
                ObjectNode w = windows.addObject();
                w.put("window", i + 1);
                number(w, "inSample" + capital(select.key()), select.of(combo.inSample().get(i)));
                number(w, "outOfSampleTotalReturn", combo.outOfSampleWindows().get(i).totalReturn());
                number(w, "outOfSample" + capital(rank.key()), rank.of(combo.outOfSampleWindows().get(i)));
            }
        }
        figures(root.putObject("baselines").putObject("buyAndHold"), result.buyAndHold());
        Files.writeString(dir.resolve("search.csv"), csv);
        Files.writeString(dir.resolve("search.json"), MAPPER.writeValueAsString(root) + "\n");

        // walkforward.csv / walkforward.json: one entry per test window, and the stitched curve's figures.
        StringBuilder wf = new StringBuilder(comments(config));
        List<String> wfHeader = new ArrayList<>(List.of("window", "trainStart", "trainEnd", "testStart", "testEnd", "warmUpCandles",
                "chosenId", "strategy"));
        wfHeader.addAll(params);
        wfHeader.addAll(List.of("inSample" + capital(select.key()), "startEquity", "finalEquity", "totalReturn", "sharpe",
                "maxDrawdown", "calmar", "profitFactor", "winRate", "trades", "feesPaid", "buyAndHoldReturn"));
        wf.append(row(wfHeader));
        ObjectNode wfRoot = MAPPER.createObjectNode();
        wfRoot.put("kind", "walkforward");
        wfRoot.put("note", OUT_OF_SAMPLE_NOTE);
        wfRoot.put("selectedBy", select.key());
        wfRoot.put("stitching", "test window k starts with the final equity (in cash: positions still open are sold at the"
                + " window's last close with slippage and fee) of test window k-1; the stitched curve is one account"
                + " following the choices");
        wfRoot.set("run", config);
        wfRoot.set("execution", execution);
        ArrayNode windows = wfRoot.putArray("windows");
        for (WalkForward.WindowResult w : result.windows()) {
            Performance p = w.outOfSample();
            List<String> fields = new ArrayList<>(List.of(Integer.toString(w.window().index()), w.window().trainStart().toString(),
                    w.window().trainEnd().toString(), w.window().testStart().toString(), w.window().testEnd().toString(),
                    Integer.toString(w.warmUpCandles()), Integer.toString(w.chosen().id()), w.chosen().strategy()));
            params.forEach(name -> fields.add(value(w.chosen(), name)));
            fields.addAll(List.of(plain(w.selectionFigure()), p.initialEquity().toPlainString(), p.finalEquity().toPlainString(),
                    plain(p.totalReturn()), plain(p.sharpe()), plain(p.maxDrawdown()), plain(p.calmar()), plain(p.profitFactor()),
                    plain(p.winRate()), Integer.toString(p.trades()), p.feesPaid().toPlainString(),
                    plain(w.buyAndHold().totalReturn())));
            wf.append(row(fields));
            ObjectNode node = windows.addObject();
            node.put("window", w.window().index());
            node.put("trainStart", w.window().trainStart().toString());
            node.put("trainEnd", w.window().trainEnd().toString());
            node.put("testStart", w.window().testStart().toString());
            node.put("testEnd", w.window().testEnd().toString());
            node.put("warmUpCandles", w.warmUpCandles());
            combination(node.putObject("chosen"), w.chosen());
            number(node, "inSample" + capital(select.key()), w.selectionFigure());
            figures(node.putObject("inSample"), w.inSample());
            figures(node.putObject("outOfSample"), p);
            figures(node.putObject("buyAndHold"), w.buyAndHold());
        }
        ObjectNode stitched = wfRoot.putObject("outOfSample");
        figures(stitched, result.outOfSample());
        monthly(stitched, result.outOfSample());
        ObjectNode hold = wfRoot.putObject("buyAndHold");
        hold.put("description", "buy at the first test window's first open, hold to the last test window's last close"
                + " (equal split between symbols, net of slippage and fees both ways)");
        figures(hold, result.buyAndHold());
        Files.writeString(dir.resolve("walkforward.csv"), wf);
        Files.writeString(dir.resolve("walkforward.json"), MAPPER.writeValueAsString(wfRoot) + "\n");
    }

    /** The windows and the stitched figures on the console, then the combinations ranked by their OOS figure. */
    public static void printWalkForward(PrintWriter out, Metric rank, Metric select, WalkForward.Result result, int top) {
        List<String> params = paramNames(result.combinations().stream().map(WalkForward.ComboResult::combination).toList());
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("window", "test from", "test to", "id", "strategy"));
        header.addAll(params);
        header.addAll(List.of("IS " + label(select), "OOS return", "OOS sharpe", "OOS max dd", "trades", "buy&hold"));
        rows.add(header);
        for (WalkForward.WindowResult w : result.windows()) {
            List<String> line = new ArrayList<>(List.of(Integer.toString(w.window().index()), day(w.window().testStart().toString()),
                    day(w.window().testEnd().toString()), Integer.toString(w.chosen().id()), w.chosen().strategy()));
            params.forEach(p -> line.add(value(w.chosen(), p)));
            line.addAll(List.of(select == Metric.TOTAL_RETURN ? pct(w.selectionFigure()) : num(w.selectionFigure()),
                    pct(w.outOfSample().totalReturn()), num(w.outOfSample().sharpe()), pct(w.outOfSample().maxDrawdown()),
                    Integer.toString(w.outOfSample().trades()), pct(w.buyAndHold().totalReturn())));
            rows.add(line);
        }
        table(out, rows);
        Performance p = result.outOfSample();
        Performance h = result.buyAndHold();
        out.println();
        out.printf("out of sample, stitched  %12s %12s%n", "walk-forward", "buy&hold");
        out.printf("  total return           %12s %12s%n", pct(p.totalReturn()), pct(h.totalReturn()));
        out.printf("  CAGR                   %12s %12s%n", pct(p.cagr()), pct(h.cagr()));
        out.printf("  sharpe                 %12s %12s%n", num(p.sharpe()), num(h.sharpe()));
        out.printf("  calmar                 %12s %12s%n", num(p.calmar()), num(h.calmar()));
        out.printf("  max drawdown           %12s %12s%n", pct(p.maxDrawdown()), pct(h.maxDrawdown()));
        out.printf("  trades                 %12d %12s%n", p.trades(), "-");
        out.printf("  profit factor          %12s %12s%n", num(p.profitFactor()), "-");
        if (p.totalReturn() < 0) {
            out.printf("The walk-forward LOST %s out of sample, net of costs.%n", pct(-p.totalReturn()));
        }
        if (p.totalReturn() < h.totalReturn()) {
            out.printf("The walk-forward did worse than buying and holding over the same test windows (%s vs %s).%n",
                    pct(p.totalReturn()), pct(h.totalReturn()));
        }
        out.println();
        out.printf("Parameter sets ranked by their out-of-sample %s (each run through every test window):%n", rank.key());
        List<List<String>> ranking = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("rank", "id", "strategy"));
        head.addAll(params);
        head.addAll(List.of(label(rank) + " *", "return", "max dd", "sharpe", "calmar", "profit f.", "trades", "chosen"));
        ranking.add(head);
        int r = 1;
        for (WalkForward.ComboResult c : WalkForward.rank(result.combinations(), rank)) {
            if (top > 0 && r > top) {
                break;
            }
            List<String> line = new ArrayList<>(List.of(Integer.toString(r++), Integer.toString(c.combination().id()),
                    c.combination().strategy()));
            params.forEach(name -> line.add(value(c.combination(), name)));
            line.addAll(short_(rank, c.outOfSample()));
            line.add(c.timesChosen() + "/" + result.windows().size());
            ranking.add(line);
        }
        table(out, ranking);
        if (top > 0 && result.combinations().size() > top) {
            out.printf("(%d more in search.csv)%n", result.combinations().size() - top);
        }
        out.println(OUT_OF_SAMPLE_NOTE);
    }

    // ------------------------------------------------------------------ helpers

    /** The searched parameter names, in the order first seen. */
    static List<String> paramNames(List<Combination> combinations) {
        Set<String> names = new LinkedHashSet<>();
        combinations.forEach(c -> names.addAll(c.parameters().keySet()));
        names.remove(ParameterSpace.STRATEGY);
        return List.copyOf(names);
    }

    private static String value(Combination c, String name) {
        String v = c.parameters().get(name);
        return v != null ? v : c.settings().getOrDefault(name, "");
    }

    private static void combination(ObjectNode node, Combination c) {
        node.put("id", c.id());
        node.put("strategy", c.strategy());
        ObjectNode parameters = node.putObject("parameters");
        c.parameters().forEach(parameters::put);
        ObjectNode settings = node.putObject("riskSettings");
        c.settings().forEach(settings::put);
    }

    static void figures(ObjectNode node, Performance p) {
        node.put("start", p.start().toString());
        node.put("end", p.end().toString());
        node.put("initialEquity", p.initialEquity());
        node.put("finalEquity", p.finalEquity());
        number(node, "totalReturn", p.totalReturn());
        number(node, "cagr", p.cagr());
        number(node, "sharpe", p.sharpe());
        number(node, "sortino", p.sortino());
        number(node, "calmar", p.calmar());
        number(node, "maxDrawdown", p.maxDrawdown());
        number(node, "maxDrawdownDurationHours", hours(p.maxDrawdownDuration()));
        node.put("trades", p.trades());
        number(node, "winRate", p.winRate());
        number(node, "profitFactor", p.profitFactor());
        node.put("expectancy", p.expectancy());
        number(node, "averageHoldHours", hours(p.averageHold()));
        number(node, "exposure", p.exposure());
        node.put("feesPaid", p.feesPaid());
    }

    private static void monthly(ObjectNode node, Performance p) {
        ObjectNode months = node.putObject("monthlyReturns");
        p.monthlyReturns().forEach((month, value) -> number(months, month.toString(), value));
    }

    private static List<String> figureFields(Performance p) {
        return List.of(Integer.toString(p.trades()), plain(p.totalReturn()), plain(p.cagr()), plain(p.sharpe()), plain(p.sortino()),
                plain(p.calmar()), plain(p.maxDrawdown()), plain(hours(p.maxDrawdownDuration())), plain(p.winRate()),
                plain(p.profitFactor()), p.expectancy().toPlainString(), plain(hours(p.averageHold())), plain(p.exposure()),
                p.feesPaid().toPlainString(), p.initialEquity().toPlainString(), p.finalEquity().toPlainString());
    }

    private static List<String> short_(Metric rank, Performance p) {
        String key = rank == Metric.TOTAL_RETURN ? pct(p.totalReturn()) : num(rank.of(p));
        return List.of(key, pct(p.totalReturn()), pct(p.maxDrawdown()), num(p.sharpe()), num(p.calmar()), num(p.profitFactor()),
                Integer.toString(p.trades()));
    }

    private static String label(Metric m) {
        return switch (m) {
            case SHARPE -> "sharpe";
            case TOTAL_RETURN -> "return";
            case CALMAR -> "calmar";
            case PROFIT_FACTOR -> "profit f.";
        };
    }

    private static String capital(String key) {
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    private static String day(String instant) {
        return instant.endsWith("T00:00:00Z") ? instant.substring(0, 10) : instant;
    }

    private static String comments(ObjectNode config) {
        StringBuilder out = new StringBuilder();
        config.properties().forEach(e -> {
            String value = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
            out.append("# ").append(e.getKey()).append(": ").append(value.replaceAll("[\\r\\n]+", " ")).append('\n');
        });
        return out.toString();
    }

    private static String row(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields.get(i);
            line.append(f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 ? f : '"' + f.replace("\"", "\"\"") + '"');
        }
        return line.append('\n').toString();
    }

    private static void table(PrintWriter out, List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String f = r.get(i);
                line.append(" ".repeat(width[i] - f.length())).append(f);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    static double hours(Duration d) {
        return d.getSeconds() / 3600.0 + d.getNano() / 3.6e12;
    }

    static String plain(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : "";
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f %%", v * 100) : "n/a";
    }

    static String num(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
    }

    /** Puts every entry of {@code values} as a string. */
    public static void putAll(ObjectNode node, Map<String, String> values) {
        values.forEach(node::put);
    }
}
