package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepdream.support.TestModels;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The Atlas tab in headless Debian Chromium: an atlas drawn on request through the page (a job
 * like the others, with its card in the gallery), then browsed: its channels' pictures load, the
 * search filters, a click enlarges one, and "Dream with this channel" fills the photo form. The
 * form comes from the declarations (ranges, the atlas's defaults). Screenshot: the tab.
 */
@Tag("browser")
class WebAtlasUiTest extends BrowserTest {
  @BeforeAll
  static void start() throws Exception {
    startWith(s -> s);
  }

  private static List<WebElement> figures() {
    return driver.findElements(By.cssSelector("#atlas-grid figure"));
  }

  private static String value(String id) {
    return driver.findElement(By.id(id)).getAttribute("value");
  }

  @Test
  void drawsAnAtlasOnRequestBrowsesItAndDreamsWithAChannel() throws Exception {
    driver.get(base);
    waitUpTo(30).until(d -> !d.findElements(By.cssSelector("#draw-model option")).isEmpty());
    driver.findElement(By.id("kind-atlas")).click();
    assertThat(driver.findElement(By.id("atlas-part")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("drop")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("settings")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("welcome")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("start")).getText()).isEqualTo("Draw atlas");
    // Ranges and defaults as core declares them for an atlas (128 px, 256 steps).
    WebElement size = driver.findElement(By.id("draw-size"));
    assertThat(List.of(size.getAttribute("min"), size.getAttribute("max"), size.getAttribute("placeholder")))
        .containsExactly("32", "2048", "128");
    assertThat(driver.findElement(By.id("draw-steps")).getAttribute("placeholder")).isEqualTo("256");

    new Select(driver.findElement(By.id("draw-model"))).selectByValue(TestModels.INCEPTION);
    fill("draw-atlas", "first-look");
    fill("draw-layers", "mixed3");
    fill("draw-channels", "1..2"); // mixed3:0 of this copy barely moves from grey
    fill("draw-size", "96");
    fill("draw-steps", "32"); // a few seconds, enough for the pictures to show something
    fill("draw-seed", "3");
    driver.findElement(By.id("start")).click();
    WebElement status = driver.findElement(By.id("status"));
    waitUpTo(300).until(d -> status.getText().startsWith("done") || status.getText().startsWith("failed"));
    assertThat(status.getText()).startsWith("done");
    assertThat(driver.findElement(By.id("batch-info")).getText()).isEqualTo("2/2 channels, 0 failed");

    // The atlas is shown: both channels' pictures load.
    waitUpTo(30).until(d -> figures().size() == 2);
    assertThat(new Select(driver.findElement(By.id("atlas-pick"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("first-look");
    waitUpTo(30).until(d -> Boolean.TRUE.equals(js("return [...document.querySelectorAll('#atlas-grid img')]"
        + ".every(i => i.complete && i.naturalWidth > 0)")));
    assertThat(driver.findElement(By.id("atlas-layers")).getText()).contains("mixed3 2/768");
    screenshot("web-atlas.png");

    // The search: a channel, a number, a layer.
    fill("atlas-search", "mixed3:2");
    assertThat(figures()).extracting(WebElement::getText).containsExactly("mixed3:2");
    fill("atlas-search", "1");
    assertThat(figures()).extracting(WebElement::getText).containsExactly("mixed3:1");
    fill("atlas-search", "mixed4");
    assertThat(figures()).isEmpty();
    fill("atlas-search", "mixed3");
    assertThat(figures()).hasSize(2);

    // A click enlarges a channel with its objective; the arrows step.
    figures().get(0).click();
    WebElement zoom = driver.findElement(By.id("atlas-zoom"));
    waitUpTo(10).until(d -> zoom.isDisplayed());
    assertThat(value("atlas-objective")).isEqualTo("mixed3:1");
    driver.findElement(By.id("atlas-next")).click();
    assertThat(value("atlas-objective")).isEqualTo("mixed3:2");
    assertThat(driver.findElement(By.id("atlas-command")).getText()).contains("--objective \"mixed3:2\" --seed");
    waitUpTo(10).until(d -> ((Number) js("return document.getElementById('atlas-big').naturalWidth")).intValue() > 0);
    driver.findElement(By.id("atlas-copy")).click();

    // "Dream with this channel": the Photo tab, its objective and the atlas's model, no layers.
    driver.findElement(By.id("atlas-dream")).click();
    assertThat(zoom.isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("kind-photo")).getAttribute("aria-selected")).isEqualTo("true");
    assertThat(driver.findElement(By.id("drop")).isDisplayed()).isTrue();
    assertThat(value("objective")).isEqualTo("mixed3:2");
    assertThat(value("model")).isEqualTo(TestModels.INCEPTION);
    assertThat(value("layers")).isEmpty();

    // Its card in the gallery: a thumbnail (the first channel), what it drew; "Draw again" fills the atlas form.
    loadGalleryAgain();
    By thumb = By.cssSelector("#gallery .card[data-kind='atlas'] .thumb img");
    waitUpTo(30).until(d -> !d.findElements(thumb).isEmpty());
    WebElement img = driver.findElement(thumb);
    js("arguments[0].scrollIntoView()", img);
    waitUpTo(30).until(d -> ((Number) js("return arguments[0].naturalWidth", img)).intValue() > 0);
    WebElement card = driver.findElement(By.cssSelector("#gallery .card[data-kind='atlas']"));
    assertThat(card.getText()).contains("Atlas").contains("mixed3").contains("2 channels").contains("96 px");
    js("document.getElementById('draw-seed').value = ''"); // so the record fills it again
    card.findElement(By.cssSelector("button.again")).click();
    assertThat(driver.findElement(By.id("kind-atlas")).getAttribute("aria-selected")).isEqualTo("true");
    assertThat(List.of(value("draw-layers"), value("draw-channels"), value("draw-seed"))).containsExactly("mixed3",
        "1..2", "3");

    List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage)
        // A job's card asks for its thumbnail before the job has a picture (the card shows a tile then).
        .filter(m -> !(m.contains("/thumbnail") && m.contains("404"))).toList();
    assertThat(errors).as("the console").isEmpty();
  }

  /** The gallery as it is now (the page reloads it when a job ends; this waits for nothing). */
  private static void loadGalleryAgain() {
    js("loadGallery()");
  }
}
