package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.QueueLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in headless Debian Chromium: a dream with live previews, cancel, a bad upload.
 * Screenshots go to target/screenshots, or where -Ddeepdream.screenshots says (docs/images).
 */
@Tag("browser")
class WebUiTest extends BrowserTest {
  @BeforeAll
  static void start() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    startWith(s -> s.withQueue(new QueueLimits(q.capacity(), q.maxCompute(), q.maxDataBytes(), 1)));
  }

  private static void open() {
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty()
        && !d.findElements(By.cssSelector("input.layer")).isEmpty());
  }

  @Test
  void uploadDreamWatchPreviewsDownloadAndSeeItInTheGallery() throws Exception {
    open();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/chelsea.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("octaves");
    fill("steps", "4");
    moreControls();
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
    // The card says what it was (the settings are behind "details": WebGalleryUiTest).
    assertThat(card.getText()).contains("octaves").contains("320 × 213").doesNotContain("seed");
    // The header shows the engine check behind the dream: the CPU and the plan chosen.
    WebElement engine = driver.findElement(By.cssSelector("#engine summary"));
    waitUpTo(30).until(d -> engine.getText().contains(", plan "));
    assertThat(engine.getText()).startsWith("Engine: PyTorch");
    engine.click();
    assertThat(driver.findElement(By.cssSelector("#engine pre")).getText()).contains("gradient cosine")
        .contains("(the fastest right one)");
    engine.click();
    screenshot("web-done.png");
    // "Dream again with these settings" fills the form from the card.
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    card.findElement(By.cssSelector("button.again")).click();
    assertThat(driver.findElement(By.id("mode")).getAttribute("value")).isEqualTo("octaves");
    assertThat(driver.findElement(By.id("steps")).getAttribute("value")).isEqualTo("4");
    assertThat(driver.findElement(By.id("from_job")).getAttribute("value")).isEqualTo(card.getAttribute("data-id"));
  }

  /** Opens the "More controls" part of the form. */
  private static void moreControls() {
    WebElement more = driver.findElement(By.id("more"));
    if (more.getAttribute("open") == null) {
      more.findElement(By.tagName("summary")).click();
    }
  }

  /** The page's setting controls are made from GET /api/params: one per declaration, with its range. */
  @Test
  void everySettingsControlIsBuiltFromTheDeclarations() {
    open();
    moreControls();
    for (Param p : DreamParams.ALL) {
      WebElement e = driver.findElement(By.id(p.name()));
      assertThat(e.getAttribute("name")).as(p.name()).isEqualTo(p.name());
      assertThat(e.getAttribute("title")).as(p.name()).contains(p.help()).contains("default: " + p.defaultText());
      switch (p.kind()) {
        case CHOICE -> assertThat(new Select(e).getOptions().stream().map(o -> o.getAttribute("value")).toList())
            .as(p.name()).isEqualTo(Stream.concat(Stream.of(""), p.choices().stream()).toList());
        case IMAGE -> assertThat(e.getAttribute("type")).as(p.name()).isEqualTo("file");
        case FLAG -> assertThat(e.getAttribute("type")).as(p.name()).isEqualTo("checkbox");
        case INTEGER, NUMBER -> {
          if (p.range() != null) {
            assertThat(e.getAttribute("type")).as(p.name()).isEqualTo("number");
            assertThat(Double.parseDouble(e.getAttribute("min"))).as(p.name()).isEqualTo(p.range().min());
            assertThat(Double.parseDouble(e.getAttribute("max"))).as(p.name()).isEqualTo(p.range().max());
          }
        }
        default -> assertThat(e.getTagName()).as(p.name()).isIn("input", "select");
      }
    }
    // Nothing else is hard-coded: every named control is a setting, the photo or from_job.
    List<String> allowed = Stream.concat(DreamParams.ALL.stream().map(Param::name), Stream.of("image", "from_job"))
        .toList();
    assertThat(driver.findElements(By.cssSelector("#dream-form [name]")).stream().map(e -> e.getAttribute("name")))
        .allMatch(allowed::contains);
    // The layer boxes feed the layers field.
    WebElement mixed4 = driver.findElement(By.cssSelector("input.layer[value='mixed4']"));
    mixed4.click();
    assertThat(driver.findElement(By.id("layers")).getAttribute("value")).isEqualTo("mixed4");
    fill("layers", "mixed2=1.5,mixed4");
    assertThat(driver.findElement(By.cssSelector("input.layer[value='mixed2']")).isSelected()).isTrue();
    mixed4.click();
    assertThat(driver.findElement(By.id("layers")).getAttribute("value")).isEqualTo("mixed2=1.5");
  }

  /**
   * A guide, two masks (the second with its own objective) and a ticked flag chosen on the page
   * reach the job's record; "Dream again" ticks the flag again.
   */
  @Test
  void guideMasksAndAFlagFromThePageReachTheRecord() throws Exception {
    open();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/chelsea.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    fill("steps", "1");
    fill("max_dim", "100");
    moreControls();
    driver.findElement(By.id("guide")).sendKeys(Path.of("examples/rocket.jpg").toAbsolutePath().toString());
    driver.findElement(By.id("mask")).sendKeys(Path.of("examples/coffee.png").toAbsolutePath().toString());
    driver.findElement(By.cssSelector(".pictures[data-param='mask'] button.add")).click();
    driver.findElement(By.id("mask-1")).sendKeys(Path.of("examples/chelsea.png").toAbsolutePath().toString());
    fill("mask-objective-1", "mixed2");
    WebElement keepColors = driver.findElement(By.id("keep_colors"));
    assertThat(keepColors.isSelected()).isFalse();
    keepColors.click();
    driver.findElement(By.id("start")).click();
    WebElement status = driver.findElement(By.id("status"));
    waitUpTo(120).until(d -> status.getText().startsWith("done") || driver.findElement(By.id("error")).isDisplayed());
    assertThat(status.getText()).startsWith("done");
    var jobs = new Http(server.port()).get("/api/jobs").json().getAsJsonArray();
    var params = jobs.get(0).getAsJsonObject().getAsJsonObject("params");
    assertThat(params.get("guide").getAsString()).startsWith("sha256:");
    String[] masks = params.get("mask").getAsString().split("\n");
    assertThat(masks).hasSize(2);
    assertThat(masks[0]).startsWith("sha256:").doesNotContain("=");
    assertThat(masks[1]).startsWith("sha256:").endsWith("=mixed2");
    assertThat(params.get("keep_colors").getAsString()).isEqualTo("true");
    String id = jobs.get(0).getAsJsonObject().get("id").getAsString();
    By again = By.cssSelector("#gallery .card[data-id='" + id + "'] button.again");
    waitUpTo(30).until(d -> !d.findElements(again).isEmpty());
    keepColors.click();
    assertThat(keepColors.isSelected()).isFalse();
    driver.findElement(again).click();
    assertThat(driver.findElement(By.id("keep_colors")).isSelected()).isTrue();
  }

  @Test
  void cancelARunningDream() throws Exception {
    open();
    driver.findElement(By.id("image")).sendKeys(Path.of("examples/coffee.png").toAbsolutePath().toString());
    new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
    fill("steps", "10000");
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

  /**
   * A server with a token: the printed link sets the cookie and leads to the page, whose API calls
   * (fetch and the event stream) then pass; nothing the page does breaks its Content-Security-Policy.
   */
  @Test
  void withATokenThePrintedLinkOpensAWorkingPage() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    try (WebServer guarded = new WebServer(ServerSettings.defaults(data.resolve("guarded"))
        .withListen(new Listen("127.0.0.1", 0, List.of(), "ui-test-token-0123456789"))
        .withQueue(new QueueLimits(q.capacity(), q.maxCompute(), q.maxDataBytes(), 1)), TestModels.store())) {
      driver.get(guarded.url());
      waitUpTo(30).until(d -> d.getCurrentUrl().equals("http://127.0.0.1:" + guarded.port() + "/")
          && !d.findElements(By.cssSelector("#model option")).isEmpty());
      driver.findElement(By.id("image")).sendKeys(Path.of("examples/chelsea.png").toAbsolutePath().toString());
      new Select(driver.findElement(By.id("mode"))).selectByValue("simple");
      fill("steps", "2");
      fill("max_dim", "100");
      driver.findElement(By.id("start")).click();
      WebElement status = driver.findElement(By.id("status"));
      waitUpTo(120).until(d -> status.getText().startsWith("done") || driver.findElement(By.id("error")).isDisplayed());
      assertThat(status.getText()).startsWith("done");
      assertThat(Integer.parseInt(driver.findElement(By.id("preview")).getAttribute("data-updates")))
          .isGreaterThanOrEqualTo(1);
    }
    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy")).map(m -> m.replaceAll("data:[^']{40,}", "data:..."))
        .toList();
    assertThat(violations).isEmpty();
  }
}
