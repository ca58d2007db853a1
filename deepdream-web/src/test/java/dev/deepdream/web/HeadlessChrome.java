package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's headless Chromium and chromedriver for the page's tests, the same for every browser test. */
final class HeadlessChrome {
  private HeadlessChrome() {}

  /**
   * Starts a browser with a fresh profile under {@code dir}, keeping its console (so a test can
   * see that the page breaks none of its Content-Security-Policy).
   */
  static WebDriver start(Path dir) throws IOException {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    assertThat(Files.isExecutable(chromium) && Files.isExecutable(chromedriver))
        .as("Debian's chromium and chromium-driver must be installed (./run-tests installs them)").isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toString());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1250",
        "--user-data-dir=" + Files.createTempDirectory(dir, "chrome-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
