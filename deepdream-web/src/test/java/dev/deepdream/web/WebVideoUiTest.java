package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.support.TestModels;
import dev.deepdream.video.VideoParams;
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
 * A video dream on the page in headless Debian Chromium: the Video tab, its settings built from
 * GET /api/video-params, a clip uploaded, the frame counter and the latest frame as it dreams, and
 * the MP4 in a video element at the end.
 */
@Tag("browser")
class WebVideoUiTest extends BrowserTest {
  @BeforeAll
  static void start() throws Exception {
    startWith(s -> s);
  }

  @Test
  void uploadAClipWatchItsFramesAndEndWithTheMp4InAVideoElement() throws Exception {
    Path clip = WebVideoTest.clip(data, "clip", 0.6, true);
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty()
        && !d.findElements(By.cssSelector("#video-settings select, #video-settings input")).isEmpty());
    assertThat(driver.findElement(By.id("video-drop")).isDisplayed()).isFalse();
    driver.findElement(By.id("kind-video")).click();
    assertThat(driver.findElement(By.id("video-drop")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("drop")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("kind-video")).getAttribute("aria-selected")).isEqualTo("true");
    // Every video setting's control comes from the declarations, with its help and default.
    for (VideoParams.VideoParam p : VideoParams.ALL) {
      WebElement e = driver.findElement(By.id("video-" + p.name()));
      assertThat(e.getAttribute("title")).as(p.name()).contains(p.help()).contains("default: " + p.defaultText());
      assertThat(e.getAttribute("data-param")).isEqualTo(p.name());
    }
    assertThat(new Select(driver.findElement(By.id("video-temporal"))).getOptions().stream()
        .map(o -> o.getAttribute("value")).toList()).containsExactly("", "flow", "blend", "off");
    assertThat(driver.findElement(By.id("video")).getAttribute("accept")).isEqualTo("video/*");
    // With no preset chosen, a video dreams with the server's video preset; the page says so.
    assertThat(new Select(driver.findElement(By.id("preset"))).getOptions().get(0).getText()).contains("video");
    assertThat(driver.findElement(By.id("video-limits")).getText()).contains("600 frames");

    driver.findElement(By.id("video")).sendKeys(clip.toAbsolutePath().toString());
    assertThat(driver.findElement(By.id("video-text")).getText()).isEqualTo("clip.mp4");
    new Select(driver.findElement(By.id("model"))).selectByValue(TestModels.INCEPTION);
    fill("steps", "2");
    WebElement more = driver.findElement(By.id("more"));
    if (more.getAttribute("open") == null) {
      more.findElement(By.tagName("summary")).click();
    }
    fill("seed", "7");
    fill("video-warmup", "1");
    driver.findElement(By.id("start")).click();

    // While it runs: "frame i/n", the time per frame and the ETA, and the latest frame on each frame event.
    WebElement info = driver.findElement(By.id("frame-info"));
    WebElement preview = driver.findElement(By.id("preview"));
    waitUpTo(300).until(d -> info.getText().matches("frame [1-6]/6, \\d+\\.\\d s per frame, ETA \\d+m\\d\\ds"));
    waitUpTo(300).until(d -> Integer.parseInt(preview.getAttribute("data-updates")) >= 2);
    assertThat(preview.getAttribute("src")).contains("/api/jobs/").contains("/frame");
    screenshot("web-video-dreaming.png");

    WebElement video = driver.findElement(By.id("video-result"));
    waitUpTo(300).until(d -> video.isDisplayed() || driver.findElement(By.id("error")).isDisplayed());
    assertThat(driver.findElement(By.id("status")).getText()).startsWith("done");
    assertThat(info.getText()).startsWith("frame 6/6");
    String src = video.getAttribute("src");
    assertThat(src).contains("/api/jobs/").endsWith("/result");
    WebElement download = driver.findElement(By.id("download"));
    assertThat(download.isDisplayed()).isTrue();
    assertThat(download.getText()).isEqualTo("Download MP4");
    assertThat(download.getAttribute("href")).isEqualTo(src);
    // The page's own fetch of the video's source: an MP4 of some size, as an attachment.
    @SuppressWarnings("unchecked")
    List<Object> got = (List<Object>) ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0]).then(async (r) => done([r.status, r.headers.get('content-type'),"
            + " r.headers.get('content-disposition'), (await r.arrayBuffer()).byteLength]))"
            + ".catch((e) => done([0, String(e), '', 0]));", src);
    assertThat(((Number) got.get(0)).intValue()).isEqualTo(200);
    assertThat(got.get(1)).isEqualTo("video/mp4");
    assertThat((String) got.get(2)).startsWith("attachment; filename=\"deepdream-");
    assertThat(((Number) got.get(3)).longValue()).isGreaterThan(1000);
    // The last frame stays in view: a 160x112 PNG.
    waitUpTo(30).until(d -> ((Number) js("return arguments[0].naturalWidth", preview)).intValue() == 160);
    // Where this Chromium plays H.264, the element has loaded the clip's size.
    String canPlay = (String) js("return arguments[0].canPlayType('video/mp4; codecs=\"avc1.64000d, mp4a.40.2\"')",
        video);
    if (!canPlay.isEmpty()) {
      waitUpTo(60).until(d -> ((Number) js("return arguments[0].readyState", video)).intValue() >= 1);
      assertThat(((Number) js("return arguments[0].videoWidth", video)).intValue()).isEqualTo(160);
      assertThat(((Number) js("return arguments[0].videoHeight", video)).intValue()).isEqualTo(112);
    }
    screenshot("web-video-done.png");

    // The gallery shows it as a video, and "Dream again" brings back its clip and settings in the Video tab.
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#gallery .card[data-kind='video'][data-status='done'] img"))
        .isEmpty());
    WebElement card = driver.findElement(By.cssSelector("#gallery .card[data-kind='video']"));
    assertThat(card.getText()).contains("6 frames").contains("160 × 112").doesNotContain("warmup");
    driver.findElement(By.id("kind-photo")).click();
    card.findElement(By.cssSelector("button.again")).click();
    assertThat(driver.findElement(By.id("kind-video")).getAttribute("aria-selected")).isEqualTo("true");
    assertThat(driver.findElement(By.id("from_job")).getAttribute("value")).isEqualTo(card.getAttribute("data-id"));
    assertThat(driver.findElement(By.id("video-warmup")).getAttribute("value")).isEqualTo("1");

    List<String> violations = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy")).toList();
    assertThat(violations).isEmpty();
  }

  @Test
  void aFileThatIsNotAVideoShowsTheServersMessage() throws Exception {
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#video-settings input")).isEmpty());
    driver.findElement(By.id("kind-video")).click();
    Path text = Files.writeString(data.resolve("notes.mp4"), "this is not a video");
    driver.findElement(By.id("video")).sendKeys(text.toAbsolutePath().toString());
    driver.findElement(By.id("start")).click();
    WebElement error = driver.findElement(By.id("error"));
    waitUpTo(60).until(d -> error.isDisplayed());
    assertThat(error.getText()).startsWith("the upload is not a video ffmpeg can read");
  }
}
