package dev.deepdream.web;

import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the page tests share: a server on a free port with its own data folder, one headless
 * Chromium ({@link HeadlessChrome}) for the class, and the few ways they drive the page.
 */
abstract class BrowserTest {
  @TempDir
  static Path data;

  static WebServer server;
  static WebDriver driver;
  static String base;

  /** Starts the server with the default settings as {@code change} alters them, and the browser. */
  static void startWith(UnaryOperator<ServerSettings> change) throws Exception {
    server = new WebServer(change.apply(ServerSettings.defaults(data).withListen(Listen.loopback(0))),
        TestModels.store());
    base = "http://127.0.0.1:" + server.port() + "/";
    driver = HeadlessChrome.start(data);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
      driver = null;
    }
    if (server != null) {
      server.close();
      server = null;
    }
  }

  static WebDriverWait waitUpTo(int seconds) {
    return new WebDriverWait(driver, Duration.ofSeconds(seconds));
  }

  /** Types {@code value} into the field {@code id}, replacing what it held. */
  static void fill(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves the page, from its top, as {@code name} in the screenshots folder (target/screenshots). */
  static void screenshot(String name) throws Exception {
    js("window.scrollTo(0, 0)");
    Files.write(screenshots().resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }

  /** Saves one part of the page (scrolled into view) as {@code name} in the screenshots folder. */
  static void screenshot(WebElement part, String name) throws Exception {
    js("arguments[0].scrollIntoView()", part);
    Files.write(screenshots().resolve(name), part.getScreenshotAs(OutputType.BYTES));
  }

  /** The screenshots folder: target/screenshots, or where -Ddeepdream.screenshots says (docs/images). */
  static Path screenshots() throws Exception {
    Path out = Path.of(System.getProperty("deepdream.screenshots", "target/screenshots"));
    Files.createDirectories(out);
    return out;
  }
}
