package dev.sextant.backtest.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.performance.EquitySample;
import dev.sextant.performance.Performance;
import dev.sextant.performance.PerformanceCalculator;
import dev.sextant.performance.TradeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Month;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * Writes {@code report.html}: one self-contained page that works offline. TradingView Lightweight Charts (v5.2.1,
 * Apache-2.0, with its licence comment; the licence text is at the bottom of the page) is inlined from the
 * classpath, where the build copies it from api-gateway's vendored copy. A Content-Security-Policy forbids the page
 * any network request.
 *
 * <p>The tables (figures beside each baseline, monthly returns, trades, run configuration) are HTML, every text
 * escaped. The charts (equity of the strategy and baselines, drawdown, one candlestick chart per symbol with entry
 * and exit markers) are drawn by an inline script from a JSON blob in
 * {@code <script type="application/json" id="report-data">}, written with Jackson. The script records errors in
 * {@code window.reportErrors} and sets {@code window.reportReady = true} once every chart was drawn.
 */
public final class HtmlReport {

    static final String RESOURCES = "/dev/sextant/backtest/report/";
    static final String CHARTS_JS = RESOURCES + "vendor/lightweight-charts/lightweight-charts.standalone.production.js";
    static final String CHARTS_LICENSE = RESOURCES + "vendor/lightweight-charts/LICENSE";

    static final String STRATEGY_COLOR = "#2962ff";
    private static final Map<String, String> BASELINE_COLORS =
            Map.of(BaselineResult.BUY_AND_HOLD, "#e69500", BaselineResult.ALWAYS_LONG, "#8e44ad");
    private static final String[] OTHER_COLORS = {"#16a085", "#7f8c8d", "#c0392b", "#2c3e50"};
    private static final Map<String, String> BASELINE_LABELS =
            Map.of(BaselineResult.BUY_AND_HOLD, "Buy & hold", BaselineResult.ALWAYS_LONG, "Always long");

    private HtmlReport() {
    }

    /** Writes the report of {@code result} to {@code file} (UTF-8), replacing it. */
    public static void write(BacktestResult result, Path file) throws IOException {
        Files.writeString(file, render(result));
    }

    /** The report page. */
    public static String render(BacktestResult result) {
        RunInfo run = result.run();
        List<Column> columns = columns(result);
        StringBuilder html = new StringBuilder(1 << 20);
        String title = "Backtest: " + run.strategy() + " · " + String.join(", ", run.symbols()) + " " + run.interval()
                + " · " + Display.time(run.from()) + " → " + Display.time(run.to());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<script>\nwindow.reportReady = false;\nwindow.reportErrors = [];\n")
                .append("window.addEventListener('error', function (e) { window.reportErrors.push(String(e.message || e)); });\n")
                .append("window.addEventListener('unhandledrejection', function (e) { window.reportErrors.push(String(e.reason)); });\n")
                .append("document.addEventListener('securitypolicyviolation', function (e) {\n")
                .append("  window.reportErrors.push('blocked by the page policy: ' + e.violatedDirective + ' ' + e.blockedURI);\n")
                .append("});\n</script>\n")
                .append("<style>\n").append(Assets.CSS).append("</style>\n</head>\n<body>\n");

        html.append("<header>\n<h1>Backtest report: <span class=\"strategy-name\">").append(Html.escape(run.strategy()))
                .append("</span></h1>\n<p class=\"subtitle\">").append(Html.escape(String.join(", ", run.symbols())))
                .append(" · ").append(Html.escape(run.interval())).append(" candles · ")
                .append(Html.escape(Display.time(run.from()))).append(" → ").append(Html.escape(Display.time(run.to())))
                .append(" · ").append(Display.count(run.candlesProcessed())).append(" candles replayed</p>\n</header>\n");
        verdict(html, result);

        html.append("<main>\n");
        figures(html, result, columns);
        html.append("<section id=\"equity\">\n<h2>Equity</h2>\n<div class=\"legend\">");
        for (Column column : columns) {
            html.append("<span><i style=\"background:").append(column.color).append("\"></i>")
                    .append(Html.escape(column.label)).append("</span>");
        }
        html.append("</div>\n<div class=\"chart\" id=\"equity-chart\" data-chart=\"equity\"></div>\n</section>\n");
        html.append("<section id=\"drawdown\">\n<h2>Drawdown</h2>\n")
                .append("<div class=\"chart short\" id=\"drawdown-chart\" data-chart=\"drawdown\"></div>\n</section>\n");
        html.append("<section id=\"prices\">\n<h2>Prices and trades</h2>\n")
                .append("<p class=\"note\">▲/▼ entry (long/short), ● exit with its net P&amp;L; green won, red lost.</p>\n");
        int index = 0;
        for (String symbol : result.prices().keySet()) {
            html.append("<h3>").append(Html.escape(symbol)).append("</h3>\n<div class=\"chart\" id=\"price-chart-")
                    .append(index++).append("\" data-chart=\"price\" data-symbol=\"").append(Html.escape(symbol))
                    .append("\"></div>\n");
        }
        html.append("</section>\n");
        monthly(html, result.performance().monthlyReturns());
        trades(html, result.trades());
        configuration(html, run, result);
        html.append("</main>\n");

        html.append("<footer>\n<p>Charts: TradingView Lightweight Charts™ v5.2.1, © TradingView, Inc., Apache License 2.0.</p>\n")
                .append("<details><summary>Licence of TradingView Lightweight Charts</summary><pre>")
                .append(Html.escape(Assets.LICENSE)).append("</pre></details>\n</footer>\n");

        html.append("<script type=\"application/json\" id=\"report-data\">")
                .append(Html.scriptSafeJson(chartData(result, columns))).append("</script>\n");
        html.append("<script>\n").append(Assets.CHARTS_JS).append("\n</script>\n");
        html.append("<script>\n").append(Assets.REPORT_JS).append("</script>\n");
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    /** One column of the figures table and one curve of the charts: the strategy or a baseline. */
    private record Column(String key, String label, String description, String color, Performance performance,
                          List<EquitySample> equity, boolean strategy) {
    }

    private static List<Column> columns(BacktestResult result) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("strategy", result.run().strategy(), "the strategy", STRATEGY_COLOR,
                result.performance(), result.equity(), true));
        int other = 0;
        for (BaselineResult baseline : result.baselines().values()) {
            String color = BASELINE_COLORS.get(baseline.name());
            if (color == null) {
                color = OTHER_COLORS[other++ % OTHER_COLORS.length];
            }
            columns.add(new Column(baseline.name(), BASELINE_LABELS.getOrDefault(baseline.name(), baseline.name()),
                    baseline.description(), color, baseline.performance(), baseline.equity(), false));
        }
        return columns;
    }

    /** Whether the strategy's total return is below buy-and-hold's (false without that baseline). */
    static boolean trailsBuyAndHold(BacktestResult result) {
        return result.baseline(BaselineResult.BUY_AND_HOLD)
                .map(b -> result.performance().totalReturn() < b.performance().totalReturn())
                .orElse(false);
    }

    private static void verdict(StringBuilder html, BacktestResult result) {
        Performance p = result.performance();
        boolean loses = p.losesMoney();
        boolean trails = trailsBuyAndHold(result);
        String buyAndHold = result.baseline(BaselineResult.BUY_AND_HOLD)
                .map(b -> Display.signedPercent(b.performance().totalReturn())).orElse(null);
        StringBuilder text = new StringBuilder();
        if (loses) {
            text.append("The strategy lost money: equity fell from ").append(Display.money(p.initialEquity()))
                    .append(" to ").append(Display.money(p.finalEquity())).append(" (")
                    .append(Display.signedPercent(p.totalReturn())).append(").");
            if (trails) {
                text.append(" It also did worse than buy-and-hold, which returned ").append(buyAndHold).append('.');
            } else if (buyAndHold != null) {
                text.append(" Buy-and-hold returned ").append(buyAndHold).append('.');
            }
        } else if (trails) {
            text.append("The strategy did worse than buy-and-hold: it returned ")
                    .append(Display.signedPercent(p.totalReturn())).append(" against ").append(buyAndHold)
                    .append(" for simply buying and holding.");
        } else {
            text.append("The strategy returned ").append(Display.signedPercent(p.totalReturn()));
            if (buyAndHold != null) {
                text.append(", at least as much as buy-and-hold (").append(buyAndHold).append(")");
            }
            text.append('.');
        }
        html.append("<p class=\"verdict ").append(loses || trails ? "bad" : "good").append("\" id=\"verdict\">")
                .append(Html.escape(text.toString())).append("</p>\n");
    }

    private record Row(String label, String help, Function<Performance, String> value,
                       Function<Performance, Double> sign) {
        Row(String label, String help, Function<Performance, String> value) {
            this(label, help, value, null);
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("Total return", "final equity / initial equity − 1", p -> Display.signedPercent(p.totalReturn()),
                    Performance::totalReturn),
            new Row("CAGR", "compound annual growth rate (365.25-day years)", p -> Display.signedPercent(p.cagr()),
                    Performance::cagr),
            new Row("Sharpe", "annualised, per-bar returns, risk-free 0", p -> Display.ratio(p.sharpe())),
            new Row("Sortino", "annualised, downside deviation of per-bar returns", p -> Display.ratio(p.sortino())),
            new Row("Calmar", "CAGR / max drawdown", p -> Display.ratio(p.calmar())),
            new Row("Max drawdown", "deepest fall below a running peak", p -> Display.percent(p.maxDrawdown())),
            new Row("Max drawdown duration", "longest time below a previous peak",
                    p -> Display.duration(p.maxDrawdownDuration())),
            new Row("Trades", "closed round trips", p -> Display.count(p.trades())),
            new Row("Win rate", "trades with a positive net P&L", p -> Display.percent(p.winRate())),
            new Row("Profit factor", "gross profit / gross loss (∞: no losing trade)", p -> Display.ratio(p.profitFactor())),
            new Row("Expectancy", "average net P&L per trade",
                    p -> p.trades() == 0 ? "n/a" : Display.signedMoney(p.expectancy()),
                    p -> p.expectancy().doubleValue()),
            new Row("Average hold", "average time in a trade",
                    p -> p.trades() == 0 ? "n/a" : Display.duration(p.averageHold())),
            new Row("Exposure", "share of bars with a position open", p -> Display.percent(p.exposure())),
            new Row("Fees paid", "sum of trade fees", p -> Display.money(p.feesPaid())),
            new Row("Initial equity", "", p -> Display.money(p.initialEquity())),
            new Row("Final equity", "", p -> Display.money(p.finalEquity()), Performance::totalReturn));

    private static void figures(StringBuilder html, BacktestResult result, List<Column> columns) {
        html.append("<section id=\"figures\">\n<h2>Figures</h2>\n<table class=\"figures\">\n<thead><tr><th></th>");
        for (Column column : columns) {
            boolean loses = column.performance.losesMoney();
            html.append("<th class=\"").append(loses ? "loses" : "").append("\" data-column=\"")
                    .append(Html.escape(column.key)).append("\" title=\"").append(Html.escape(column.description))
                    .append("\"><i style=\"background:").append(column.color).append("\"></i>")
                    .append(Html.escape(column.label)).append("<small>")
                    .append(column.strategy ? "strategy" : "baseline").append("</small>");
            if (loses) {
                html.append("<span class=\"badge bad\">loses money</span>");
            }
            if (column.strategy && trailsBuyAndHold(result)) {
                html.append("<span class=\"badge warn\">worse than buy &amp; hold</span>");
            }
            html.append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (Row row : ROWS) {
            html.append("<tr><th title=\"").append(Html.escape(row.help)).append("\">").append(Html.escape(row.label))
                    .append("</th>");
            for (Column column : columns) {
                List<String> classes = new ArrayList<>();
                if (column.performance.losesMoney()) {
                    classes.add("loses");
                }
                if (row.sign != null) {
                    double value = row.sign.apply(column.performance);
                    if (value > 0) {
                        classes.add("pos");
                    } else if (value < 0) {
                        classes.add("neg");
                    }
                }
                html.append("<td class=\"").append(String.join(" ", classes)).append("\">")
                        .append(Html.escape(row.value.apply(column.performance))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n<p class=\"note\">n/a: not defined for this run (e.g. no trades, or a flat "
                + "equity curve). Ratios are annualised over 365.25 days.</p>\n</section>\n");
    }

    private static void monthly(StringBuilder html, SortedMap<YearMonth, Double> months) {
        html.append("<section id=\"monthly\">\n<h2>Monthly returns</h2>\n");
        if (months.isEmpty()) {
            html.append("<p class=\"note\">No complete month of data.</p>\n</section>\n");
            return;
        }
        html.append("<table class=\"monthly\">\n<thead><tr><th>Year</th>");
        for (Month month : Month.values()) {
            html.append("<th>").append(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).append("</th>");
        }
        html.append("<th>Year</th></tr></thead>\n<tbody>\n");
        for (int year = months.firstKey().getYear(); year <= months.lastKey().getYear(); year++) {
            html.append("<tr><th>").append(year).append("</th>");
            double compounded = 1;
            boolean any = false;
            for (Month month : Month.values()) {
                Double value = months.get(YearMonth.of(year, month));
                if (value == null) {
                    html.append("<td></td>");
                } else {
                    compounded *= 1 + value;
                    any = true;
                    html.append(monthCell(value, "data-month", YearMonth.of(year, month).toString()));
                }
            }
            html.append(any ? monthCell(compounded - 1, "data-year", Integer.toString(year)) : "<td></td>")
                    .append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static String monthCell(double value, String attribute, String key) {
        double alpha = Double.isFinite(value) ? Math.min(0.7, 0.1 + Math.abs(value) / 0.20 * 0.6) : 0;
        String rgb = value >= 0 ? "38,166,91" : "229,57,53";
        return String.format(Locale.ROOT, "<td %s=\"%s\" title=\"%s: %s\" style=\"background:rgba(%s,%.2f)\">%s</td>",
                attribute, key, key, Html.escape(Display.signedPercent(value)), rgb, alpha,
                Html.escape(String.format(Locale.ROOT, "%+.1f%%", value * 100).replace('-', '−')));
    }

    private static void trades(StringBuilder html, List<TradeRecord> trades) {
        html.append("<section id=\"trades\">\n<h2>Trades (").append(trades.size()).append(")</h2>\n");
        if (trades.isEmpty()) {
            html.append("<p class=\"note\">The strategy made no trade.</p>\n</section>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table class=\"trades\">\n<thead><tr><th>#</th><th>Symbol</th><th>Side</th>")
                .append("<th>Entry</th><th>Entry price</th><th>Exit</th><th>Exit price</th><th>Quantity</th>")
                .append("<th>Fees</th><th>Net P&amp;L</th><th>Held</th><th>Exit reason</th></tr></thead>\n<tbody>\n");
        int n = 1;
        for (TradeRecord t : trades) {
            int sign = t.netPnl().signum();
            html.append("<tr><td>").append(n++).append("</td><td>").append(Html.escape(t.symbol())).append("</td><td>")
                    .append(Html.escape(t.side())).append("</td><td>").append(Html.escape(Display.time(t.entryTime())))
                    .append("</td><td>").append(Html.escape(Display.decimal(t.entryPrice()))).append("</td><td>")
                    .append(Html.escape(Display.time(t.exitTime()))).append("</td><td>")
                    .append(Html.escape(Display.decimal(t.exitPrice()))).append("</td><td>")
                    .append(Html.escape(Display.decimal(t.quantity()))).append("</td><td>")
                    .append(Html.escape(Display.money(t.fees()))).append("</td><td class=\"")
                    .append(sign > 0 ? "pos" : sign < 0 ? "neg" : "").append("\">")
                    .append(Html.escape(Display.signedMoney(t.netPnl()))).append("</td><td>")
                    .append(Html.escape(Display.duration(t.holdingTime()))).append("</td><td>")
                    .append(Html.escape(t.exitReason())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static void configuration(StringBuilder html, RunInfo run, BacktestResult result) {
        html.append("<section id=\"configuration\">\n<h2>Run configuration</h2>\n<table class=\"config\">\n");
        config(html, "Strategy", Html.escape(run.strategy()));
        config(html, "Parameters", pairs(run.parameters()));
        config(html, "Symbols", Html.escape(String.join(", ", run.symbols())));
        config(html, "Interval", Html.escape(run.interval()));
        config(html, "Data range", Html.escape(run.from() + " → " + run.to()));
        StringBuilder sources = new StringBuilder("<ul>");
        run.dataSources().forEach(s -> sources.append("<li>").append(Html.escape(s)).append("</li>"));
        config(html, "Data sources", sources.append("</ul>").toString());
        config(html, "Costs and sizing", pairs(run.costs()));
        config(html, "Code version", "<code>" + Html.escape(run.codeVersion()) + "</code>");
        config(html, "Model id", run.modelId() == null ? "none" : "<code>" + Html.escape(run.modelId()) + "</code>");
        config(html, "Candles processed", Display.count(run.candlesProcessed()));
        config(html, "Replay speed", Html.escape(String.format(Locale.ROOT, "%,.0f candles/s", run.candlesPerSecond())));
        for (BaselineResult baseline : result.baselines().values()) {
            config(html, "Baseline " + BASELINE_LABELS.getOrDefault(baseline.name(), baseline.name()),
                    Html.escape(baseline.description()));
        }
        html.append("</table>\n</section>\n");
    }

    private static void config(StringBuilder html, String label, String valueHtml) {
        html.append("<tr><th>").append(Html.escape(label)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String pairs(Map<String, String> values) {
        if (values.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder("<dl class=\"pairs\">");
        values.forEach((k, v) -> out.append("<dt>").append(Html.escape(k)).append("</dt><dd>").append(Html.escape(v))
                .append("</dd>"));
        return out.append("</dl>").toString();
    }

    // ---- chart data -------------------------------------------------------------------------------------------

    private static String chartData(BacktestResult result, List<Column> columns) {
        ObjectNode data = SummaryJson.MAPPER.createObjectNode();
        ArrayNode curves = data.putArray("curves");
        for (Column column : columns) {
            ObjectNode curve = curves.addObject();
            curve.put("key", column.key);
            curve.put("label", column.label);
            curve.put("color", column.color);
            curve.put("strategy", column.strategy);
            ArrayNode times = curve.putArray("t");
            ArrayNode values = curve.putArray("v");
            ArrayNode drawdowns = curve.putArray("dd");
            double[] dd = PerformanceCalculator.drawdowns(column.equity);
            int i = 0;
            for (EquitySample sample : column.equity) {
                times.add(seconds(sample.time()));
                values.add(sample.equity().doubleValue());
                drawdowns.add(-dd[i++] * 100);
            }
        }
        Map<String, List<TradeRecord>> tradesBySymbol = new LinkedHashMap<>();
        result.trades().forEach(t -> tradesBySymbol.computeIfAbsent(t.symbol(), s -> new ArrayList<>()).add(t));
        ArrayNode prices = data.putArray("prices");
        result.prices().forEach((symbol, bars) -> {
            ObjectNode series = prices.addObject();
            series.put("symbol", symbol);
            ArrayNode rows = series.putArray("bars");
            long[] openTimes = new long[bars.size()];
            int i = 0;
            for (PriceBar bar : bars) {
                openTimes[i++] = seconds(bar.openTime());
                rows.addArray().add(seconds(bar.openTime())).add(bar.open()).add(bar.high()).add(bar.low()).add(bar.close());
            }
            series.set("markers", markers(tradesBySymbol.getOrDefault(symbol, List.of()), openTimes));
        });
        try {
            return SummaryJson.MAPPER.writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the chart data", e);
        }
    }

    /** Entry and exit markers, each on the bar that contains its time, sorted by time. */
    private static ArrayNode markers(List<TradeRecord> trades, long[] openTimes) {
        record Marker(long time, int order, ObjectNode node) {
        }
        List<Marker> markers = new ArrayList<>();
        if (openTimes.length > 0) {
            for (TradeRecord t : trades) {
                boolean longTrade = TradeRecord.LONG.equals(t.side());
                ObjectNode entry = SummaryJson.MAPPER.createObjectNode();
                long entryTime = barAt(openTimes, seconds(t.entryTime()));
                entry.put("time", entryTime);
                entry.put("position", longTrade ? "belowBar" : "aboveBar");
                entry.put("shape", longTrade ? "arrowUp" : "arrowDown");
                entry.put("color", longTrade ? "#26a65b" : "#e53935");
                entry.put("text", longTrade ? "L" : "S");
                markers.add(new Marker(entryTime, 0, entry));
                ObjectNode exit = SummaryJson.MAPPER.createObjectNode();
                long exitTime = barAt(openTimes, seconds(t.exitTime()));
                exit.put("time", exitTime);
                exit.put("position", longTrade ? "aboveBar" : "belowBar");
                exit.put("shape", "circle");
                exit.put("color", t.netPnl().signum() >= 0 ? "#26a65b" : "#e53935");
                exit.put("text", compact(t.netPnl()));
                markers.add(new Marker(exitTime, 1, exit));
            }
        }
        markers.sort(Comparator.comparingLong(Marker::time).thenComparingInt(Marker::order));
        ArrayNode out = SummaryJson.MAPPER.createArrayNode();
        markers.forEach(m -> out.add(m.node));
        return out;
    }

    /** Open time of the last bar opening at or before {@code time} (the first bar when none does). */
    private static long barAt(long[] openTimes, long time) {
        int lo = 0;
        int hi = openTimes.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (openTimes[mid] <= time) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return openTimes[found];
    }

    private static String compact(BigDecimal pnl) {
        double v = pnl.doubleValue();
        double abs = Math.abs(v);
        String text = abs >= 1e6 ? String.format(Locale.ROOT, "%+.1fM", v / 1e6)
                : abs >= 1e4 ? String.format(Locale.ROOT, "%+.1fk", v / 1e3)
                : String.format(Locale.ROOT, "%+.2f", v);
        return text.replace('-', '−');
    }

    private static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }

    // ---- assets -----------------------------------------------------------------------------------------------

    /** The inlined assets, read once from the classpath. */
    static final class Assets {
        static final String CHARTS_JS = scriptSafe(read(HtmlReport.CHARTS_JS), HtmlReport.CHARTS_JS);
        static final String LICENSE = read(CHARTS_LICENSE);
        static final String CSS = read(RESOURCES + "report.css");
        static final String REPORT_JS = scriptSafe(read(RESOURCES + "report.js"), RESOURCES + "report.js");

        private Assets() {
        }

        static String read(String resource) {
            try (InputStream in = HtmlReport.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("report asset " + resource + " is not on the classpath; the "
                            + "backtester build copies the Lightweight Charts files from api-gateway's vendor directory "
                            + "(rebuild the backtester module)");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read report asset " + resource, e);
            }
        }

        private static String scriptSafe(String script, String resource) {
            String lower = script.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("<!--")) {
                throw new IllegalStateException(resource + " cannot be inlined: it contains </script or <!--");
            }
            return script;
        }
    }
}
