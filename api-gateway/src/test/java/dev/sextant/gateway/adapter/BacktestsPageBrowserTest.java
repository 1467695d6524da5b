package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sextant.contracts.topic.Topics;
import dev.sextant.gateway.PerformanceFixture;
import dev.sextant.testing.InjectInfra;
import dev.sextant.testing.RealInfraResource;
import dev.sextant.testing.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's Backtests page in a headless Debian Chromium (the system chromedriver; Selenium never downloads
 * one): the form starts a run, the list follows it over /ws to DONE, and the result shows the same figures as the API
 * beside buy-and-hold and always-long, with the plain sentence and the link to the report. A bad range shows the
 * backtester's message under its field.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class BacktestsPageBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final List<String> FIGURES = List.of("totalReturn", "maxDrawdown", "sharpe", "winRate", "profitFactor", "trades",
            "feesPaid");
    static final List<String> COLUMNS = List.of("strategy", "buyAndHold", "alwaysLong");

    @TestHTTPResource("/")
    URL root;

    @InjectInfra
    TestInfra infra;

    private Path profile;
    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeEach
    void startChromium() throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            fail(CHROMIUM + " and " + CHROMEDRIVER + " are required by this test; install them with: "
                    + "sudo apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("sextant-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private WebElement awaitElement(String css) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !driver.findElements(By.cssSelector(css)).isEmpty());
        return driver.findElement(By.cssSelector(css));
    }

    private void setValue(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", driver.findElement(By.id(id)), value);
    }

    @Test
    void theLivePageShowsTheLiveFiguresBesideBuyAndHold() {
        PerformanceFixture.candles("PAGEUSDT").forEach(c -> infra.publish(Topics.CANDLES, c));
        PerformanceFixture.decisions("PAGEUSDT").forEach(d -> infra.publish(Topics.SIGNALS, d));
        PerformanceFixture.fills("PAGEUSDT").forEach(f -> infra.publish(Topics.FILLS, f));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("symbols", "PAGEUSDT")
                .queryParam("interval", "1h").when().get("/api/v1/performance")
                .then().statusCode(200).body("strategy.trades", org.hamcrest.Matchers.equalTo(2)));

        driver.get(root.toString() + "?symbol=PAGEUSDT");
        assertThat(driver.findElement(By.id("page-live")).isDisplayed()).isTrue();
        awaitElement("#perf-figures td[data-figure='totalReturn'][data-column='strategy']");
        // the page shows what the API computes (over every symbol of the gateway: the live account trades them all)
        JsonNode perf = BacktestApiTest.read(given().when().get("/api/v1/performance").then().statusCode(200).extract().asString());
        for (String column : List.of("strategy", "buyAndHold")) {
            for (String figure : List.of("totalReturn", "maxDrawdown", "winRate", "profitFactor", "trades")) {
                WebElement cell = driver.findElement(By.cssSelector(
                        "#perf-figures td[data-figure='" + figure + "'][data-column='" + column + "']"));
                JsonNode expected = perf.at("/" + column + "/" + figure);
                String value = cell.getDomAttribute("data-value");
                if (expected.isNull()) {
                    assertThat(value).as(column + " " + figure).isEmpty();
                } else {
                    assertThat(Double.parseDouble(value)).as(column + " " + figure).isEqualTo(expected.asDouble());
                }
            }
        }
        for (String column : List.of("strategy", "buyAndHold")) {
            String heading = driver.findElement(By.cssSelector("#perf-figures th[data-column='" + column + "']")).getDomAttribute("class");
            assertThat(heading != null && heading.contains("neg")).as(column + " marked as losing money")
                    .isEqualTo(perf.at("/" + column + "/losesMoney").asBoolean());
        }
        assertThat(driver.findElement(By.id("perf-note")).getText()).startsWith("since ");
        screenshot("live-page.png");
    }

    /** Keeps what the page looked like in target/ (for a look after a run; nothing reads it). */
    private void screenshot(String name) {
        try {
            Files.copy(driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath(), Path.of("target", name),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        }
    }

    @Test
    void theFormStartsARunAndTheResultShowsItsFiguresBesideTheBaselines() {
        driver.get(root.toString() + "#backtests");
        assertThat(driver.findElement(By.id("page-backtests")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("page-live")).isDisplayed()).isFalse();

        // the choices come from /api/v1/backtests/options: BTCUSDT alone, two weeks, always-long
        awaitElement("#bt-symbols input[value='ETHUSDT']");
        for (WebElement box : driver.findElements(By.cssSelector("#bt-symbols input[name='symbol']"))) {
            if (box.isSelected() != "BTCUSDT".equals(box.getDomAttribute("value"))) {
                box.click();
            }
        }
        setValue("bt-from", "2024-01-01");
        setValue("bt-to", "2024-01-15");
        new Select(driver.findElement(By.id("bt-strategy"))).selectByValue("always-long");
        driver.findElement(By.id("bt-submit")).click();

        await().atMost(Duration.ofSeconds(30)).until(() -> driver.findElement(By.id("bt-message")).getText().startsWith("started bt-"));
        String id = driver.findElement(By.id("bt-message")).getText().substring("started ".length());
        // the list is redrawn on every progress message: read the row afresh until it reads as expected
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(() -> assertThat(driver.findElement(By.cssSelector("#bt-runs tbody tr[data-run-id='" + id + "']"))
                        .getText()).contains("always-long", "BTCUSDT", "2024-01-01 → 2024-01-15"));

        // followed over /ws until it is done, then shown
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                !driver.findElements(By.cssSelector("#bt-detail[data-run-id='" + id + "'][data-status='DONE']")).isEmpty()
                        && !driver.findElements(By.cssSelector("#bt-runs tbody tr[data-run-id='" + id + "'][data-status='DONE']")).isEmpty());
        JsonNode run = BacktestApiTest.read(given().when().get("/api/v1/backtests/" + id).then().statusCode(200).extract().asString());
        assertThat(run.path("status").asText()).isEqualTo("DONE");

        // read afresh until it reads as expected: a figure table drawn just before the list's refresh may be replaced once
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class).untilAsserted(() -> {
            for (String column : COLUMNS) {
                for (String figure : FIGURES) {
                    WebElement cell = driver.findElement(By.cssSelector(
                            "#bt-figures td[data-figure='" + figure + "'][data-column='" + column + "']"));
                    JsonNode expected = run.at("/figures/" + column + "/" + figure);
                    String value = cell.getDomAttribute("data-value");
                    if (expected.isNull()) {
                        assertThat(value).as(column + " " + figure).isEmpty();
                    } else {
                        assertThat(Double.parseDouble(value)).as(column + " " + figure).isEqualTo(expected.asDouble());
                    }
                    assertThat(cell.getText()).as(column + " " + figure).isNotBlank();
                    boolean loses = run.at("/figures/" + column + "/losesMoney").asBoolean();
                    assertThat(cell.getDomAttribute("class")).as(column + " " + figure + " marked as losing")
                            .satisfies(c -> assertThat(c != null && c.contains("loses")).isEqualTo(loses));
                }
            }
            WebElement strategyReturn = driver.findElement(By.cssSelector("#bt-figures td[data-figure='totalReturn'][data-column='strategy']"));
            double totalReturn = run.at("/figures/strategy/totalReturn").asDouble();
            assertThat(strategyReturn.getText()).isEqualTo((totalReturn > 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.2f%%", totalReturn * 100));
            assertThat(driver.findElement(By.cssSelector("#bt-figures th[data-column='strategy']")).getText()).startsWith("always-long");
            String verdict = driver.findElement(By.id("bt-verdict")).getText();
            if (run.at("/figures/strategy/losesMoney").asBoolean()) {
                assertThat(verdict).startsWith("The strategy lost money: equity fell from $10,000.00 to ");
                assertThat(driver.findElement(By.cssSelector("#bt-figures th[data-column='strategy'] .badge.bad")).getText())
                        .isEqualTo("loses money");
            } else {
                assertThat(verdict).doesNotContain("lost money");
            }
        });
        assertThat(driver.findElement(By.id("bt-report-link")).getDomAttribute("href")).isEqualTo("/api/v1/backtests/" + id + "/report");

        screenshot("backtests-page.png");

        // a bad range: the backtester's message under the field, nothing started
        setValue("bt-from", "2024-02-01");
        setValue("bt-to", "2024-02-01");
        driver.findElement(By.id("bt-submit")).click();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                driver.findElement(By.cssSelector("#bt-form .field-error[data-field='to']")).getText().startsWith("the date range is empty"));
        assertThat(driver.findElement(By.id("bt-message")).getText()).isEqualTo("not started: fix the fields marked in red");

        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        // The browser logs every 4xx answer as a failed resource: the refused POST (400), and the live page's "nothing
        // yet" (404: no prediction or candle in this test's data). Anything else would be an error of the page.
        assertThat(console).as("browser console errors")
                .filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filteredOn(e -> !e.getMessage().matches(".*/api/v1/\\S* - Failed to load resource: the server responded"
                        + " with a status of (400|404) .*"))
                .isEmpty();
    }
}
