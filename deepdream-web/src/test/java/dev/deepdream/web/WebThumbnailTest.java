package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the gallery and a reattached page are shown: each job's thumbnail (its photo while it
 * waits, its dream once done, cached in its folder), a batch's dreams one by one, the first
 * preview after the first step and the latest state replayed to a late subscriber.
 */
@Tag("model")
class WebThumbnailTest extends ApiTest {
  private static final Map<String, String> SLOW = Map.of("mode", "simple", "steps", "10000", "max_dim", "100");

  private static BufferedImage jpeg(Http.Response r) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("image/jpeg");
    return ImageIO.read(new ByteArrayInputStream(r.bytes()));
  }

  private static String id(Http.Response created) {
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    return created.json().getAsJsonObject().get("id").getAsString();
  }

  /** The names of the files in a job's folder. */
  private List<String> files(String id) throws Exception {
    try (Stream<Path> s = Files.list(data.resolve("jobs").resolve(id))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aPhotoJobsThumbnailIsItsPhotoUntilItsDreamIsDoneAndTheFirstPreviewComesAfterTheFirstStep() throws Exception {
    Http http = start(defaults()); // a preview every 5 steps, as served
    String blocker = id(http.postJob(SLOW, WebApiTest.photo(), "slow.png"));
    WebApiTest.waitFor(http, blocker, "running");
    String id = id(http.postJob(Map.of("mode", "simple", "steps", "3", "max_dim", "160", "seed", "2"),
        Files.readAllBytes(Path.of("examples/coffee.png")), "coffee.png"));

    // Waiting: the photo it will dream on, 480 px at most, cached in its folder.
    Http.Response waiting = http.get("/api/jobs/" + id + "/thumbnail");
    BufferedImage photo = jpeg(waiting);
    assertThat(photo.getWidth()).isEqualTo(Thumbnails.SIZE);
    assertThat(photo.getHeight()).isEqualTo(320); // coffee.png is 600 x 400
    assertThat(waiting.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(files(id)).contains("thumb-input.jpg").noneMatch(f -> f.endsWith(".tmp"));

    // The first preview comes after the first step, not after the fifth (subscribed before it starts).
    List<String[]> previews = new CopyOnWriteArrayList<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return http.events(id, Duration.ofSeconds(120), e -> {
          subscribed.countDown();
          if (e[0].equals("preview")) {
            previews.add(e);
          }
        });
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
    http.post("/api/jobs/" + blocker + "/cancel");
    List<String[]> events = stream.get(150, TimeUnit.SECONDS);
    assertThat(events.get(events.size() - 1)[1]).contains("\"status\":\"done\"");
    assertThat(previews).isNotEmpty();
    assertThat(previews.get(0)[1]).startsWith("{\"step\":1,");
    // The job's last events (progress, preview, end) are told to a subscriber that comes after its end.
    List<String> late = http.events(id, Duration.ofSeconds(30)).stream().map(e -> e[0]).toList();
    assertThat(late).containsExactly("progress", "preview", "end");

    // Done: the dream (the result's size, shrunk), kept by the browser; the photo's thumbnail is gone.
    Http.Response done = http.get("/api/jobs/" + id + "/thumbnail");
    BufferedImage dream = jpeg(done);
    assertThat(dream.getWidth()).isEqualTo(160);
    assertThat(dream.getHeight()).isEqualTo(107);
    assertThat(done.header("Cache-Control")).contains("max-age");
    assertThat(files(id)).contains("thumb-result.jpg").doesNotContain("thumb-input.jpg");
    // Cached: asked again, the same bytes from the same file.
    long made = Files.getLastModifiedTime(data.resolve("jobs").resolve(id).resolve("thumb-result.jpg")).toMillis();
    assertThat(http.get("/api/jobs/" + id + "/thumbnail").bytes()).isEqualTo(done.bytes());
    assertThat(Files.getLastModifiedTime(data.resolve("jobs").resolve(id).resolve("thumb-result.jpg")).toMillis())
        .isEqualTo(made);

    assertThat(http.get("/api/jobs/nosuchjob1/thumbnail").status()).isEqualTo(404);
    assertThat(http.get("/api/jobs/" + id + "/pictures").status()).isEqualTo(409);
  }

  @Test
  void aBatchShowsItsFirstDreamAndEachDreamOneByOne() throws Exception {
    Http http = start(defaults());
    String blocker = id(http.postJob(SLOW, WebApiTest.photo(), "slow.png"));
    WebApiTest.waitFor(http, blocker, "running");
    String id = id(WebBatchTest.postBatch(http, WebBatchTest.TINY, WebBatchTest.testZip()));
    // While it waits: the first picture of the zip that is one (bad.png comes first and is not).
    assertThat(jpeg(http.get("/api/jobs/" + id + "/thumbnail")).getWidth()).isEqualTo(451); // chelsea.png
    http.post("/api/jobs/" + blocker + "/cancel");
    assertThat(WebApiTest.waitFor(http, id, "done", "failed")).isEqualTo("done");

    JsonArray pictures = http.get("/api/jobs/" + id + "/pictures").json().getAsJsonArray();
    assertThat(pictures).hasSize(3);
    List<String> names = new ArrayList<>();
    for (var p : pictures) {
      JsonObject o = p.getAsJsonObject();
      names.add(o.get("relative").getAsString() + " " + o.get("status").getAsString());
    }
    assertThat(names).containsExactlyInAnyOrder("photos/a.png done", "photos/b.png done", "bad.png failed");
    JsonObject first = null;
    JsonObject bad = null;
    for (var p : pictures) {
      boolean done = p.getAsJsonObject().get("status").getAsString().equals("done");
      if (done && first == null) {
        first = p.getAsJsonObject();
      } else if (!done) {
        bad = p.getAsJsonObject();
      }
    }
    assertThat(bad.get("image").isJsonNull()).isTrue();
    assertThat(bad.get("error").getAsString()).contains("not an image").doesNotContain(data.toString());

    // Each dream, and its thumbnail: the dreams are 96 px, so the thumbnails are too.
    Http.Response png = http.get(first.get("image").getAsString());
    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(ImageIO.read(new ByteArrayInputStream(png.bytes())).getWidth()).isEqualTo(96);
    assertThat(jpeg(http.get(first.get("thumbnail").getAsString())).getWidth()).isEqualTo(96);
    // The batch's own thumbnail is its first dream.
    assertThat(jpeg(http.get("/api/jobs/" + id + "/thumbnail")).getWidth()).isEqualTo(96);
    assertThat(files(id)).contains("thumb-first-dream.jpg", "thumbs").doesNotContain("thumb-first-picture.jpg");

    assertThat(http.get("/api/jobs/" + id + "/pictures/" + (pictures.size() + 1)).status()).isEqualTo(404);
    assertThat(http.get("/api/jobs/" + id + "/pictures/0/thumbnail").status()).isEqualTo(404);
    assertThat(http.get("/api/jobs/" + id + "/pictures/job.json").status()).isEqualTo(404);
  }
}
