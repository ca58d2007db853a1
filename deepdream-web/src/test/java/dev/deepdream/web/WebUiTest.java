package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in headless Debian Chromium: a dream with live previews, cancel, a bad upload.
 * Screenshots go to target/screenshots, or where -Ddeepdream.screenshots says (docs/images).
 */
class WebUiTest {
  @TempDir
  static Path data;

  static WebServer server;
  static WebDriver driver;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    assertThat(Files.isExecutable(chromium) && Files.isExecutable(chromedriver))
        .as("Debian's chromium and chromium-driver must be installed (./run-tests installs them)").isTrue();
    server = new WebServer(WebServer.Settings.defaults(data).withPort(0).withPreviewEvery(1), TestModels.store());
    base = "http://127.0.0.1:" + server.port() + "/";
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toString());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1250",
        "--user-data-dir=" + Files.createTempDirectory(data, "chrome-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  private static void open() {
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty()
        && !d.findElements(By.cssSelector("input.layer")).isEmpty());
  }

  private static void fill(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  private static void screenshot(String name) throws Exception {
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    String dir = System.getProperty("deepdream.screenshots", "target/screenshots");
    Path out = Path.of(dir);
    Files.createDirectories(out);
    Files.write(out.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void uploadDreamWatchPreviewsDownloadAndSeeItInTheGallery() throws Exception {
    open();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/chelsea.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("octaves");
    fill("steps", "4");
    fill("octaves", "-1..0");
    fill("max_dim", "320");
    fill("seed", "7");
    driver.findElement(By.id("start")).click();
    WebElement preview = driver.findElement(By.id("preview"));
    waitUpTo(120).until(d -> Integer.parseInt(preview.getAttribute("data-updates")) >= 2);
    screenshot("web-dreaming.png");
    WebElement download = driver.findElement(By.id("download"));
    waitUpTo(120).until(d -> download.isDisplayed());
    assertThat(driver.findElement(By.id("status")).getText()).startsWith("done");
    assertThat(Integer.parseInt(preview.getAttribute("data-updates"))).isGreaterThanOrEqualTo(2);
    String href = download.getAttribute("href");
    assertThat(href).contains("/api/jobs/").endsWith("/result");
    var result = new Http(server.port()).get(href.substring(href.indexOf("/api/")));
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("image/png");
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#gallery .card[data-status='done'] img")).isEmpty());
    WebElement card = driver.findElement(By.cssSelector("#gallery .card[data-status='done']"));
    assertThat(card.getText()).contains("mode=octaves").contains("steps=4").contains("seed=7");
    screenshot("web-done.png");
    // "Dream again with these settings" fills the form from the card.
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    card.findElement(By.cssSelector("button.again")).click();
    assertThat(driver.findElement(By.id("mode")).getAttribute("value")).isEqualTo("octaves");
    assertThat(driver.findElement(By.id("steps")).getAttribute("value")).isEqualTo("4");
    assertThat(driver.findElement(By.id("from_job")).getAttribute("value")).isEqualTo(card.getAttribute("data-id"));
  }

  @Test
  void cancelARunningDream() throws Exception {
    open();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/coffee.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    fill("steps", "1000");
    fill("max_dim", "160");
    driver.findElement(By.id("start")).click();
    WebElement status = driver.findElement(By.id("status"));
    waitUpTo(60).until(d -> status.getText().startsWith("running"));
    driver.findElement(By.id("cancel")).click();
    waitUpTo(60).until(d -> status.getText().startsWith("cancelled"));
    assertThat(driver.findElement(By.id("download")).isDisplayed()).isFalse();
  }

  @Test
  void aBadUploadShowsTheErrorOnThePage() throws Exception {
    open();
    Path text = Files.writeString(data.resolve("notes.png"), "this is not a picture");
    driver.findElement(By.id("image")).sendKeys(text.toAbsolutePath().toString());
    driver.findElement(By.id("start")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitUpTo(30).until(d -> error.isDisplayed());
    assertThat(error.getText()).contains("not an image");
    screenshot("web-error.png");
  }
}
