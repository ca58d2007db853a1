package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static dev.deepdream.web.WebApiTest.photo;
import static dev.deepdream.web.WebApiTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.ImageRef;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.Param;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.QueueLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings through the web API, against the codec's declarations ({@link DreamParams#ALL}):
 * what {@code /api/params} serves, every setting from a form to the job record and back, the
 * model's own default layers, and the messages for bad values.
 */
@Tag("model")
class WebParamsTest {
  /** Settings that only refine another, and the one they need. */

  @TempDir
  Path data;

  @TempDir
  Path pictures;

  private WebServer server;
  private Http http;

  @BeforeEach
  void start() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    server = new WebServer(ServerSettings.defaults(data).withListen(Listen.loopback(0))
        .withQueue(new QueueLimits(64, q.maxCompute(), q.maxDataBytes(), q.previewEvery())), TestModels.store());
    http = new Http(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theApiServesExactlyTheDeclarations() throws Exception {
    JsonArray served = http.get("/api/params").json().getAsJsonArray();
    List<String> names = new ArrayList<>();
    served.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString()));
    assertThat(names).containsExactlyElementsOf(DreamParams.ALL.stream().map(Param::name).toList());
    for (int i = 0; i < served.size(); i++) {
      JsonObject o = served.get(i).getAsJsonObject();
      Param p = DreamParams.ALL.get(i);
      assertThat(o.get("kind").getAsString()).as(p.name()).isEqualTo(p.kind().name().toLowerCase(Locale.ROOT));
      assertThat(o.get("group").getAsString()).as(p.name()).isEqualTo(p.group());
      assertThat(o.get("help").getAsString()).as(p.name()).isEqualTo(p.help());
      assertThat(o.get("default").getAsString()).as(p.name()).isEqualTo(p.defaultText());
      assertThat(o.get("repeatable").getAsBoolean()).as(p.name()).isEqualTo(p.repeatable());
      assertThat(o.get("objective_per_picture").getAsBoolean()).as(p.name()).isEqualTo(p.objectivePerPicture());
      assertThat(o.get("requires").isJsonNull() ? null : o.get("requires").getAsString()).as(p.name())
          .isEqualTo(p.requires());
      List<String> choices = new ArrayList<>();
      o.getAsJsonArray("choices").forEach(c -> choices.add(c.getAsString()));
      assertThat(choices).as(p.name()).isEqualTo(p.choices());
      if (p.range() == null) {
        assertThat(o.has("min") || o.has("max")).as(p.name()).isFalse();
      } else {
        assertThat(o.get("min").getAsDouble()).as(p.name()).isEqualTo(p.range().min());
        assertThat(o.get("max").getAsDouble()).as(p.name()).isEqualTo(p.range().max());
        assertThat(o.get("integer").getAsBoolean()).as(p.name()).isEqualTo(p.range().integer());
      }
    }
  }

  /**
   * For every declared setting, a form holding its example gives a job whose record decodes to
   * the settings the codec makes of the same text: a setting added to the codec works on the web
   * or fails here.
   */
  @Test
  void everySettingGoesFromTheWebFormToTheSameSettings() throws Exception {
    String blocker = holdTheQueue();
    for (Param p : DreamParams.ALL) {
      List<Param> given = new ArrayList<>();
      if (p.requires() != null) {
        given.add(DreamParams.get(p.requires()));
      }
      given.add(p);
      DreamConfig web = viaTheWeb(given);
      DreamConfig direct = SettingsCodec.decode(asText(given), ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
      assertThat(web).as(p.name() + " from the web form").isEqualTo(direct);
      // And the value mattered: without it the settings differ (the web did not drop it).
      DreamConfig without = SettingsCodec.decode(asText(given.subList(0, given.size() - 1)),
          ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
      assertThat(web).as(p.name() + " changes the settings").isNotEqualTo(without);
    }
    release(blocker);
  }

  @Test
  void masksPairWithTheirObjectivesInOrder() throws Exception {
    String blocker = holdTheQueue();
    byte[] a = picture(1);
    byte[] b = picture(2);
    // The first mask has no objective: its blank text value holds its place.
    Http.Response r = http.postForm(List.of(Http.Part.file("image", photo()), Http.Part.file("mask", a),
        Http.Part.text("mask", ""), Http.Part.file("mask", b), Http.Part.text("mask", "mixed2")), null);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.json().getAsJsonObject().get("id").getAsString();
    String[] masks = http.get("/api/jobs/" + id).json().getAsJsonObject().getAsJsonObject("params").get("mask")
        .getAsString().split("\n");
    assertThat(masks).hasSize(2);
    assertThat(masks[0]).startsWith(ref(a)).doesNotContain("=");
    assertThat(masks[1]).startsWith(ref(b)).endsWith("=mixed2");
    assertThat(http.post("/api/jobs/" + id + "/cancel").status()).isEqualTo(202);
    release(blocker);
  }

  @Test
  void aMobileNetJobWithNoLayersUsesThatModelsDefaults() throws Exception {
    Http.Response r = http.postJob(Map.of("model", "mobilenet_v2", "mode", "simple", "steps", "1", "max_dim", "96",
        "seed", "1"), photo(), "a.png");
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.json().getAsJsonObject().get("id").getAsString();
    assertThat(waitFor(http, id, "done", "failed")).as(http.get("/api/jobs/" + id).body()).isEqualTo("done");
    Path result = Files.write(pictures.resolve("result.png"), http.get("/api/jobs/" + id + "/result").bytes());
    Map<String, String> text = ImageFiles.readPngText(result);
    assertThat(text).containsEntry("model", "mobilenet_v2").containsEntry("objective", "block_5_add + block_9_add");
  }

  @Test
  void badValuesAre400NamingTheSetting() throws Exception {
    assertError(post(Map.of("steps", "0")), 400, "steps must be between 1 and 10000");
    assertError(post(Map.of("step_size", "5")), 400, "step size must be between");
    assertError(post(Map.of("mode", "simple", "tile_size", "256")), 400, "tile size 256 does nothing in simple mode");
    assertError(post(Map.of("colour", "blue")), 400, "unknown setting 'colour'");
    assertError(post(Map.of("guide_layer", "mixed4")), 400, "guide layer does nothing without guide");
    assertError(post(Map.of("mask", "mixed2")), 400, "mask has 1 text values for 0 pictures");
    assertError(http.postJobWithFiles(Map.of(), Map.of("image", photo(), "sketch", picture(1))), 400,
        "unknown file 'sketch'");
    assertError(http.postForm(List.of(Http.Part.file("image", photo()), Http.Part.text("steps", "3"),
        Http.Part.text("steps", "4")), null), 400, "steps is given 2 times");
    // Every number setting's range, checked with the declaration's words.
    for (Param p : DreamParams.ALL) {
      if (p.range() == null || !(p.kind() == Param.Kind.INTEGER || p.kind() == Param.Kind.NUMBER)) {
        continue;
      }
      Map<String, String> form = new LinkedHashMap<>();
      double over = p.range().max() + 1;
      form.put(p.name(), p.range().integer() ? Long.toString((long) over) : Double.toString(over));
      List<Http.Part> parts = new ArrayList<>(List.of(Http.Part.file("image", photo())));
      if (p.requires() != null) {
        parts.add(Http.Part.file(p.requires(), picture(1)));
      }
      form.forEach((k, v) -> parts.add(Http.Part.text(k, v)));
      assertError(http.postForm(parts, null), 400, p.range().what() + " must be between");
    }
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();
  }

  // ---- helpers ----

  private Http.Response post(Map<String, String> fields) throws Exception {
    return http.postJob(fields, photo(), "a.png");
  }

  /** A long job that keeps the runner busy, so that the jobs posted after it stay queued. */
  private String holdTheQueue() throws Exception {
    String id = post(Map.of("mode", "simple", "steps", "10000", "max_dim", "100")).json().getAsJsonObject()
        .get("id").getAsString();
    waitFor(http, id, "running");
    return id;
  }

  private void release(String blocker) throws Exception {
    assertThat(http.post("/api/jobs/" + blocker + "/cancel").status()).isEqualTo(202);
    waitFor(http, blocker, "cancelled");
  }

  /** Posts the settings' examples as the page would, and decodes the job's record over its stored pictures. */
  private DreamConfig viaTheWeb(List<Param> given) throws Exception {
    List<Http.Part> parts = new ArrayList<>(List.of(Http.Part.file("image", photo())));
    for (Param q : given) {
      String example = q.example();
      if (example.contains("{image}")) {
        parts.add(Http.Part.file(q.name(), picture(q.name())));
        String rest = example.replace("{image}", "").replaceFirst("^=", "");
        if (!rest.isEmpty()) {
          parts.add(Http.Part.text(q.name(), rest)); // a mask's objective
        }
      } else {
        parts.add(Http.Part.text(q.name(), example));
      }
    }
    Http.Response r = http.postForm(parts, null);
    assertThat(r.status()).as(given + ": " + r.body()).isEqualTo(202);
    String id = r.json().getAsJsonObject().get("id").getAsString();
    JsonObject job = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(http.post("/api/jobs/" + id + "/cancel").status()).isEqualTo(202);
    assertThat(waitFor(http, id, "cancelled", "done", "failed")).isEqualTo("cancelled");
    Map<String, String> record = new LinkedHashMap<>();
    job.getAsJsonObject("params").entrySet().forEach(e -> record.put(e.getKey(), e.getValue().getAsString()));
    Map<String, ImageRef> stored = new LinkedHashMap<>();
    for (JsonElement file : job.getAsJsonArray("images")) {
      ImageRef ref = ImageRef.read(data.resolve("jobs").resolve(id).resolve(file.getAsString()),
          ImageFiles.DEFAULT_MAX_PIXELS);
      stored.put(ref.sha256(), ref);
    }
    return SettingsCodec.decode(SettingsCodec.fromRecord(record), ImageSource.byHash(stored));
  }

  /** The same examples as the CLI gives them: pictures as file paths. */
  private Map<String, List<String>> asText(List<Param> given) throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Param q : given) {
      Path file = pictures.resolve(q.name() + ".png");
      Files.write(file, picture(q.name()));
      out.put(q.name(), List.of(q.example().replace("{image}", file.toString())));
    }
    return out;
  }

  private static byte[] picture(String name) throws Exception {
    return picture(name.hashCode());
  }

  /** A small PNG, different for each seed. */
  private static byte[] picture(int seed) throws Exception {
    BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        img.setRGB(x, y, ((x * 4 + seed) & 0xff) << 16 | (y * 5) << 8 | ((x + y + seed) & 0xff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String ref(byte[] bytes) throws Exception {
    return ImageRef.of(bytes, "x", ImageFiles.DEFAULT_MAX_PIXELS).hashText();
  }
}
