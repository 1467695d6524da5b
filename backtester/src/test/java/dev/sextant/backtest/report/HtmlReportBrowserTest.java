package dev.sextant.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens report.html from a file:// URL in a headless Debian Chromium driven by the system chromedriver (never
 * Selenium Manager, which would download one) and checks that every chart was drawn, that the page reported no
 * error, and that no request left the page.
 */
class HtmlReportBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ChromeDriverService service;
    private ChromeDriver driver;

    @BeforeEach
    void startChromium() throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            fail(CHROMIUM + " and " + CHROMEDRIVER + " are required by this test; install them with: "
                    + "sudo apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void reportDrawsEveryChartOfflineWithoutErrors() throws IOException {
        BacktestResult result = BacktestFixture.builder().strategy("<script>alert(1)</script>").build();
        Path report = dir.resolve("report.html");
        HtmlReport.write(result, report);
        String url = report.toUri().toString();
        assertThat(url).startsWith("file:");

        driver.get(url);
        JavascriptExecutor js = driver;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                Boolean.TRUE.equals(js.executeScript(
                        "return window.reportReady === true || (window.reportErrors || []).length > 0")));
        assertThat((List<?>) js.executeScript("return window.reportErrors")).as("errors recorded by the page").isEmpty();
        assertThat(js.executeScript("return window.reportReady")).isEqualTo(Boolean.TRUE);
        // the hostile name was shown as text, not run
        assertThat(driver.getTitle()).startsWith("Backtest: <script>alert(1)</script> · BTCUSDT, ETHUSDT 1h");
        assertThat(driver.findElement(By.cssSelector(".strategy-name")).getText()).isEqualTo("<script>alert(1)</script>");

        List<WebElement> containers = driver.findElements(By.cssSelector("[data-chart]"));
        assertThat(containers).extracting(e -> e.getDomAttribute("id"))
                .containsExactly("equity-chart", "drawdown-chart", "price-chart-0", "price-chart-1");
        for (WebElement container : containers) {
            String id = container.getDomAttribute("id");
            // Lightweight Charts lays out its canvases once the container's size is known
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                List<WebElement> canvases = container.findElements(By.tagName("canvas"));
                assertThat(canvases).as("canvases in #" + id).isNotEmpty();
                Dimension largest = canvases.stream().map(WebElement::getSize)
                        .max((a, b) -> Integer.compare(a.width * a.height, b.width * b.height)).orElseThrow();
                assertThat(largest.width).as("width of the plot canvas in #" + id).isGreaterThan(200);
                assertThat(largest.height).as("height of the plot canvas in #" + id).isGreaterThan(100);
            });
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) js.executeScript("return window.reportCharts");
        assertThat(charts).hasSize(4);
        assertThat(charts.get(0)).containsEntry("id", "equity-chart").containsEntry("series", 3L);
        assertThat(charts.get(2)).containsEntry("symbol", "BTCUSDT").containsEntry("bars", 360L).containsEntry("markers", 10L);
        assertThat(charts.get(3)).containsEntry("symbol", "ETHUSDT").containsEntry("markers", 10L);

        List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(console).as("browser console errors").noneMatch(e -> e.getLevel().intValue() >= Level.SEVERE.intValue());

        // every request made since the browser started, as seen by its network layer: only the report file itself
        List<String> requested = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).get("message");
            // skip the browser's own start page (chrome://new-tab-page...), which loads its chrome:// resources
            if ("Network.requestWillBeSent".equals(message.get("method").textValue())
                    && !message.at("/params/documentURL").asText("").startsWith("chrome:")) {
                requested.add(message.at("/params/request/url").textValue());
            }
        }
        assertThat(requested).as("requests seen by the network layer").contains(url)
                .allSatisfy(u -> assertThat(u).matches("(file|data|blob|about):.*"));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; })");
        assertThat(resources).as("resources loaded by the page").allSatisfy(u -> assertThat(u).matches("(file|data|blob):.*"));
    }
}
