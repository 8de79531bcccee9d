package io.omniiml.app.serve;

import io.omniiml.api.ImageAnalyzer;
import io.omniiml.pipeline.Detectors;
import io.omniiml.pipeline.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The web page in a real headless Chromium: upload through the page, wait for the result, check what is shown. */
class WebPageTest {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void uploadShowsScoreOverlayAndExplanation(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM), "Debian chromium and chromium-driver");
        try (ImageAnalyzer analyzer = Detectors.create("ela", null);
             AnalysisServer server = AnalysisServer.builder().setAnalyzer(analyzer).optPort(0).build().start()) {
            ChromeDriver driver = driver(tmp);
            try {
                driver.get("http://127.0.0.1:" + server.port() + "/");
                WebElement input = driver.findElement(By.id("file"));
                ((JavascriptExecutor) driver).executeScript("arguments[0].style.display='block'", input);
                input.sendKeys(TestImages.photo().toRealPath().toString());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
                wait.until(d -> d.findElement(By.id("result")).isDisplayed() && !d.findElement(By.id("score")).getText().equals("-"));
                String score = driver.findElement(By.id("score")).getText();
                double value = Double.parseDouble(score);
                assertTrue(value >= 0 && value <= 1, score);
                String layer = driver.findElement(By.id("layer")).getAttribute("src");
                assertTrue(layer.startsWith("data:image/png;base64,"), "heatmap layer shown");
                assertTrue(driver.findElement(By.id("explanation")).getText().contains("error level"),
                        driver.findElement(By.id("explanation")).getText());
                int tabs = driver.findElements(By.cssSelector("#tabs button")).size();
                assertEquals(4, tabs, "heatmap plus ELA, noise and JPEG tabs");
                long boxes = driver.findElements(By.cssSelector("#boxes rect")).size();
                assertTrue(boxes >= 0);
                assertTrue(driver.findElement(By.id("download-mask")).getAttribute("href").startsWith("data:image/png"));
                // the opacity slider changes the overlay
                ((JavascriptExecutor) driver).executeScript(
                        "const s=document.getElementById('opacity');s.value=20;s.dispatchEvent(new Event('input'));");
                assertEquals("0.2", driver.findElement(By.id("layer")).getCssValue("opacity"));
                File shot = driver.getScreenshotAs(OutputType.FILE);
                Path target = buildFolder().resolve("webpage-screenshot.png");
                Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(target) > 10_000);
            } finally {
                driver.quit();
            }
        }
    }

    /** An image judged untouched: the page shows the verdict, and its regions as weak candidates, not findings. */
    @Test
    void untouchedVerdictShowsWeakCandidates(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM), "Debian chromium and chromium-driver");
        try (ImageAnalyzer ela = Detectors.create("ela", null);
             AnalysisServer server = AnalysisServer.builder().setAnalyzer(VerdictAnalyzer.of(ela, 0.2)).optPort(0).build().start()) {
            ChromeDriver driver = driver(tmp);
            try {
                driver.get("http://127.0.0.1:" + server.port() + "/");
                WebElement input = driver.findElement(By.id("file"));
                ((JavascriptExecutor) driver).executeScript("arguments[0].style.display='block'", input);
                input.sendKeys(TestImages.photo().toRealPath().toString());
                new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("result")).isDisplayed()
                        && !d.findElement(By.id("score")).getText().equals("-"));
                assertEquals("0.200", driver.findElement(By.id("score")).getText());
                assertEquals("Probability of editing", driver.findElement(By.id("score-label")).getText());
                String verdict = driver.findElement(By.id("verdict")).getText();
                assertTrue(verdict.startsWith("no evidence of editing") && verdict.contains("0.60"), verdict);
                assertTrue(driver.findElement(By.id("facts")).getText().contains("weak candidates (not findings)"),
                        driver.findElement(By.id("facts")).getText());
                assertTrue(driver.findElement(By.id("weak-note")).getText().contains("not findings"));
                assertTrue(driver.findElement(By.id("boxes")).getAttribute("class").contains("weak"));
                assertEquals(1, driver.findElements(By.cssSelector("#boxes rect")).size());
            } finally {
                driver.quit();
            }
        }
    }

    private static ChromeDriver driver(Path tmp) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        // A fixed driver executable: Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** This module's build output folder (target-<name>), found from the test classes' location. */
    static Path buildFolder() throws Exception {
        return Path.of(WebPageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
