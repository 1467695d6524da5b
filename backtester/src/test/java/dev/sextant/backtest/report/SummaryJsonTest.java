package dev.sextant.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.performance.Performance;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {
    /** Strict reader: refuses NaN/Infinity tokens (the default), reads decimals exactly. */
    private static final ObjectMapper READER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    private JsonNode writeAndRead(BacktestResult result) throws IOException {
        Path file = dir.resolve("summary.json");
        SummaryJson.write(result, file);
        return READER.readTree(Files.readString(file));
    }

    private static void assertFigures(JsonNode node, Performance p) {
        assertThat(node.get("trades").intValue()).isEqualTo(p.trades());
        assertThat(node.get("totalReturn").doubleValue()).isEqualTo(p.totalReturn());
        assertThat(node.get("cagr").doubleValue()).isEqualTo(p.cagr());
        assertThat(node.get("sharpe").doubleValue()).isEqualTo(p.sharpe());
        assertThat(node.get("sortino").doubleValue()).isEqualTo(p.sortino());
        assertThat(node.get("calmar").doubleValue()).isEqualTo(p.calmar());
        assertThat(node.get("maxDrawdown").doubleValue()).isEqualTo(p.maxDrawdown());
        assertThat(node.get("maxDrawdownDurationHours").doubleValue())
                .isEqualTo(p.maxDrawdownDuration().toMinutes() / 60.0);
        assertThat(node.get("exposure").doubleValue()).isEqualTo(p.exposure());
        assertThat(node.get("averageHoldHours").doubleValue()).isEqualTo(p.averageHold().getSeconds() / 3600.0);
        assertThat(node.get("finalEquity").decimalValue()).isEqualByComparingTo(p.finalEquity());
        assertThat(node.get("initialEquity").decimalValue()).isEqualByComparingTo(p.initialEquity());
        assertThat(node.get("feesPaid").decimalValue()).isEqualByComparingTo(p.feesPaid());
        assertThat(node.get("expectancy").decimalValue()).isEqualByComparingTo(p.expectancy());
        assertThat(node.get("start").textValue()).isEqualTo(p.start().toString());
        assertThat(node.get("end").textValue()).isEqualTo(p.end().toString());
        assertThat(node.get("monthlyReturns").size()).isEqualTo(p.monthlyReturns().size());
        p.monthlyReturns().forEach((month, value) ->
                assertThat(node.get("monthlyReturns").get(month.toString()).doubleValue()).as(month.toString()).isEqualTo(value));
    }

    @Test
    void everyFigureOfTheStrategyAndTheBaselinesRoundTrips() throws IOException {
        BacktestResult result = BacktestFixture.builder().build();
        Performance p = result.performance();
        assertThat(p.trades()).isEqualTo(10);
        assertThat(p.winRate()).isBetween(0.0, 1.0);
        assertThat(p.profitFactor()).isFinite();

        JsonNode json = writeAndRead(result);

        assertThat(json.fieldNames()).toIterable().contains("trades", "totalReturn", "cagr", "sharpe", "sortino",
                "calmar", "maxDrawdown", "maxDrawdownDurationHours", "winRate", "profitFactor", "expectancy",
                "averageHoldHours", "exposure", "feesPaid", "finalEquity", "candlesPerSecond", "baselines", "run",
                "monthlyReturns");
        assertFigures(json, p);
        assertThat(json.get("winRate").doubleValue()).isEqualTo(p.winRate());
        assertThat(json.get("profitFactor").doubleValue()).isEqualTo(p.profitFactor());
        assertThat(json.get("candlesPerSecond").doubleValue()).isEqualTo(48_213.7);
        assertThat(json.get("candlesProcessed").longValue()).isEqualTo(720);
        assertThat(json.get("monthlyReturns").fieldNames()).toIterable().containsExactly("2023-12", "2024-01");

        assertThat(json.get("baselines").fieldNames()).toIterable().containsExactly("buyAndHold", "alwaysLong");
        for (String name : List.of("buyAndHold", "alwaysLong")) {
            JsonNode baseline = json.get("baselines").get(name);
            assertFigures(baseline, result.baselines().get(name).performance());
            assertThat(baseline.get("description").textValue()).isEqualTo(result.baselines().get(name).description());
        }
        assertThat(json.at("/baselines/buyAndHold/totalReturn").doubleValue())
                .isEqualTo(result.baselines().get("buyAndHold").performance().totalReturn())
                .isNotEqualTo(p.totalReturn());
        // no trades in the baselines: undefined figures are null
        assertThat(json.at("/baselines/buyAndHold/winRate").isNull()).isTrue();
        assertThat(json.at("/baselines/buyAndHold/profitFactor").isNull()).isTrue();
    }

    @Test
    void runInfoIsWrittenUnderRun() throws IOException {
        BacktestResult result = BacktestFixture.builder().build();
        JsonNode run = writeAndRead(result).get("run");
        assertThat(run.get("strategy").textValue()).isEqualTo("momentum-lgbm");
        assertThat(run.get("parameters").fieldNames()).toIterable()
                .containsExactly("entryThreshold", "exitThreshold", "horizonBars");
        assertThat(run.at("/parameters/entryThreshold").textValue()).isEqualTo("0.58");
        assertThat(run.get("symbols").toString()).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\"]");
        assertThat(run.get("interval").textValue()).isEqualTo("1h");
        assertThat(run.get("from").textValue()).isEqualTo("2023-12-20T00:00:00Z");
        assertThat(run.get("to").textValue()).isEqualTo("2024-01-04T00:00:00Z");
        assertThat(run.get("dataSources").get(0).textValue()).startsWith("data/market/BTCUSDT-1h.csv");
        assertThat(run.get("codeVersion").textValue()).isEqualTo("perf@0a1b2c3");
        assertThat(run.get("modelId").textValue()).isEqualTo("lgbm-btc-eth-2024-01-15");
        assertThat(run.at("/costs/feeRate").textValue()).isEqualTo("0.001");
        assertThat(run.get("candlesProcessed").longValue()).isEqualTo(720);

        JsonNode noModel = writeAndRead(BacktestFixture.builder().modelId(null).build()).get("run");
        assertThat(noModel.has("modelId")).isTrue();
        assertThat(noModel.get("modelId").isNull()).isTrue();
    }

    @Test
    void undefinedAndInfiniteFiguresAreNull() throws IOException {
        BacktestResult noTrades = BacktestFixture.builder().trades(0).build();
        assertThat(noTrades.performance().winRate()).isNaN();
        JsonNode json = writeAndRead(noTrades);
        assertThat(json.get("trades").intValue()).isZero();
        assertThat(json.get("winRate").isNull()).isTrue();
        assertThat(json.get("profitFactor").isNull()).isTrue();
        assertThat(json.get("expectancy").decimalValue()).isEqualByComparingTo("0");

        BacktestResult allWinners = BacktestFixture.builder().outcome(BacktestFixture.Outcome.WIN).build();
        assertThat(allWinners.performance().profitFactor()).isInfinite();
        JsonNode winners = writeAndRead(allWinners);
        assertThat(winners.get("profitFactor").isNull()).isTrue();
        assertThat(winners.get("winRate").doubleValue()).isEqualTo(1.0);
        assertThat(Files.readString(dir.resolve("summary.json"))).doesNotContain("NaN", "Infinity");
    }

    @Test
    void moneyIsAPlainJsonNumber() throws IOException {
        BacktestResult result = BacktestFixture.builder().initialEquity("1E+4").build();
        assertThat(result.performance().initialEquity().toString()).isEqualTo("1E+4");
        JsonNode json = writeAndRead(result);
        String text = Files.readString(dir.resolve("summary.json"));
        assertThat(text).contains("\"initialEquity\" : 10000,").doesNotContain("1E+4");
        assertThat(json.get("initialEquity").isNumber()).isTrue();
        assertThat(json.get("initialEquity").decimalValue()).isEqualByComparingTo(new BigDecimal("10000"));
        assertThat(json.get("feesPaid").isNumber()).isTrue();
        assertThat(json.get("feesPaid").decimalValue()).isEqualTo(result.performance().feesPaid());
    }
}
