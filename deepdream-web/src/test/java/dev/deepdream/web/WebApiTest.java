package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.PhotoLimits;
import dev.deepdream.web.ServerSettings.QueueLimits;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JSON API over real HTTP on loopback. */
@Tag("model")
class WebApiTest extends ApiTest {
  private Http start() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    return start(defaults().withQueue(new QueueLimits(q.capacity(), q.maxCompute(), q.maxDataBytes(), 1)));
  }

  static byte[] photo() throws Exception {
    return Files.readAllBytes(Path.of("examples/chelsea.png"));
  }

  static String waitFor(Http http, String id, String... statuses) throws Exception {
    for (int i = 0; i < 600; i++) {
      String s = http.get("/api/jobs/" + id).json().getAsJsonObject().get("status").getAsString();
      if (List.of(statuses).contains(s)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never reached " + List.of(statuses));
  }

  @Test
  void aJobRunsWithLiveEventsAndEveryEndpointAnswers() throws Exception {
    Http http = start();
    Http.Response created = http.postJob(Map.of("mode", "simple", "steps", "30", "max_dim", "160", "seed", "3",
        "layers", "mixed3,mixed5=1.5"), photo(), "../../etc/passwd.png");
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    String id = created.json().getAsJsonObject().get("id").getAsString();
    assertThat(created.json().getAsJsonObject().get("status").getAsString()).isEqualTo("queued");

    List<String[]> events = http.events(id, Duration.ofSeconds(120));
    assertThat(events.stream().filter(e -> e[0].equals("preview")).count()).isGreaterThanOrEqualTo(2);
    assertThat(events.stream().filter(e -> e[0].equals("preview")).findFirst().get()[1]).contains("data:image/jpeg;base64,");
    assertThat(events.stream().filter(e -> e[0].equals("progress")).count()).isGreaterThanOrEqualTo(4);
    assertThat(events.get(events.size() - 1)[0]).isEqualTo("end");
    assertThat(events.get(events.size() - 1)[1]).contains("\"status\":\"done\"");

    JsonObject job = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(job.get("status").getAsString()).isEqualTo("done");
    assertThat(job.get("progress").getAsDouble()).isEqualTo(1.0);
    assertThat(job.get("loss").getAsDouble()).isGreaterThan(0);
    assertThat(job.get("error").isJsonNull()).isTrue();
    // The record holds what the codec writes: the layers as the objective they make.
    assertThat(job.getAsJsonObject("params").get("objective").getAsString()).isEqualTo("mixed3 + 1.5*mixed5");
    assertThat(job.get("seed").getAsString()).isEqualTo("3");

    Http.Response result = http.get("/api/jobs/" + id + "/result");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("image/png");
    assertThat(ImageIO.read(new ByteArrayInputStream(result.bytes())).getWidth()).isEqualTo(160);
    // The user's file name never reached the disk: only generated names exist.
    try (var files = Files.walk(data)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("passwd"));
    }

    JsonArray all = http.get("/api/jobs").json().getAsJsonArray();
    assertThat(all).hasSize(1);
    // The engine check behind the dream just made: the CPU, each plan tried and the plan chosen.
    JsonObject engine = http.get("/api/engine").json().getAsJsonObject();
    assertThat(engine.get("checked").getAsBoolean()).isTrue();
    assertThat(engine.get("cpu").getAsString()).isNotBlank();
    assertThat(engine.get("lines").toString()).contains("gradient cosine").contains("plan: " + engine.get("plan")
        .getAsString());
    JsonArray models = http.get("/api/models").json().getAsJsonArray();
    JsonObject inception = models.get(0).getAsJsonObject();
    assertThat(inception.get("name").getAsString()).isEqualTo("inception_v3");
    assertThat(inception.getAsJsonArray("layers")).hasSize(11);
    assertThat(inception.get("imagenet_up_to").getAsString()).isEqualTo("mixed5");
    JsonArray layers = http.get("/api/models/mobilenet_v2/layers").json().getAsJsonArray();
    assertThat(layers.get(0).getAsJsonObject().get("hint").getAsString()).contains("shallow");

    assertThat(http.post("/api/jobs/" + id + "/cancel").status()).isEqualTo(409); // already done
    assertThat(http.delete("/api/jobs/" + id).status()).isEqualTo(200);
    assertThat(http.get("/api/jobs/" + id).status()).isEqualTo(404);
    assertThat(http.get("/api/jobs/" + id + "/result").status()).isEqualTo(404);
  }

  @Test
  void badInputGets4xxWithAMessage() throws Exception {
    Http http = start(defaults());
    assertError(http.postJob(Map.of("mode", "simple"), null, null), 400, "no image");
    assertError(http.postJob(Map.of(), "not a picture".getBytes(), "x.png"), 400, "not an image");
    assertError(http.postJob(Map.of("mode", "sideways"), photo(), "a.png"), 400, "unknown mode 'sideways'");
    assertError(http.postJob(Map.of("steps", "0"), photo(), "a.png"), 400, "steps must be between 1 and 10000");
    assertError(http.postJob(Map.of("step_size", "lots"), photo(), "a.png"), 400, "step size must be a number");
    assertError(http.postJob(Map.of("layers", "mixed55"), photo(), "a.png"), 400, "closest first: mixed5");
    assertError(http.postJob(Map.of("max_dim", "64"), photo(), "a.png"), 400, "too small");
    assertError(http.postJob(Map.of(), hugePngHeader(), "big.png"), 400, "megapixels");
    assertError(http.get("/api/jobs/nosuchjob123"), 404, "no job");
    assertError(http.get("/api/jobs/nosuchjob123/result"), 404, "no job");
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 404, "no job");
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();
  }

  @Test
  void uploadsOverTheLimitAre413() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    Http http = start(defaults().withPhoto(new PhotoLimits(100_000, PhotoLimits.DEFAULTS.maxPixels()))
        .withQueue(new QueueLimits(4, q.maxCompute(), q.maxDataBytes(), 5)));
    Http.Response r = http.postJob(Map.of(), new byte[400_000], "big.png");
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("too large");
  }

  @Test
  void cancellingARunningJobAndAFullQueue() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    Http http = start(defaults().withQueue(new QueueLimits(1, q.maxCompute(), q.maxDataBytes(), q.previewEvery())));
    Map<String, String> slow = Map.of("mode", "simple", "steps", "10000", "max_dim", "100");
    String a = http.postJob(slow, photo(), "a.png").json().getAsJsonObject().get("id").getAsString();
    waitFor(http, a, "running");
    String b = http.postJob(slow, photo(), "b.png").json().getAsJsonObject().get("id").getAsString();
    Http.Response full = http.postJob(slow, photo(), "c.png");
    assertThat(full.status()).isEqualTo(429);
    assertThat(full.body()).contains("queue is full");
    assertThat(http.delete("/api/jobs/" + a).status()).isEqualTo(409); // running: cancel first
    assertThat(http.post("/api/jobs/" + b + "/cancel").status()).isEqualTo(202);
    assertThat(waitFor(http, b, "cancelled", "done", "failed")).isEqualTo("cancelled");
    assertThat(http.post("/api/jobs/" + a + "/cancel").status()).isEqualTo(202);
    assertThat(waitFor(http, a, "cancelled", "done", "failed")).isEqualTo("cancelled");
    JsonObject ja = http.get("/api/jobs/" + a).json().getAsJsonObject();
    assertThat(ja.get("progress").getAsDouble()).isLessThan(1.0);
    assertError(http.get("/api/jobs/" + a + "/result"), 409, "no result");
  }

  @Test
  void aRestartKeepsTheGalleryRequeuesInterruptedJobsAndSetsDamagedRecordsAside() throws Exception {
    Http http = start();
    String id = http.postJob(Map.of("mode", "simple", "steps", "2", "max_dim", "100"), photo(), "a.png").json()
        .getAsJsonObject().get("id").getAsString();
    assertThat(waitFor(http, id, "done", "failed")).isEqualTo("done");
    server.close();
    // A record left 'running' by a server that died (kill -9: no checkpoint yet).
    Path crashed = data.resolve("jobs/crashedjob01");
    Files.createDirectories(crashed);
    Files.copy(Path.of("examples/chelsea.png"), crashed.resolve("input.png"));
    Files.writeString(crashed.resolve("job.json"), "{\"id\":\"crashedjob01\",\"status\":\"running\",\"progress\":0.4,"
        + "\"loss\":1.0,\"error\":null,\"params\":{\"mode\":\"simple\",\"steps\":\"2\",\"max_dim\":\"100\"},"
        + "\"created\":1,\"started\":2,\"finished\":null,\"width\":10,\"height\":10,\"seed\":null,"
        + "\"input_file\":\"input.png\"}");
    // And one that does not load at all.
    Path broken = data.resolve("jobs/brokenjob01");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("job.json"), "{\"id\": \"brokenjob01\", \"sta");
    http = start();
    JsonArray all = http.get("/api/jobs").json().getAsJsonArray();
    assertThat(all).hasSize(2);
    JsonObject again = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(again.get("status").getAsString()).isEqualTo("done");
    assertThat(http.get("/api/jobs/" + id + "/result").status()).isEqualTo(200);
    assertThat(waitFor(http, "crashedjob01", "done", "failed")).as("the interrupted job runs again").isEqualTo("done");
    assertThat(Files.exists(data.resolve("quarantine/brokenjob01/job.json"))).isTrue();
    assertThat(Files.exists(broken)).isFalse();
    // "Dream again" reuses an earlier job's photo.
    Http.Response re = http.postJob(Map.of("from_job", id, "mode", "simple", "steps", "1", "max_dim", "100"), null, null);
    assertThat(re.status()).isEqualTo(202);
    String reId = re.json().getAsJsonObject().get("id").getAsString();
    assertThat(waitFor(http, reId, "done", "failed")).isEqualTo("done");
  }

  @Test
  void aServerStoppedMidJobContinuesItToTheSamePixels() throws Exception {
    Map<String, String> settings = Map.of("mode", "octaves", "octaves", "-1..0", "steps", "6", "max_dim", "160",
        "jitter", "8");
    Http http = start();
    String id = http.postJob(settings, photo(), "a.png").json().getAsJsonObject().get("id").getAsString();
    // Stop it (as SIGTERM does) once the first octave's checkpoint is on disk.
    Path checkpoint = data.resolve("jobs").resolve(id).resolve("checkpoint.bin");
    for (int i = 0; i < 600 && !Files.exists(checkpoint); i++) {
      Thread.sleep(50);
    }
    assertThat(checkpoint).exists();
    server.close();
    JsonObject stopped = com.google.gson.JsonParser.parseString(
        Files.readString(data.resolve("jobs").resolve(id).resolve("job.json"))).getAsJsonObject();
    assertThat(stopped.get("status").getAsString()).isEqualTo("queued");
    String seed = stopped.getAsJsonObject("params").get("seed").getAsString();
    http = start();
    assertThat(waitFor(http, id, "done", "failed")).isEqualTo("done");
    assertThat(checkpoint).doesNotExist();
    // The same settings and seed, uninterrupted.
    Map<String, String> same = new java.util.HashMap<>(settings);
    same.put("seed", seed);
    String whole = http.postJob(same, photo(), "a.png").json().getAsJsonObject().get("id").getAsString();
    assertThat(waitFor(http, whole, "done", "failed")).isEqualTo("done");
    assertThat(dev.deepdream.image.ImageFiles.read(data.resolve("jobs").resolve(id).resolve("result.png")).rgb())
        .isEqualTo(dev.deepdream.image.ImageFiles.read(data.resolve("jobs").resolve(whole).resolve("result.png")).rgb());
  }

  @Test
  void aDamagedCachedModelIsReportedWithTheCommandThatRepairsIt() throws Exception {
    String name = dev.deepdream.support.TestModels.INCEPTION;
    Path from = TestModels.store().home().resolve("models").resolve(name);
    Path entry = Files.createDirectories(data.resolve("home/models").resolve(name));
    for (String f : List.of("model.json", "weights.bin", "deepdream.json")) {
      Files.copy(from.resolve(f), entry.resolve(f));
    }
    byte[] weights = Files.readAllBytes(entry.resolve("weights.bin"));
    weights[weights.length / 2] ^= 0x10;
    Files.write(entry.resolve("weights.bin"), weights);
    dev.deepdream.model.ModelStore damaged = new dev.deepdream.model.ModelStore(data.resolve("home"),
        new dev.deepdream.model.ModelStore.Sources(java.net.URI.create("http://127.0.0.1:9/w.h5"), "0", "nsfwjs@4.4.0",
            List.of("false"), java.time.Duration.ofMillis(500)), dev.deepdream.model.ModelStore.Listener.silent());
    server = new WebServer(ServerSettings.defaults(data.resolve("web")).withListen(Listen.loopback(0)), damaged);
    Http http = new Http(server.port());
    Http.Response r = http.postJob(Map.of("model", name, "mode", "simple", "steps", "1", "max_dim", "100"), photo(),
        "a.png");
    assertError(r, 503, "weights.bin");
    assertThat(r.json().getAsJsonObject().get("error").getAsString())
        .contains("deepdream models fetch " + name + " --force");
  }

  @Test
  void theDreamersControlsWorkThroughTheApi() throws Exception {
    Http http = start();
    JsonArray presets = http.get("/api/presets").json().getAsJsonArray();
    assertThat(presets.toString()).contains("original").contains("lapnorm");
    byte[] mask = Files.readAllBytes(Path.of("examples/coffee.png"));
    byte[] guide = Files.readAllBytes(Path.of("examples/rocket.jpg"));
    // A mask's objective is the text field of the same name; guide_layer is a field like any other.
    Http.Response r = http.postJobWithFiles(Map.of("preset", "original", "steps", "2", "octaves", "-1..0",
        "max_dim", "160", "objective", "mixed3 - 0.5*mixed4:97", "tv_weight", "0.1", "mask", "mixed2",
        "guide_layer", "mixed4"), Map.of("image", photo(), "mask", mask, "guide", guide));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String id = r.json().getAsJsonObject().get("id").getAsString();
    assertThat(waitFor(http, id, "done", "failed")).as(http.get("/api/jobs/" + id).body()).isEqualTo("done");
    JsonObject job = http.get("/api/jobs/" + id).json().getAsJsonObject();
    JsonObject params = job.getAsJsonObject("params");
    assertThat(params.get("guide").getAsString()).startsWith("sha256:");
    assertThat(params.get("guide_layer").getAsString()).isEqualTo("mixed4");
    assertThat(params.get("mask").getAsString()).startsWith("sha256:").endsWith("=mixed2");
    // The pictures are kept in the job's folder, named by their hash.
    assertThat(job.getAsJsonArray("images")).hasSize(2);
    for (var file : job.getAsJsonArray("images")) {
      assertThat(data.resolve("jobs").resolve(id).resolve(file.getAsString())).isRegularFile();
      assertThat(params.toString()).contains(file.getAsString().replaceFirst("\\..*", ""));
    }
    assertError(http.postJob(Map.of("step_rule", "sideways"), photo(), "a.png"), 400, "unknown step rule");
    assertError(http.postJob(Map.of("objective", "mixed3 +"), photo(), "a.png"), 400, "objective");
    assertError(http.postJob(Map.of("preset", "wild"), photo(), "a.png"), 400, "unknown preset");
    assertError(http.postJob(Map.of("jitter", "-1"), photo(), "a.png"), 400, "jitter must be between");
    assertError(http.postJobWithFiles(Map.of(), Map.of("image", photo(), "mask", "no".getBytes())), 400, "mask image");
  }

  static void assertError(Http.Response r, int status, String text) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().getAsJsonObject().get("error").getAsString()).contains(text);
  }

  static byte[] hugePngHeader() {
    return dev.deepdream.support.TestImages.pngHeaderOnly(10000, 9000);
  }
}
