package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The page as a new user meets it in headless Debian Chromium: reloaded mid-dream, it finds the job
 * again with its preview and progress; the gallery's cards have a thumbnail for every kind of job
 * and say what it was at a glance, with the settings behind "details". Screenshots: the page
 * reattached, the gallery, a job's details.
 */
@Tag("browser")
class WebGalleryUiTest extends BrowserTest {
  @BeforeAll
  static void start() throws Exception {
    startWith(s -> s); // the served defaults: a preview every 5 steps
  }

  private static void open(String url) {
    driver.get(url);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
  }

  @Test
  void reloadingMidDreamFindsTheJobAgainWithItsPreviewAndProgress() throws Exception {
    open(base);
    assertThat(driver.findElement(By.id("welcome")).isDisplayed()).isTrue();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/coffee.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    fill("steps", "10000");
    fill("max_dim", "200");
    driver.findElement(By.id("start")).click();
    WebElement status = driver.findElement(By.id("status"));
    waitUpTo(60).until(d -> status.getText().startsWith("running octave"));
    String url = driver.getCurrentUrl();
    assertThat(url).contains("#job=");
    String id = url.substring(url.indexOf("#job=") + 5);

    driver.navigate().refresh();
    // The same job, its latest preview at once (replayed), its progress and its cancel button.
    WebElement preview = driver.findElement(By.id("preview"));
    waitUpTo(30).until(d -> String.valueOf(preview.getAttribute("src")).startsWith("data:image/jpeg"));
    assertThat(driver.findElement(By.id("welcome")).isDisplayed()).isFalse();
    WebElement progress = driver.findElement(By.id("progress"));
    WebElement again = driver.findElement(By.id("status"));
    waitUpTo(60).until(d -> again.getText().startsWith("running octave")
        && Double.parseDouble(progress.getAttribute("value")) > 0);
    assertThat(driver.findElement(By.id("job-title")).getText()).startsWith("photo · ");
    assertThat(driver.findElement(By.id("cancel")).isEnabled()).isTrue();
    assertThat(driver.getCurrentUrl()).endsWith("#job=" + id);
    int before = Integer.parseInt(preview.getAttribute("data-updates"));
    waitUpTo(60).until(d -> Integer.parseInt(preview.getAttribute("data-updates")) > before); // and it goes on
    screenshot("web-reattached.png");

    // A new page, without the job in its address, finds the running job too.
    open(base);
    waitUpTo(30).until(d -> d.getCurrentUrl().endsWith("#job=" + id));
    WebElement fresh = driver.findElement(By.id("status"));
    waitUpTo(60).until(d -> fresh.getText().startsWith("running"));
    driver.findElement(By.id("cancel")).click();
    waitUpTo(60).until(d -> fresh.getText().startsWith("cancelled"));
  }

  @Test
  void everyKindOfJobHasAThumbnailACardToReadAtAGlanceAndItsDetails() throws Exception {
    Http http = new Http(server.port());
    String photo = id(http.postJob(Map.of("model", TestModels.INCEPTION, "mode", "simple", "steps", "2",
        "max_dim", "160", "seed", "2"), Files.readAllBytes(Path.of("examples/rocket.jpg")), "rocket.jpg"));
    String batch = id(WebBatchTest.postBatch(http, WebBatchTest.TINY, WebBatchTest.testZip()));
    String video = id(WebVideoTest.postVideo(http, WebVideoTest.with(WebVideoTest.TINY, "seed", "7"),
        Files.readAllBytes(WebVideoTest.clip(data, "gallery-clip", 0.4, false))));
    for (String id : List.of(photo, batch, video)) {
      assertThat(WebApiTest.waitFor(http, id, "done", "failed", "cancelled")).isEqualTo("done");
    }

    open(base);
    for (String id : List.of(photo, batch, video)) {
      By thumb = By.cssSelector("#gallery .card[data-id='" + id + "'] .thumb img");
      waitUpTo(30).until(d -> !d.findElements(thumb).isEmpty());
      WebElement img = driver.findElement(thumb);
      js("arguments[0].scrollIntoView()", img);
      waitUpTo(30).until(d -> ((Number) js("return arguments[0].naturalWidth", img)).intValue() > 0);
      WebElement card = driver.findElement(By.cssSelector("#gallery .card[data-id='" + id + "']"));
      // What it was at a glance; no settings text (no "seed=2, seed=2").
      assertThat(card.getText()).doesNotContain("=").doesNotContain("seed").contains("mixed3 + mixed5");
      // One shape of thumbnail for every kind, so the cards line up.
      assertThat(driver.findElement(By.cssSelector("#gallery .card[data-id='" + id + "'] .thumb")).getSize())
          .isEqualTo(driver.findElement(By.cssSelector("#gallery .card[data-id='" + photo + "'] .thumb")).getSize());
    }
    WebElement photoCard = driver.findElement(By.cssSelector("#gallery .card[data-id='" + photo + "']"));
    assertThat(photoCard.getText()).contains("Photo").contains("160 × 107").contains("simple");
    assertThat(driver.findElement(By.cssSelector("#gallery .card[data-id='" + batch + "']")).getText())
        .contains("Batch").contains("3 pictures, 1 failed");
    assertThat(driver.findElement(By.cssSelector("#gallery .card[data-id='" + video + "']")).getText())
        .contains("Video").contains("frames");
    WebElement gallery = driver.findElement(By.id("gallery-section"));
    js("arguments[0].scrollIntoView()", gallery);
    screenshot(gallery, "web-gallery.png");

    // Details: every setting of the record once, the facts, and "Dream again" from the record.
    photoCard.findElement(By.cssSelector("a.details")).click();
    WebElement dialog = driver.findElement(By.id("details"));
    waitUpTo(10).until(d -> dialog.isDisplayed() && !d.findElements(By.cssSelector("#details-settings tr")).isEmpty());
    assertThat(setting("seed")).containsExactly("2");
    assertThat(setting("mode")).containsExactly("simple");
    assertThat(setting("steps")).containsExactly("2");
    assertThat(driver.findElement(By.id("details-facts")).getText()).contains("160 × 107").contains("mixed3 + mixed5");
    screenshot("web-details.png");
    dialog.findElement(By.cssSelector("button.again")).click();
    assertThat(dialog.isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("from_job")).getAttribute("value")).isEqualTo(photo);
    assertThat(driver.findElement(By.id("seed")).getAttribute("value")).isEqualTo("2");

    // A finished batch's details show its dreams side by side.
    WebElement batchCard = driver.findElement(By.cssSelector("#gallery .card[data-id='" + batch + "']"));
    js("arguments[0].scrollIntoView()", batchCard);
    batchCard.findElement(By.cssSelector("a.details")).click();
    waitUpTo(10).until(d -> d.findElements(By.cssSelector("#details-media .sheet-picture img")).size() == 2);
    driver.findElement(By.id("details-close")).click();
    assertThat(dialog.isDisplayed()).isFalse();

    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy")).toList();
    assertThat(violations).isEmpty();
  }

  /** The values of the details' row for a setting (one row expected). */
  private static List<String> setting(String name) {
    return driver.findElements(By.cssSelector("#details-settings tr")).stream()
        .filter(r -> r.findElement(By.tagName("th")).getText().equals(name))
        .map(r -> r.findElement(By.tagName("td")).getText()).toList();
  }

  private static String id(Http.Response created) {
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    return created.json().getAsJsonObject().get("id").getAsString();
  }
}
