package org.chelate.server.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven through its chromedriver (both installed by .ci/run), headless, with a fresh profile and
 * nothing that calls out (no sync, no component updates, no background networking). Tests that need it are skipped,
 * saying why, on a machine without them.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");

    private final Path profile;
    final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them): browser test skipped");
    }

    static HeadlessChromium start(int width, int height) throws IOException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("chelate-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return new HeadlessChromium(profile, driver);
    }

    WebDriverWait waitUpTo(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    /** Waits until the page says it has drawn everything (or failed: then the test fails with the page's message). */
    void awaitPage() {
        String state = awaitPageOrError();
        if (!"ready".equals(state)) {
            throw new AssertionError("the page did not load: " + driver.findElement(org.openqa.selenium.By.id("status")).getText());
        }
    }

    /** Waits until the app's page (not a sign-in page) is ready or has failed; answers which. */
    String awaitPageOrError() {
        waitUpTo(Duration.ofSeconds(120)).until(d -> {
            var body = d.findElements(org.openqa.selenium.By.cssSelector("body[data-state]"));
            return !body.isEmpty() && !"loading".equals(body.get(0).getDomAttribute("data-state"));
        });
        return driver.findElement(org.openqa.selenium.By.tagName("body")).getDomAttribute("data-state");
    }

    /** A screenshot of the whole page (the window is resized to the page's height first). */
    Path screenshot(String name) throws IOException {
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        org.openqa.selenium.Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.getWidth(),
                Math.min(8000, height.intValue() + 40)));
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(size);
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
