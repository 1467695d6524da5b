package dev.sextant.gateway.adapter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.sextant.contracts.event.RiskCheck;
import dev.sextant.gateway.ExplainFixture;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard's trade detail in a headless Debian Chromium (as {@link BacktestsPageBrowserTest}): a click on a row
 * of "Recent trades" opens its Explain view, which shows the chain the gateway stored — the candle's OHLC, the
 * prediction, the decision with every check (value, limit, passed) and the fills with price, fee and P&amp;L.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "schema", value = "gateway"))
class TradeExplainBrowserTest {
    private static final String SYMBOL = "EXWUSDT";
    private static final ExplainFixture TRADE = new ExplainFixture(SYMBOL);

    @TestHTTPResource("/")
    URL root;

    @InjectInfra
    TestInfra infra;

    private Path profile;
    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeEach
    void startChromium() throws IOException {
        if (!Files.isExecutable(Path.of(BacktestsPageBrowserTest.CHROMIUM))
                || !Files.isExecutable(Path.of(BacktestsPageBrowserTest.CHROMEDRIVER))) {
            fail(BacktestsPageBrowserTest.CHROMIUM + " and " + BacktestsPageBrowserTest.CHROMEDRIVER
                    + " are required by this test; install them with: sudo apt-get install -y chromium chromium-driver");
        }
        profile = Files.createTempDirectory("sextant-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BacktestsPageBrowserTest.CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1400", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(BacktestsPageBrowserTest.CHROMEDRIVER))
                .usingAnyFreePort().build();
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

    private WebElement detail(String css) {
        return driver.findElement(By.cssSelector("#trade-detail " + css));
    }

    private double value(String css) {
        return Double.parseDouble(detail(css).getDomAttribute("data-value"));
    }

    @Test
    void aTradesDetailShowsItsDecisionsChecksAndItsFills() {
        TRADE.published().forEach(e -> infra.publish(e.getKey(), e.getValue()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParam("symbol", SYMBOL)
                .when().get("/api/v1/trades").then().statusCode(200)
                .body("items[0].positionId", equalTo(TRADE.positionId)).body("items[0].status", equalTo("CLOSED")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/api/v1/explain/{id}", TRADE.positionId)
                .then().statusCode(200).body("events.size()", equalTo(TRADE.chainIds().size())));

        driver.get(root.toString() + "?symbol=" + SYMBOL);
        assertThat(driver.findElement(By.id("trade-detail")).isDisplayed()).as("closed until a trade is chosen").isFalse();
        String row = "#trades tbody tr[data-position-id='" + TRADE.positionId + "']";
        // the table is redrawn by live updates: click the row as it is when found
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .until(() -> {
                    List<WebElement> rows = driver.findElements(By.cssSelector(row));
                    if (rows.isEmpty()) {
                        return false;
                    }
                    rows.getFirst().click();
                    return true;
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> !driver.findElements(
                By.cssSelector("#trade-detail[data-state='shown'][data-position-id='" + TRADE.positionId + "']")).isEmpty());
        assertThat(driver.findElement(By.id("trade-detail")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("trade-detail-id")).getText()).isEqualTo(TRADE.positionId);

        // the candle's OHLC and the prediction
        assertThat(detail("[data-testid='ex-candle']").getDomAttribute("data-event-id")).isEqualTo(TRADE.candle.eventId().value());
        assertThat(value("[data-testid='ex-candle'] td[data-col='open']")).isEqualTo(67320.00);
        assertThat(value("[data-testid='ex-candle'] td[data-col='high']")).isEqualTo(67980.00);
        assertThat(value("[data-testid='ex-candle'] td[data-col='low']")).isEqualTo(67090.00);
        assertThat(value("[data-testid='ex-candle'] td[data-col='close']")).isEqualTo(67650.00);
        assertThat(value("[data-testid='ex-prediction'] td[data-col='confidence']")).isEqualTo(0.62);
        assertThat(detail("[data-testid='ex-prediction'] td[data-col='probUp']").getText()).isEqualTo("62.0%");

        // the decision with every check: name, value, limit, passed
        assertThat(detail("[data-testid='ex-decision']").getDomAttribute("data-event-id")).isEqualTo(TRADE.decision.eventId().value());
        assertThat(detail("[data-testid='ex-verdict']").getText()).isEqualTo("approved");
        List<WebElement> checks = driver.findElements(By.cssSelector("#trade-detail [data-testid='ex-checks'] tbody tr"));
        assertThat(checks).extracting(r -> r.getDomAttribute("data-check"))
                .containsExactlyElementsOf(ExplainFixture.checks().stream().map(RiskCheck::name).toList());
        for (RiskCheck check : ExplainFixture.checks()) {
            String css = "[data-testid='ex-checks'] tr[data-check='" + check.name() + "'] ";
            assertThat(value(css + "td[data-col='value']")).as(check.name()).isEqualTo(check.value().doubleValue());
            assertThat(detail(css + "td[data-col='passed']").getText()).as(check.name()).isEqualTo("✓ passed");
        }
        assertThat(detail("tr[data-check='confidence'] td[data-col='limit']").getText()).isEqualTo("> 0.55");
        assertThat(detail("tr[data-check='atr_pct'] td[data-col='limit']").getText()).matches("between 0\\.50? and 3(\\.00?)?");

        // the orders, and the fills with prices, fees and P&L
        assertThat(driver.findElements(By.cssSelector("#trade-detail [data-testid='ex-orders-table'] tbody tr")))
                .extracting(r -> r.getDomAttribute("data-event-id")).containsExactly(
                        TRADE.entrySubmitted.eventId().value(), TRADE.entryAccepted.eventId().value(),
                        TRADE.entryFilled.eventId().value(), TRADE.exitSubmitted.eventId().value(),
                        TRADE.exitAccepted.eventId().value(), TRADE.exitFilled.eventId().value());
        String entry = "[data-testid='ex-fills-table'] tr[data-event-id='" + TRADE.entryFill.eventId().value() + "'] ";
        assertThat(value(entry + "td[data-col='price']")).isEqualTo(67652.10);
        assertThat(value(entry + "td[data-col='fee']")).isEqualTo(7.6041);
        assertThat(detail(entry + "td[data-col='pnl']").getText()).isEqualTo("—");
        String exit = "[data-testid='ex-fills-table'] tr[data-event-id='" + TRADE.exitFill.eventId().value() + "'] ";
        assertThat(detail(exit.trim()).getDomAttribute("data-purpose")).isEqualTo("TAKE_PROFIT");
        assertThat(value(exit + "td[data-col='price']")).isEqualTo(71210.00);
        assertThat(value(exit + "td[data-col='fee']")).isEqualTo(8.0040);
        assertThat(value(exit + "td[data-col='pnl']")).isEqualTo(384.2999);
        assertThat(detail(exit + "td[data-col='pnl']").getText()).isEqualTo("+384.2999");
        assertThat(driver.findElement(By.id("trade-detail-summary")).getText()).contains("realized P&L +384.2999");
        screenshot("trade-explain.png");

        // closed again with its button
        driver.findElement(By.id("trade-detail-close")).click();
        assertThat(driver.findElement(By.id("trade-detail")).isDisplayed()).isFalse();

        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        // 404s of the live page's "nothing yet" (e.g. no latest prediction in Redis) are logged as failed resources
        assertThat(console).as("browser console errors")
                .filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filteredOn(e -> !e.getMessage().matches(".*/api/v1/\\S* - Failed to load resource: the server responded"
                        + " with a status of 404 .*"))
                .isEmpty();
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
}
