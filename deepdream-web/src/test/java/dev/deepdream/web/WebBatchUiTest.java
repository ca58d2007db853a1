package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * A batch on the page in headless Debian Chromium: the Batch (zip) tab, a zip of photos uploaded,
 * "item i/n name" with the ETA as it dreams, the failed picture listed with its error, and the
 * result zip's download link at the end.
 */
@Tag("browser")
class WebBatchUiTest extends BrowserTest {
  @BeforeAll
  static void start() throws Exception {
    startWith(s -> s);
  }

  @Test
  void uploadAZipWatchItsItemsAndGetTheResultZip() throws Exception {
    Path zip = Files.write(data.resolve("photos.zip"), WebBatchTest.testZip());
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty()
        && !driver.findElement(By.id("batch-limits")).getAttribute("textContent").isEmpty());
    assertThat(driver.findElement(By.id("batch-drop")).isDisplayed()).isFalse();
    driver.findElement(By.id("kind-batch")).click();
    assertThat(driver.findElement(By.id("kind-batch")).getText()).isEqualTo("Batch (zip)");
    assertThat(driver.findElement(By.id("kind-batch")).getAttribute("aria-selected")).isEqualTo("true");
    assertThat(driver.findElement(By.id("batch-drop")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("drop")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("video-drop")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("batch-limits")).getText()).contains("200 pictures");

    driver.findElement(By.id("zip")).sendKeys(zip.toAbsolutePath().toString());
    assertThat(driver.findElement(By.id("batch-text")).getText()).isEqualTo("photos.zip");
    new Select(driver.findElement(By.id("model"))).selectByValue(TestModels.INCEPTION);
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    fill("steps", "2");
    WebElement more = driver.findElement(By.id("more"));
    if (more.getAttribute("open") == null) {
      more.findElement(By.tagName("summary")).click();
    }
    fill("max_dim", "96");
    fill("seed", "7");
    // While it runs: "item i/n name", and the ETA once a picture is done. Everything the page shows
    // is kept, so a batch that ends between two polls is still checked (polling once missed it).
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.itemTexts = [];"
        + "new MutationObserver(() => window.itemTexts.push(document.getElementById('batch-info').textContent))"
        + ".observe(document.getElementById('batch-info'), {childList: true, characterData: true, subtree: true});");
    driver.findElement(By.id("start")).click();

    WebElement info = driver.findElement(By.id("batch-info"));
    WebElement download = driver.findElement(By.id("download"));
    waitUpTo(300).until(d -> download.isDisplayed() || driver.findElement(By.id("error")).isDisplayed());
    assertThat(driver.findElement(By.id("status")).getText()).startsWith("done");
    assertThat(info.getText()).isEqualTo("3/3 pictures, 1 failed");
    // Its dreams side by side in place of one blown-up preview, and no loss of the last step.
    waitUpTo(30).until(d -> d.findElements(By.cssSelector("#sheet .sheet-picture img")).size() == 2);
    assertThat(driver.findElement(By.id("preview")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("loss")).getText()).isEmpty();
    @SuppressWarnings("unchecked")
    java.util.List<Object> shown = (java.util.List<Object>) ((org.openqa.selenium.JavascriptExecutor) driver)
        .executeScript("return window.itemTexts;");
    assertThat(shown).as("what the page showed while it ran")
        .anySatisfy(t -> assertThat(String.valueOf(t)).matches("item [1-3]/3 \\S+.*"));
    assertThat(download.getText()).isEqualTo("Download ZIP");
    String href = download.getAttribute("href");
    assertThat(href).contains("/api/jobs/").endsWith("/result");
    // The failed picture, with its error.
    WebElement failures = driver.findElement(By.id("failures"));
    assertThat(failures.isDisplayed()).isTrue();
    List<WebElement> items = driver.findElements(By.cssSelector("#failure-list li"));
    assertThat(items).hasSize(1);
    assertThat(items.get(0).getText()).startsWith("bad.png: ").contains("not an image");
    // The page's own fetch of the link: a zip, as an attachment.
    @SuppressWarnings("unchecked")
    List<Object> got = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then(async (r) => done([r.status, r.headers.get('content-type'),"
            + " r.headers.get('content-disposition'), (await r.arrayBuffer()).byteLength]))"
            + ".catch((e) => done([0, String(e), '', 0]));", href);
    assertThat(((Number) got.get(0)).intValue()).isEqualTo(200);
    assertThat(got.get(1)).isEqualTo("application/zip");
    assertThat((String) got.get(2)).startsWith("attachment; filename=\"deepdream-");
    assertThat(((Number) got.get(3)).longValue()).isGreaterThan(1000);
    screenshot("web-batch-done.png");

    // The gallery shows it as a batch with its download.
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#gallery .card[data-kind='batch'][data-status='done'] a.zip"))
        .isEmpty());
    WebElement card = driver.findElement(By.cssSelector("#gallery .card[data-kind='batch']"));
    assertThat(card.getText()).contains("3 pictures, 1 failed").doesNotContain("steps");

    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy")).toList();
    assertThat(violations).isEmpty();
  }

  @Test
  void aFileThatIsNotAZipShowsTheServersMessage() throws Exception {
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
    driver.findElement(By.id("kind-batch")).click();
    driver.findElement(By.id("start")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitUpTo(10).until(d -> error.isDisplayed());
    assertThat(error.getText()).isEqualTo("Choose a .zip of photos first.");
    Path text = Files.writeString(data.resolve("notes.zip"), "this is not a zip");
    driver.findElement(By.id("zip")).sendKeys(text.toAbsolutePath().toString());
    driver.findElement(By.id("start")).click();
    waitUpTo(60).until(d -> error.getText().startsWith("the upload is not a zip file"));
  }
}
