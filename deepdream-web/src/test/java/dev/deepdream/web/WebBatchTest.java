package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static dev.deepdream.web.WebVideoTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.batch.BatchItem;
import dev.deepdream.batch.BatchRunner;
import dev.deepdream.batch.FolderTarget;
import dev.deepdream.batch.Manifest;
import dev.deepdream.batch.ManifestEntry;
import dev.deepdream.dream.DeepDream;
import dev.deepdream.dream.DreamConfig;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.settings.ImageSource;
import dev.deepdream.settings.SettingsCodec;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.BatchLimits;
import dev.deepdream.web.ServerSettings.QueueLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch jobs through the web API: a zip of photos is unpacked safely, dreamed picture by picture
 * with core's BatchRunner (a bad picture recorded as failed, the rest going on) to the pixels
 * {@code deepdream batch} gives, and downloaded as a zip of the dreams and the manifest; unsafe
 * zips and zips over the limits are refused before they are queued; a server stopped mid-batch
 * skips the finished pictures when it comes back.
 */
@Tag("model")
class WebBatchTest extends ApiTest {
  /** Tiny dreams with the pinned model and a fixed seed. */
  static final Map<String, String> TINY = Map.of("model", TestModels.INCEPTION, "mode", "simple", "steps", "2",
      "max_dim", "96", "seed", "7");

  @TempDir
  Path tmp;

  private Http start() throws Exception {
    return start(defaults());
  }

  /** A zip of these entries (name to bytes), in order; names are written as given, unsafe ones too. */
  static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static Map<String, byte[]> entries(Object... nameThenBytes) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBytes.length; i += 2) {
      m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
    }
    return m;
  }

  /** The test's zip: two copies of chelsea in a subfolder, a corrupt PNG and a text file. */
  static byte[] testZip() throws Exception {
    byte[] photo = WebApiTest.photo();
    return zip(entries("photos/", new byte[0], "photos/a.png", photo, "photos/b.png", photo,
        "bad.png", "this is not a picture".getBytes(StandardCharsets.UTF_8),
        "notes.txt", "not a picture either".getBytes(StandardCharsets.UTF_8),
        "__MACOSX/photos/._a.png", new byte[] {1, 2, 3}, "photos/.hidden.png", photo));
  }

  static Http.Response postBatch(Http http, Map<String, String> fields, byte[] zip) throws Exception {
    List<Http.Part> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(Http.Part.text(k, v)));
    if (zip != null) {
      parts.add(Http.Part.file("zip", zip));
    }
    return http.postForm("/api/jobs/batch", parts, null);
  }

  /** The entries of a zip, name to bytes. */
  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        out.put(e.getName(), z.readAllBytes());
      }
    }
    return out;
  }

  @Test
  void aZipIsDreamedPictureByPictureIntoAZipOfDreamsAsDeepdreamBatchDreamsThem() throws Exception {
    Http http = start();
    // A slow photo dream holds the queue, so that the stream below sees the batch from its first picture.
    String blocker = http.postJob(Map.of("mode", "simple", "steps", "10000", "max_dim", "100"), WebApiTest.photo(),
        "a.png").json().getAsJsonObject().get("id").getAsString();
    Http.Response created = postBatch(http, TINY, testZip());
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    JsonObject answer = created.json().getAsJsonObject();
    String id = answer.get("id").getAsString();
    assertThat(answer.get("kind").getAsString()).isEqualTo("batch");
    assertThat(answer.get("items").getAsInt()).isEqualTo(3);
    // Only the pictures were unpacked, at their paths in the zip.
    Path dir = data.resolve("jobs").resolve(id);
    try (Stream<Path> files = Files.walk(dir.resolve("inputs"))) {
      assertThat(files.filter(Files::isRegularFile).map(p -> dir.resolve("inputs").relativize(p).toString()))
          .containsExactlyInAnyOrder("photos/a.png", "photos/b.png", "bad.png");
    }
    assertThat(dir.resolve("upload.zip")).doesNotExist();

    CountDownLatch subscribed = new CountDownLatch(1);
    CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return http.events(id, Duration.ofSeconds(600), e -> subscribed.countDown());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(http.post("/api/jobs/" + blocker + "/cancel").status()).isEqualTo(202);
    List<String[]> events = stream.get(600, TimeUnit.SECONDS);
    assertThat(events.get(events.size() - 1)[1]).as(events.get(events.size() - 1)[1]).contains("\"status\":\"done\"");

    // Item events: each picture starts and ends, in natural order, with its status and the overall ETA.
    List<JsonObject> items = events.stream().filter(e -> e[0].equals("item"))
        .map(e -> JsonParser.parseString(e[1]).getAsJsonObject()).toList();
    assertThat(items.stream().map(i -> i.get("item").getAsInt() + "/" + i.get("items").getAsInt() + " "
        + i.get("relative").getAsString() + " " + i.get("status").getAsString()))
        .containsExactly("1/3 bad.png running", "1/3 bad.png failed", "2/3 photos/a.png running",
            "2/3 photos/a.png done", "3/3 photos/b.png running", "3/3 photos/b.png done");
    JsonObject failedEvent = items.get(1);
    assertThat(failedEvent.get("error").getAsString()).contains("bad.png").doesNotContain(data.toString());
    assertThat(items.get(3).get("eta_ms").getAsLong()).isPositive();
    assertThat(items.get(5).get("eta_ms").getAsLong()).isZero();
    assertThat(events.stream().filter(e -> e[0].equals("progress")).map(e -> e[1]))
        .anySatisfy(d -> assertThat(d).contains("\"item\":3").contains("\"item_name\":\"photos/b.png\"")
            .contains("\"octave\":"));
    assertThat(events.stream().filter(e -> e[0].equals("preview"))).isNotEmpty();

    // Done, with its one failure listed.
    JsonObject job = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(job.get("status").getAsString()).isEqualTo("done");
    assertThat(job.get("kind").getAsString()).isEqualTo("batch");
    assertThat(job.get("items").getAsInt()).isEqualTo(3);
    assertThat(job.get("items_done").getAsInt()).isEqualTo(3);
    assertThat(job.get("failed").getAsInt()).isEqualTo(1);
    assertThat(job.get("seed").getAsString()).isEqualTo("7");
    JsonArray failures = job.getAsJsonArray("failures");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).getAsJsonObject().get("relative").getAsString()).isEqualTo("bad.png");
    assertThat(failures.get(0).getAsJsonObject().get("error").getAsString()).contains("not an image");

    // The result: a zip of the two dreams at their paths and the manifest, as an attachment.
    Http.Response result = http.get("/api/jobs/" + id + "/result");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("application/zip");
    assertThat(result.header("Content-Disposition")).isEqualTo("attachment; filename=\"deepdream-" + id + ".zip\"");
    Map<String, byte[]> got = unzip(result.bytes());
    assertThat(got.keySet()).containsExactlyInAnyOrder("photos/a.png", "photos/b.png", Manifest.FILE_NAME);
    String manifest = new String(got.get(Manifest.FILE_NAME), StandardCharsets.UTF_8);
    assertThat(manifest).doesNotContain(data.toString());
    List<JsonObject> lines = manifest.lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.stream().filter(l -> l.get("status").getAsString().equals("failed"))
        .map(l -> l.get("relative").getAsString())).containsExactly("bad.png");
    assertThat(lines.stream().filter(l -> l.get("status").getAsString().equals("done"))
        .map(l -> l.get("output").getAsString())).containsExactlyInAnyOrder("photos/a.png", "photos/b.png");
    assertThat(dir.resolve("result.zip")).isRegularFile();

    // The same pictures through BatchRunner in-process, as `deepdream batch DIR -o REF --seed 7` dreams them.
    Path in = Files.createDirectories(tmp.resolve("in/photos"));
    Files.write(in.resolve("a.png"), WebApiTest.photo());
    Files.write(in.resolve("b.png"), WebApiTest.photo());
    Path ref = tmp.resolve("ref");
    Map<String, List<String>> text = new LinkedHashMap<>();
    TINY.forEach((k, v) -> text.put(k, List.of(v)));
    DreamConfig config = SettingsCodec.decode(text, ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
    try (DeepDream dd = new DeepDream(TestModels.store())) {
      BatchRunner runner = new BatchRunner(dd, config, new FolderTarget(ref, "png", 0.92f), Map.of(), false,
          ImageFiles.DEFAULT_MAX_PIXELS);
      List<BatchItem> refItems = List.of(BatchItem.of(in.resolve("a.png"), "photos/a.png", 7),
          BatchItem.of(in.resolve("b.png"), "photos/b.png", 7));
      assertThat(runner.run(refItems, o -> { }).done()).isEqualTo(2);
    }
    for (String n : List.of("photos/a.png", "photos/b.png")) {
      Path downloaded = Files.createDirectories(tmp.resolve("got").resolve(n).getParent()).resolve(Path.of(n)
          .getFileName());
      Files.write(downloaded, got.get(n));
      assertThat(ImageFiles.read(downloaded).rgb()).as(n).isEqualTo(ImageFiles.read(ref.resolve(n)).rgb());
      assertThat(ImageFiles.readPngText(downloaded)).containsEntry("seed", Long.toString(BatchItem.deriveSeed(7, n)));
    }

    // Batch jobs have no single input to serve, nor frames; deleting removes the folder.
    assertError(http.get("/api/jobs/" + id + "/input"), 409, "is a batch");
    assertError(http.get("/api/jobs/" + id + "/frame"), 409, "only video jobs have frames");
    assertThat(http.delete("/api/jobs/" + id).status()).isEqualTo(200);
    assertThat(dir).doesNotExist();
  }

  @Test
  void unsafeZipsAndZipsOverTheLimitsAreRefusedWithAOneLineMessageAndLeaveNothingBehind() throws Exception {
    Http http = start(defaults().withBatch(new BatchLimits(BatchLimits.DEFAULTS.maxUploadBytes(), 2, 400_000)));
    byte[] photo = WebApiTest.photo();
    // Zip slip: nothing is written, in the job's folder or beside it.
    assertError(postBatch(http, TINY, zip(entries("a.png", photo, "../evil.png", photo))), 400,
        "the zip's entry ../evil.png points outside the zip");
    assertError(postBatch(http, TINY, zip(entries("x/../../evil.png", photo))), 400, "points outside the zip");
    assertError(postBatch(http, TINY, zip(entries("/tmp/evil.png", photo))), 400, "has an absolute path");
    assertError(postBatch(http, TINY, zip(entries("C:\\evil.png", photo))), 400, "has an absolute path");
    try (Stream<Path> all = Files.walk(data)) {
      assertThat(all.filter(p -> p.getFileName().toString().equals("evil.png"))).isEmpty();
    }
    assertThat(data.resolveSibling("evil.png")).doesNotExist();
    // A symbolic link.
    ByteArrayOutputStream linkZip = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(linkZip)) {
      ZipArchiveEntry link = new ZipArchiveEntry("link.png");
      link.setUnixMode(0120777);
      z.putArchiveEntry(link);
      z.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      z.closeArchiveEntry();
    }
    assertError(postBatch(http, TINY, linkZip.toByteArray()), 400, "link.png is a symbolic link");
    // Over the file count (3 pictures, over 2; the text file does not count).
    Http.Response many = postBatch(http, TINY, zip(entries("1.png", photo, "2.png", photo, "3.png", photo)));
    assertError(many, 400, "more than 2 pictures");
    assertThat(many.body()).contains("--max-batch-files");
    // A zip bomb: 5 MB of zeros compress to a few kB; it is stopped by what it unpacks to, not its headers.
    byte[] bomb = zip(entries("bomb.png", new byte[5_000_000]));
    assertThat(bomb.length).isLessThan(50_000);
    assertError(postBatch(http, TINY, bomb), 400, "unpacks to more than");
    // Nothing to dream, or nothing a zip.
    assertError(postBatch(http, TINY, zip(entries())), 400, "the zip holds no pictures");
    assertError(postBatch(http, TINY, zip(entries("notes.txt", "hi".getBytes(), "__MACOSX/._a.png", photo,
        ".hidden.png", photo))), 400, "the zip holds no pictures");
    assertError(postBatch(http, TINY, "not a zip at all".getBytes(StandardCharsets.UTF_8)), 400,
        "the upload is not a zip file");
    assertError(postBatch(http, TINY, null), 400, "no zip");
    assertError(postBatch(http, TINY, zip(entries("a.png", photo, "a.jpg", photo))), 400, "would both give a.png");
    // Settings are checked as for a photo.
    assertError(postBatch(http, Map.of("steps", "0"), zip(entries("a.png", photo))), 400,
        "steps must be between 1 and 10000");
    assertError(postBatch(http, Map.of("wobble", "1"), zip(entries("a.png", photo))), 400, "unknown setting 'wobble'");
    assertError(http.post("/api/jobs/batch"), 400, "multipart/form-data");
    for (Http.Response r : List.of(postBatch(http, TINY, zip(entries("a/../../evil.png", photo))))) {
      assertThat(r.json().getAsJsonObject().get("error").getAsString()).doesNotContain("\n")
          .doesNotContain(data.toString());
    }
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();
    try (Stream<Path> jobs = Files.list(data.resolve("jobs"))) {
      assertThat(jobs).isEmpty();
    }

    // The compute budget counts every picture as a photo job of its size.
    Map<String, List<String>> text = new LinkedHashMap<>();
    TINY.forEach((k, v) -> text.put(k, List.of(v)));
    DreamConfig config = SettingsCodec.decode(text, ImageSource.files(ImageFiles.DEFAULT_MAX_PIXELS));
    var size = ImageFiles.decode(photo, "chelsea", ImageFiles.DEFAULT_MAX_PIXELS);
    long one = ComputeBudget.pixelSteps(size.width(), size.height(), config);
    long budget = one * 3 / 2; // one picture fits, two do not
    server.close();
    QueueLimits q = QueueLimits.DEFAULTS;
    http = start(defaults().withQueue(new QueueLimits(q.capacity(), budget, q.maxDataBytes(), q.previewEvery())));
    Http.Response over = postBatch(http, TINY, zip(entries("a.png", photo, "b.png", photo)));
    assertError(over, 400, String.format(java.util.Locale.ROOT, "this batch needs %,d pixel-steps", 2 * one));
    assertThat(over.body()).contains("2 pictures").contains(String.format(java.util.Locale.ROOT, "budget of %,d",
        budget));
    // Too large to upload (413).
    server.close();
    BatchLimits b = BatchLimits.DEFAULTS;
    http = start(defaults().withBatch(new BatchLimits(100_000, b.maxFiles(), b.maxUnpackedBytes())));
    byte[] big = zip(entries("a.png", photo, "b.png", photo, "c.png", photo));
    assertThat(big.length).isGreaterThan(100_000);
    assertError(postBatch(http, TINY, big), 413, "for a batch zip");
    try (Stream<Path> jobs = Files.list(data.resolve("jobs"))) {
      assertThat(jobs).isEmpty();
    }
  }

  @Test
  void aServerStoppedMidBatchSkipsTheFinishedPicturesWhenItComesBack() throws Exception {
    Http http = start();
    byte[] photo = WebApiTest.photo();
    Map<String, byte[]> four = entries("p/1.png", photo, "p/2.png", photo, "p/3.png", photo, "p/4.png", photo);
    Map<String, String> settings = new LinkedHashMap<>(TINY);
    settings.put("steps", "6");
    String id = postBatch(http, settings, zip(four)).json().getAsJsonObject().get("id").getAsString();
    // Stop it (as SIGTERM does) once the first picture is in its manifest.
    Path outputs = data.resolve("jobs").resolve(id).resolve("outputs");
    for (int i = 0; i < 30_000 && Manifest.in(outputs).lines().isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(Manifest.in(outputs).lines()).isNotEmpty();
    server.close();
    JsonObject stopped = JsonParser.parseString(Files.readString(data.resolve("jobs").resolve(id).resolve("job.json")))
        .getAsJsonObject();
    assertThat(stopped.get("status").getAsString()).isEqualTo("queued");
    List<ManifestEntry> before = Manifest.in(outputs).lines();
    int finished = before.size();
    assertThat(finished).as("pictures finished before the stop").isBetween(1, 3);
    assertThat(before).allMatch(ManifestEntry::done);

    http = start();
    assertThat(waitFor(http, id, "done", "failed")).as(http.get("/api/jobs/" + id).body()).isEqualTo("done");
    JsonObject done = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(done.get("skipped").getAsInt()).isEqualTo(finished);
    assertThat(done.get("items_done").getAsInt()).isEqualTo(4);
    assertThat(done.get("failed").getAsInt()).isZero();
    // Each picture has one line: the finished ones were skipped, not dreamed again (a dream appends a line).
    List<ManifestEntry> after = Manifest.in(outputs).lines();
    assertThat(after).hasSize(4).allMatch(ManifestEntry::done);
    assertThat(after.subList(0, finished)).isEqualTo(before);
    assertThat(after).extracting(ManifestEntry::relative).containsExactlyInAnyOrder("p/1.png", "p/2.png", "p/3.png",
        "p/4.png");
    assertThat(unzip(http.get("/api/jobs/" + id + "/result").bytes()).keySet()).containsExactlyInAnyOrder("p/1.png",
        "p/2.png", "p/3.png", "p/4.png", Manifest.FILE_NAME);
  }
}
