package dev.sextant.e2e.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard ({@code api-gateway}'s {@code /}) in a headless Debian Chromium, driven by the
 * system chromedriver (never Selenium Manager, which would try to download one). Element ids are
 * those of {@code api-gateway/src/main/resources/META-INF/resources/index.html}.
 */
public final class DashboardPage implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriverService service;
    private final WebDriver driver;
    private final WebDriverWait wait;

    private DashboardPage(String baseUrl, Duration timeout) {
        try {
            profile = Files.createTempDirectory("sextant-e2e-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, timeout, Duration.ofMillis(250));
        driver.get(baseUrl + "/");
    }

    /** Opens the dashboard at {@code baseUrl}; {@code timeout} bounds every wait of this page object. */
    public static DashboardPage open(String baseUrl, Duration timeout) {
        return new DashboardPage(baseUrl, timeout);
    }

    /** Waits until the chart container holds a canvas (Lightweight Charts drew) and returns how many. */
    public int awaitChartCanvas() {
        return wait.until(d -> {
            int canvases = d.findElements(By.cssSelector("#chart canvas")).size();
            return canvases > 0 ? canvases : null;
        });
    }

    /** Waits until the "waiting for candles…" note is hidden: the chart has candles. */
    public void awaitChartData() {
        wait.until(d -> !d.findElement(By.id("chart-empty")).isDisplayed());
    }

    /** Waits until the trades table has at least one row, and returns the rows' position ids. */
    public List<String> awaitTradeRows() {
        return wait.until(d -> {
            List<String> ids = d.findElements(By.cssSelector("#trades tbody tr")).stream()
                    .map(row -> row.getDomAttribute("data-position-id")).toList();
            return ids.isEmpty() ? null : ids;
        });
    }

    /** The visible cells of the trade row of {@code positionId}. */
    public List<String> tradeRowCells(String positionId) {
        return driver.findElement(By.cssSelector("#trades tbody tr[data-position-id='" + positionId + "']"))
                .findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    /** The bot state shown (data-state of #bot-status), e.g. RUNNING. */
    public String botState() {
        return driver.findElement(By.id("bot-status")).getDomAttribute("data-state");
    }

    /** Waits until the bot state shown is {@code state}. */
    public void awaitBotState(String state) {
        wait.until(d -> state.equals(botState()));
    }

    public boolean pauseEnabled() {
        return driver.findElement(By.id("btn-pause")).isEnabled();
    }

    /** Clicks Pause. */
    public void clickPause() {
        wait.until(d -> pauseEnabled());
        driver.findElement(By.id("btn-pause")).click();
    }

    /** Text of the control message line under the buttons. */
    public String controlMessage() {
        return driver.findElement(By.id("control-message")).getText();
    }

    /** The WebSocket indicator's state (connecting, open, closed). */
    public String socketState() {
        return driver.findElement(By.id("ws-status")).getDomAttribute("data-state");
    }

    public void awaitSocketOpen() {
        wait.until(d -> "open".equals(socketState()));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp profile is harmless
            }
        }
    }
}
