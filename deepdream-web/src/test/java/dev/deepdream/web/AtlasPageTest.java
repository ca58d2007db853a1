package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.batch.Manifest;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.VisualizeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An atlas's index.html (deepdream-core's static page, no server) opened from the file system in
 * headless Chromium: no console errors, every thumbnail shown and loaded, a click enlarges a
 * channel with its objective to copy, the arrows step, the search filters.
 */
@Tag("browser")
class AtlasPageTest {
  @TempDir
  static Path tmp;

  static WebDriver driver;
  static Path dir;

  /** Six channels of two layers, as coloured squares with the metadata an atlas run gives its pictures. */
  @BeforeAll
  static void start() throws Exception {
    dir = tmp.resolve("atlas");
    AtlasFolder folder = new AtlasFolder(dir);
    List<AtlasChannel> channels = List.of(new AtlasChannel("mixed3", 0), new AtlasChannel("mixed3", 1),
        new AtlasChannel("mixed3", 2), new AtlasChannel("mixed3", 3), new AtlasChannel("mixed4", 0),
        new AtlasChannel("mixed4", 97));
    AtlasPlan plan = new AtlasPlan(VisualizeConfig.atlasBuilder().model("inception_v3").build(), 11, channels);
    try (Manifest m = folder.manifest()) {
      for (AtlasChannel ch : channels) {
        int[] rgb = new int[64 * 64];
        java.util.Arrays.fill(rgb, 0x203040 + ch.channel() * 0x101010);
        Map<String, String> text = new LinkedHashMap<>(plan.settingsFor(ch));
        text.put("top_classes", "2:0.7000,0:0.2000,4:0.1000");
        text.put("loss", ch.channel() == 3 ? "0" : "3.25"); // mixed3:3 never fired
        Files.createDirectories(folder.file(ch).getParent());
        ImageFiles.write(new Picture(64, 64, rgb, null), folder.file(ch), text, 0.9f);
        m.append(AtlasFolder.line(ch, plan.settingsFor(ch), "abc", plan.configFor(ch).seed(), 11, 1, null));
      }
    }
    folder.writeIndex(folder.index("inception_v3", "a test copy", List.of("layers up to mixed5 are ImageNet's"),
        "dense_3", 11, Map.of("size", "128"), layers()));
    driver = HeadlessChrome.start(tmp);
    driver.get(dir.resolve(AtlasFolder.PAGE).toUri().toString());
  }

  /** The layers in the model's order (Map.of's order changes from run to run). */
  private static Map<String, Integer> layers() {
    Map<String, Integer> layers = new LinkedHashMap<>();
    layers.put("mixed3", 768);
    layers.put("mixed4", 768);
    return layers;
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  @Test
  void showsEveryChannelEnlargesOneAndSearches() throws Exception {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    // The first layer is shown first; "all layers" shows all six, each loaded from its file.
    assertThat(driver.findElements(By.cssSelector("#grid figure"))).hasSize(4);
    driver.findElement(By.cssSelector("nav button")).click();
    assertThat(driver.findElements(By.cssSelector("#grid figure img"))).hasSize(6);
    wait.until(d -> Boolean.TRUE.equals(js("return [...document.querySelectorAll('#grid img')]"
        + ".every(i => i.complete && i.naturalWidth === 64)")));
    assertThat(driver.findElement(By.id("count")).getText()).isEqualTo("6 shown");

    driver.findElements(By.cssSelector("#grid figure")).get(2).click();
    WebElement zoom = driver.findElement(By.id("zoom"));
    assertThat(zoom.isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("objective")).getAttribute("value")).isEqualTo("mixed3:2");
    assertThat(driver.findElement(By.id("classes")).getText()).contains("class 2: 70.0%");
    assertThat(driver.findElement(By.id("command")).getText()).contains("--objective \"mixed3:2\" --seed");
    driver.findElement(By.id("next")).click();
    assertThat(driver.findElement(By.id("objective")).getAttribute("value")).isEqualTo("mixed3:3");
    // A channel that never fired says so, on its card and enlarged.
    // (#settings sits in a closed <details>, so its text is read as the page holds it.)
    assertThat((String) js("return document.getElementById('settings').textContent"))
        .startsWith("silent: this channel stayed at 0");
    assertThat(driver.findElements(By.cssSelector("#grid figcaption"))).extracting(WebElement::getText)
        .filteredOn(t -> t.contains("silent")).containsExactly("mixed3:3 silent");
    driver.findElement(By.id("copy")).click();
    driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    assertThat(zoom.isDisplayed()).isFalse();

    WebElement search = driver.findElement(By.id("search"));
    search.sendKeys("mixed4:97");
    assertThat(driver.findElements(By.cssSelector("#grid figcaption"))).extracting(WebElement::getText)
        .containsExactly("mixed4:97");
    search.clear();
    search.sendKeys("mixed4");
    assertThat(driver.findElements(By.cssSelector("#grid figure"))).hasSize(2);

    List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
    assertThat(errors).as("the console").isEmpty();
    Path shots = Path.of(System.getProperty("deepdream.screenshots", "target/screenshots"));
    Files.createDirectories(shots);
    Files.write(shots.resolve("atlas-page.png"), ((org.openqa.selenium.TakesScreenshot) driver)
        .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }
}
