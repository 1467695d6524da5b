package dev.sextant.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String HOSTILE = "<script>alert(1)</script>";
    private static final Path VENDORED = Path.of("..", "api-gateway", "src", "main", "resources", "META-INF",
            "resources", "vendor", "lightweight-charts");

    @TempDir
    Path dir;

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static JsonNode chartData(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("the JSON data element").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws IOException {
        BacktestResult result = BacktestFixture.builder().strategy(HOSTILE).parameter("<img src=x onerror=alert(2)>", HOSTILE)
                .exitReason("\"><script>alert(3)</script>").modelId("</script><script>alert(4)</script>").build();
        Path file = dir.resolve("report.html");
        HtmlReport.write(result, file);
        String html = Files.readString(file);

        assertThat(html).doesNotContain("alert(1)</script>", "<img src=x", "<script>alert(3)", "<script>alert(4)");
        assertThat(html).contains("<title>Backtest: &lt;script&gt;alert(1)&lt;/script&gt; · BTCUSDT, ETHUSDT 1h");
        assertThat(html).contains("<span class=\"strategy-name\">&lt;script&gt;alert(1)&lt;/script&gt;</span>");
        assertThat(html).contains("<dt>&lt;img src=x onerror=alert(2)&gt;</dt>");
        assertThat(html).contains("<td>&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;</td>");
        // only the page's own four script elements: error hooks, JSON data, chart library, report script
        assertThat(count(html, "(?i)<script")).isEqualTo(4);
        assertThat(count(html, "(?i)</script")).isEqualTo(4);
        // the JSON blob escapes < and > and still reads back as the original text
        assertThat(html).contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
        assertThat(chartData(html).at("/curves/0/label").textValue()).isEqualTo(HOSTILE);
    }

    @Test
    void chartDataHoldsEveryCurveAndTheMarkersOnBars() throws IOException {
        BacktestResult result = BacktestFixture.builder().build();
        JsonNode data = chartData(HtmlReport.render(result));
        assertThat(data.get("curves")).hasSize(3);
        assertThat(data.at("/curves/0/key").textValue()).isEqualTo("strategy");
        assertThat(data.at("/curves/1/key").textValue()).isEqualTo("buyAndHold");
        assertThat(data.at("/curves/0/t")).hasSize(360);
        assertThat(data.at("/curves/0/t/0").longValue()).isEqualTo(result.equity().get(0).time().getEpochSecond());
        assertThat(data.at("/curves/0/v/359").doubleValue()).isEqualTo(result.performance().finalEquity().doubleValue());
        double minDd = 0;
        for (JsonNode d : data.at("/curves/0/dd")) {
            minDd = Math.min(minDd, d.doubleValue());
        }
        assertThat(minDd).isCloseTo(-result.performance().maxDrawdown() * 100, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(data.get("prices")).hasSize(2);
        assertThat(data.at("/prices/0/symbol").textValue()).isEqualTo("BTCUSDT");
        assertThat(data.at("/prices/0/bars")).hasSize(360);
        // 10 trades alternate BTC/ETH: 5 entries and 5 exits on each chart, each on an existing bar open time
        for (JsonNode prices : data.get("prices")) {
            assertThat(prices.get("markers")).hasSize(10);
            java.util.Set<Long> opens = new java.util.HashSet<>();
            prices.get("bars").forEach(b -> opens.add(b.get(0).longValue()));
            long previous = Long.MIN_VALUE;
            for (JsonNode marker : prices.get("markers")) {
                assertThat(opens).contains(marker.get("time").longValue());
                assertThat(marker.get("time").longValue()).isGreaterThanOrEqualTo(previous);
                previous = marker.get("time").longValue();
            }
        }
        // the first trade enters at the close of bar 5, i.e. inside bar 6
        assertThat(data.at("/prices/0/markers/0/time").longValue())
                .isEqualTo(BacktestFixture.START.plusSeconds(6 * 3600).getEpochSecond());
        assertThat(data.at("/prices/0/markers/0/shape").textValue()).isEqualTo("arrowUp");
    }

    @Test
    void losingStrategyIsCalledOutAtTheTopAndItsColumnMarked() {
        BacktestResult result = BacktestFixture.builder().outcome(BacktestFixture.Outcome.LOSE).build();
        assertThat(result.performance().losesMoney()).isTrue();
        String html = HtmlReport.render(result);
        assertThat(html).contains("<p class=\"verdict bad\" id=\"verdict\">The strategy lost money: equity fell from 10,000.00 to ");
        assertThat(html).containsPattern("<th class=\"loses\" data-column=\"strategy\"[^>]*>.*?<span class=\"badge bad\">loses money</span>");
        assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("id=\"figures\""));
    }

    @Test
    void strategyBehindBuyAndHoldIsCalledOut() {
        BacktestResult result = BacktestFixture.builder().drift(0.002).trades(2).build();
        assertThat(result.performance().losesMoney()).isFalse();
        assertThat(result.performance().totalReturn())
                .isLessThan(result.baselines().get("buyAndHold").performance().totalReturn());
        String html = HtmlReport.render(result);
        assertThat(html).contains("<p class=\"verdict bad\" id=\"verdict\">The strategy did worse than buy-and-hold: it returned +");
        assertThat(html).contains("<span class=\"badge warn\">worse than buy &amp; hold</span>");
        assertThat(html).doesNotContain("<th class=\"loses\"");
    }

    @Test
    void winningStrategyGetsAGoodVerdictAndLosingBaselinesAreMarked() {
        BacktestResult result = BacktestFixture.builder().drift(-0.001).outcome(BacktestFixture.Outcome.WIN).build();
        assertThat(result.baselines().get("buyAndHold").performance().losesMoney()).isTrue();
        String html = HtmlReport.render(result);
        assertThat(html).contains("<p class=\"verdict good\" id=\"verdict\">The strategy returned +");
        assertThat(html).contains("at least as much as buy-and-hold (−");
        assertThat(html).contains("<th class=\"loses\" data-column=\"buyAndHold\"");
        assertThat(html).contains("<th class=\"\" data-column=\"strategy\"");
    }

    @Test
    void tablesHoldTheMonthsTheTradesAndTheRunConfiguration() {
        BacktestResult result = BacktestFixture.builder().build();
        String html = HtmlReport.render(result);
        assertThat(html).contains("<td data-month=\"2023-12\"", "<td data-month=\"2024-01\"", "<tr><th>2023</th>",
                "<tr><th>2024</th>");
        assertThat(count(html, "<td data-month=")).isEqualTo(2);
        assertThat(count(html, "<td data-year=")).isEqualTo(2);
        assertThat(html).contains("<h2>Trades (10)</h2>");
        String trades = html.substring(html.indexOf("<table class=\"trades\">"), html.indexOf("</table>", html.indexOf("<table class=\"trades\">")));
        assertThat(count(trades, "<tr><td>")).isEqualTo(10);
        assertThat(html).contains("<tr><th>Code version</th><td><code>perf@0a1b2c3</code></td></tr>",
                "<tr><th>Model id</th><td><code>lgbm-btc-eth-2024-01-15</code></td></tr>",
                "<dt>feeRate</dt><dd>0.001</dd>", "<dt>entryThreshold</dt><dd>0.58</dd>",
                "<li>data/market/BTCUSDT-1h.csv (Binance spot klines)</li>");
        assertThat(count(html, "data-chart=\"")).isEqualTo(4);
        assertThat(HtmlReport.render(BacktestFixture.builder().modelId(null).trades(0).build()))
                .contains("<tr><th>Model id</th><td>none</td></tr>", "The strategy made no trade.");
    }

    @Test
    void chartLibraryIsInlinedFromTheBuildCopyWithItsLicence() throws IOException {
        String library = Files.readString(VENDORED.resolve("lightweight-charts.standalone.production.js"));
        assertThat(HtmlReport.Assets.CHARTS_JS).isEqualTo(library);
        assertThat(HtmlReport.Assets.LICENSE).isEqualTo(Files.readString(VENDORED.resolve("LICENSE")));
        String html = HtmlReport.render(BacktestFixture.builder().build());
        assertThat(html).contains("<script>\n/*!\n * @license\n * TradingView Lightweight Charts™ v5.2.1\n");
        assertThat(html).contains("Apache License", "Version 2.0, January 2004");
        assertThat(html).doesNotContainPattern("(?i)<(script|img|link|iframe)[^>]+(src|href)=");
        assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none';");
    }
}
