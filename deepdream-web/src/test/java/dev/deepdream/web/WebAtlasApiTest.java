package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static dev.deepdream.web.WebVideoTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.batch.Manifest;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.support.TestModels;
import dev.deepdream.visualize.AtlasChannel;
import dev.deepdream.visualize.AtlasFolder;
import dev.deepdream.visualize.AtlasPlan;
import dev.deepdream.visualize.VisualizeConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Atlases through the web API: one drawn on request is a job like the others (channel events with
 * an ETA, a thumbnail, no result file of its own), listed and served picture by picture, and a
 * rerun draws only what is missing; bad requests are one-line 400s that queue nothing, and nothing
 * outside an atlas's folder is served.
 */
@Tag("model")
class WebAtlasApiTest extends ApiTest {
  /** Two channels of mixed3, tiny and quick, with a fixed seed. */
  static final Map<String, String> TINY = Map.of("model", TestModels.INCEPTION, "layers", "mixed3", "channels", "0..1",
      "size", "96", "steps", "3", "seed", "5");

  static Http.Response post(Http http, Map<String, String> fields) throws Exception {
    List<Http.Part> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(Http.Part.text(k, v)));
    return http.postForm("/api/atlases", parts, null);
  }

  static Map<String, String> with(Map<String, String> base, String... pairs) {
    Map<String, String> out = new LinkedHashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        out.remove(pairs[i]);
      } else {
        out.put(pairs[i], pairs[i + 1]);
      }
    }
    return out;
  }

  private static JsonObject json(Http.Response r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 299);
    return r.json().getAsJsonObject();
  }

  /** A one-channel atlas of another model's name, written by hand as an atlas run writes one. */
  private static void handMadeAtlas(Path dir) throws Exception {
    AtlasFolder folder = new AtlasFolder(dir);
    AtlasChannel ch = new AtlasChannel("mixed3", 0);
    AtlasPlan plan = new AtlasPlan(VisualizeConfig.atlasBuilder().model("inception_v3").build(), 11, List.of(ch));
    try (Manifest m = folder.manifest()) {
      Files.createDirectories(folder.file(ch).getParent());
      ImageFiles.write(new Picture(64, 64, new int[64 * 64], null), folder.file(ch), plan.settingsFor(ch), 0.9f);
      m.append(AtlasFolder.line(ch, plan.settingsFor(ch), "abc", plan.configFor(ch).seed(), 11, 1, null));
    }
    folder.writeIndex(folder.index("inception_v3", "a test copy", List.of(), null, 11, Map.of("size", "64"),
        Map.of("mixed3", 768)));
  }

  @Test
  void badRequestsAreOneLine400sThatQueueNothingAndNothingOutsideAnAtlasIsServed() throws Exception {
    handMadeAtlas(data.resolve("atlases").resolve("hand"));
    byte[] secret = Files.readAllBytes(data.resolve("atlases/hand/mixed3/0000.png"));
    Files.write(data.resolve("secret.png"), secret);
    Path outside = Files.createDirectories(data.resolve("outside/mixed3"));
    Files.write(outside.resolve("0000.png"), secret);
    Files.createDirectories(data.resolve("atlases/linked"));
    Files.createSymbolicLink(data.resolve("atlases/linked/mixed3"), outside);
    Http http = start(defaults());

    assertError(post(http, with(TINY, "model", "nope")), 400, "unknown model nope");
    assertError(post(http, with(TINY, "model", "../../secret")), 400, "unknown model ../../secret");
    assertError(post(http, with(TINY, "layers", "mixed99")), 400, "unknown layer 'mixed99'");
    assertError(post(http, with(TINY, "layers", null)), 400, "give the layers");
    assertError(post(http, with(TINY, "channels", "0..x")), 400, "'0..x' is not a channel");
    assertError(post(http, with(TINY, "channels", "5000")), 400, "names no channel");
    assertError(post(http, with(TINY, "objective", "mixed3:1")), 400, "unknown atlas setting 'objective'");
    assertError(post(http, with(TINY, "atlas", "../up")), 400, "bad atlas name '../up'");
    assertError(post(http, with(TINY, "size", "8")), 400, "size");
    assertError(post(http, with(TINY, "seed", "abc")), 400, "seed");
    assertError(post(http, with(TINY, "channels", "all", "size", "2048", "steps", "100000")), 400,
        "this atlas needs");
    // An atlas holds one model's channels.
    assertError(post(http, with(TINY, "atlas", "hand")), 400, "atlas hand holds an atlas of model inception_v3");
    for (Http.Response r : List.of(post(http, with(TINY, "model", "nope")), post(http, with(TINY, "foo", "1")))) {
      assertThat(r.body().lines().count()).isEqualTo(1);
      assertThat(r.body()).doesNotContain(data.toString());
    }
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();

    // The hand-made atlas is listed and served; a linked folder's is not, nor any path out of an atlas.
    JsonArray list = http.get("/api/atlases").json().getAsJsonArray();
    assertThat(list).hasSize(1);
    assertThat(list.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("hand");
    assertThat(json(http.get("/api/atlases/hand")).getAsJsonArray("entries")).hasSize(1);
    assertThat(http.get("/api/atlases/hand/mixed3/0000.png").bytes()).isEqualTo(secret);
    assertError(http.get("/api/atlases/nope"), 404, "no atlas nope");
    assertError(http.get("/api/atlases/linked"), 404, "atlas linked has no atlas.json yet");
    assertError(http.get("/api/atlases/hand/mixed3/0001.png"), 404, "no picture mixed3/0001.png");
    assertError(http.get("/api/atlases/linked/mixed3/0000.png"), 404, "no picture");
    assertError(http.get("/api/atlases/hand/mixed3/atlas.json"), 400, "not an atlas picture's path");
    assertError(http.get("/api/atlases/..hand"), 400, "bad atlas name");
    for (String path : List.of("/api/atlases/hand/..%2F..%2F..%2Fsecret.png", "/api/atlases/hand/%2E%2E/0000.png",
        "/api/atlases/hand/../../secret.png", "/api/atlases/%2E%2E/outside/0000.png",
        "/api/atlases/hand/mixed3/..%2F..%2F..%2Fsecret.png")) {
      Http.Response r = http.get(path);
      assertThat(r.status()).as(path + ": " + r.body()).isIn(400, 404);
      assertThat(r.bytes()).as(path).isNotEqualTo(secret);
    }
  }

  @Test
  void anAtlasDrawnOnRequestIsAJobListedAndServedAndARerunDrawsOnlyWhatIsMissing() throws Exception {
    Http http = start(defaults());
    // A slow photo dream holds the queue, so that the stream below sees the atlas from its first channel.
    String blocker = http.postJob(Map.of("mode", "simple", "steps", "10000", "max_dim", "100"), WebApiTest.photo(),
        "a.png").json().getAsJsonObject().get("id").getAsString();
    Map<String, String> request = with(TINY, "atlas", "first-look");
    JsonObject created = json(post(http, request));
    assertThat(created.get("kind").getAsString()).isEqualTo("atlas");
    assertThat(created.get("items").getAsInt()).isEqualTo(2);
    String id = created.get("id").getAsString();

    CountDownLatch subscribed = new CountDownLatch(1);
    CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return http.events(id, Duration.ofSeconds(300), e -> subscribed.countDown());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(http.post("/api/jobs/" + blocker + "/cancel").status()).isEqualTo(202);
    List<String[]> events = stream.get(300, TimeUnit.SECONDS);
    List<JsonObject> items = events.stream().filter(e -> e[0].equals("item"))
        .map(e -> JsonParser.parseString(e[1]).getAsJsonObject()).toList();
    assertThat(items).extracting(i -> i.get("relative").getAsString() + " " + i.get("item").getAsInt() + "/"
        + i.get("items").getAsInt() + " " + i.get("status").getAsString())
        .containsExactly("mixed3:0 1/2 running", "mixed3:0 1/2 done", "mixed3:1 2/2 running", "mixed3:1 2/2 done");
    assertThat(items.get(1).get("eta_ms").getAsLong()).isPositive(); // one channel left, timed by the first
    assertThat(items.get(3).get("eta_ms").getAsLong()).isZero();
    assertThat(events.stream().filter(e -> e[0].equals("preview"))).isNotEmpty();
    assertThat(events.get(events.size() - 1)[1]).contains("\"status\":\"done\"");

    JsonObject job = json(http.get("/api/jobs/" + id));
    assertThat(job.get("items_done").getAsInt()).isEqualTo(2);
    assertThat(job.get("skipped").getAsInt()).isZero();
    assertThat(job.get("seed").getAsString()).isEqualTo("5");
    JsonObject params = job.getAsJsonObject("params");
    assertThat(params.get("atlas").getAsString()).isEqualTo("first-look");
    assertThat(params.get("size").getAsString()).isEqualTo("96");
    assertThat(params.get("param").getAsString()).isEqualTo("fft"); // every setting recorded, the defaults too
    assertThat(http.get("/api/jobs/" + id + "/thumbnail").contentType()).isEqualTo("image/jpeg");
    assertError(http.get("/api/jobs/" + id + "/result"), 409, "is an atlas");
    assertError(http.get("/api/jobs/" + id + "/input"), 409, "is an atlas");

    JsonObject listed = http.get("/api/atlases").json().getAsJsonArray().get(0).getAsJsonObject();
    assertThat(listed.get("name").getAsString()).isEqualTo("first-look");
    assertThat(listed.get("model").getAsString()).isEqualTo(TestModels.INCEPTION);
    assertThat(listed.get("channels").getAsInt()).isEqualTo(2);
    JsonObject atlas = json(http.get(listed.get("url").getAsString()));
    List<String> objectives = new ArrayList<>();
    for (JsonElement e : atlas.getAsJsonArray("entries")) {
      JsonObject entry = e.getAsJsonObject();
      objectives.add(entry.get("objective").getAsString());
      Http.Response picture = http.get("/api/atlases/first-look/" + entry.get("file").getAsString());
      assertThat(picture.contentType()).isEqualTo("image/png");
      assertThat(ImageIO.read(new ByteArrayInputStream(picture.bytes())).getWidth()).isEqualTo(96);
    }
    assertThat(objectives).containsExactly("mixed3:0", "mixed3:1");

    // The same request again draws nothing; one more channel draws that one alone, into the same atlas.
    Path dir = data.resolve("atlases/first-look");
    List<String> manifest = Files.readAllLines(dir.resolve(Manifest.FILE_NAME));
    String again = json(post(http, with(request, "seed", null))).get("id").getAsString();
    assertThat(waitFor(http, again, "done", "failed", "cancelled")).isEqualTo("done");
    JsonObject rerun = json(http.get("/api/jobs/" + again));
    assertThat(rerun.get("skipped").getAsInt()).isEqualTo(2);
    assertThat(rerun.get("seed").getAsString()).as("the atlas's recorded seed").isEqualTo("5");
    assertThat(Files.readAllLines(dir.resolve(Manifest.FILE_NAME))).isEqualTo(manifest);
    String more = json(post(http, with(request, "channels", "0..2"))).get("id").getAsString();
    assertThat(waitFor(http, more, "done", "failed", "cancelled")).isEqualTo("done");
    assertThat(json(http.get("/api/jobs/" + more)).get("skipped").getAsInt()).isEqualTo(2);
    assertThat(Files.readAllLines(dir.resolve(Manifest.FILE_NAME))).hasSize(manifest.size() + 1);
    assertThat(json(http.get("/api/atlases/first-look")).getAsJsonArray("entries")).hasSize(3);
  }
}
