package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.dream.Presets;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.settings.DreamParams;
import dev.deepdream.settings.Param;
import dev.deepdream.support.TestModels;
import dev.deepdream.video.Ffmpeg;
import dev.deepdream.video.FrameFiles;
import dev.deepdream.video.PanClip;
import dev.deepdream.video.VideoInfo;
import dev.deepdream.video.VideoParams;
import dev.deepdream.web.ServerSettings.QueueLimits;
import dev.deepdream.web.ServerSettings.VideoLimits;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video jobs through the web API: a clip made here with ffmpeg is dreamed to an MP4 with the
 * input's frame rate, size and sound, watched frame by frame; bad clips and clips over the limits
 * are refused before they are queued; a server stopped mid-clip continues it to the same frames.
 */
@Tag("model")
class WebVideoTest extends ApiTest {
  /** Tiny dreams: two steps per octave of the video preset, one warm-up pass, the pinned model. */
  static final Map<String, String> TINY = Map.of("model", TestModels.INCEPTION, "steps", "2", "warmup", "1");

  @TempDir
  Path clips;

  private Http start() throws Exception {
    return start(defaults());
  }

  /** Waits for a job's status (dreams share this machine's cores with whatever else runs: minutes, not seconds). */
  static String waitFor(Http http, String id, String... statuses) throws Exception {
    for (int i = 0; i < 3000; i++) {
      String s = http.get("/api/jobs/" + id).json().getAsJsonObject().get("status").getAsString();
      if (List.of(statuses).contains(s)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never reached " + List.of(statuses));
  }

  /** A test-pattern clip of {@code seconds} at 10 fps, 160x112, with a sine tone when {@code audio}. */
  static Path clip(Path dir, String name, double seconds, boolean audio) throws Exception {
    Path out = dir.resolve(name + ".mp4");
    List<String> args = new ArrayList<>(List.of("-y", "-f", "lavfi", "-i",
        "testsrc2=size=160x112:rate=10:duration=" + seconds));
    if (audio) {
      args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=330:duration=" + seconds));
    }
    args.addAll(List.of("-c:v", "libx264", "-pix_fmt", "yuv420p"));
    if (audio) {
      args.addAll(List.of("-c:a", "aac", "-shortest"));
    }
    args.add(out.toString());
    Ffmpeg.find().runFfmpeg(args, "making test clip " + name);
    return out;
  }

  /** POSTs a video job: the clip (or none) in field 'video' and the text fields. */
  static Http.Response postVideo(Http http, Map<String, String> fields, byte[] clip) throws Exception {
    List<Http.Part> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(Http.Part.text(k, v)));
    if (clip != null) {
      parts.add(Http.Part.file("video", clip));
    }
    return http.postForm("/api/jobs/video", parts, null);
  }

  static Map<String, String> with(Map<String, String> base, String... more) {
    Map<String, String> m = new LinkedHashMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  /** Every frame of a video, decoded in order. */
  static List<Picture> decode(Path video) throws Exception {
    return PanClip.frames(video);
  }

  @Test
  void aClipIsDreamedFrameByFrameWithLiveFramesIntoAnMp4WithTheInputsRateSizeAndSound() throws Exception {
    Http http = start();
    Path clip = clip(clips, "clip", 0.6, true);
    // A slow photo dream holds the queue, so that the stream below sees the video job from its first frame.
    String blocker = http.postJob(Map.of("mode", "simple", "steps", "10000", "max_dim", "100"), WebApiTest.photo(),
        "a.png").json().getAsJsonObject().get("id").getAsString();
    Http.Response created = postVideo(http, with(TINY, "seed", "5"), Files.readAllBytes(clip));
    assertThat(created.status()).as(created.body()).isEqualTo(202);
    JsonObject answer = created.json().getAsJsonObject();
    String id = answer.get("id").getAsString();
    assertThat(answer.get("kind").getAsString()).isEqualTo("video");
    assertThat(answer.get("frames").getAsInt()).isEqualTo(6);

    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch firstFrame = new CountDownLatch(1);
    CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return http.events(id, Duration.ofSeconds(300), e -> {
          subscribed.countDown();
          if (e[0].equals("frame")) {
            firstFrame.countDown();
          }
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(http.post("/api/jobs/" + blocker + "/cancel").status()).isEqualTo(202);

    // The latest frame while it runs: a PNG of the frame size.
    assertThat(firstFrame.await(300, TimeUnit.SECONDS)).as("a frame event").isTrue();
    Http.Response frame = http.get("/api/jobs/" + id + "/frame");
    assertThat(frame.status()).isEqualTo(200);
    assertThat(frame.contentType()).isEqualTo("image/png");
    assertThat(frame.header("Cache-Control")).isEqualTo("no-store");
    var png = ImageIO.read(new ByteArrayInputStream(frame.bytes()));
    assertThat(new int[] {png.getWidth(), png.getHeight()}).containsExactly(160, 112);

    List<String[]> events = stream.get(300, TimeUnit.SECONDS);
    assertThat(events.get(events.size() - 1)[0]).isEqualTo("end");
    assertThat(events.get(events.size() - 1)[1]).as(events.get(events.size() - 1)[1]).contains("\"status\":\"done\"");
    // One frame event per frame, 1/6 to 6/6, each with its time, the ETA and the address of the frame.
    List<JsonObject> frames = events.stream().filter(e -> e[0].equals("frame"))
        .map(e -> JsonParser.parseString(e[1]).getAsJsonObject()).toList();
    assertThat(frames.stream().map(f -> f.get("frame").getAsInt() + "/" + f.get("frames").getAsInt()))
        .containsExactly("1/6", "2/6", "3/6", "4/6", "5/6", "6/6");
    assertThat(frames).allSatisfy(f -> {
      assertThat(f.get("frame_ms").getAsLong()).isPositive();
      assertThat(f.get("image").getAsString()).startsWith("/api/jobs/" + id + "/frame");
    });
    assertThat(frames.get(0).get("eta_ms").getAsLong()).isPositive();
    assertThat(frames.get(5).get("eta_ms").getAsLong()).isZero();
    // The progress events say which frame is being dreamed, and its octave and step.
    assertThat(events.stream().filter(e -> e[0].equals("progress")).map(e -> e[1]))
        .anySatisfy(d -> assertThat(d).contains("\"frames\":6").contains("\"frame\":3").contains("\"octave\":"));

    JsonObject job = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(job.get("status").getAsString()).isEqualTo("done");
    assertThat(job.get("kind").getAsString()).isEqualTo("video");
    assertThat(job.get("frames_done").getAsInt()).isEqualTo(6);
    assertThat(job.get("progress").getAsDouble()).isEqualTo(1.0);
    assertThat(job.get("seed").getAsString()).isEqualTo("5");
    assertThat(job.getAsJsonObject("params").get("model").getAsString()).isEqualTo(TestModels.INCEPTION);
    assertThat(job.getAsJsonObject("params").get("steps").getAsString()).isEqualTo("2");
    // The video preset underneath: its octaves, as the CLI's video command dreams.
    assertThat(job.getAsJsonObject("params").get("octaves").getAsString()).isEqualTo("-1..0");
    assertThat(job.getAsJsonObject("video").get("warmup").getAsString()).isEqualTo("1");

    Http.Response result = http.get("/api/jobs/" + id + "/result");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("video/mp4");
    assertThat(result.header("Content-Disposition")).isEqualTo("attachment; filename=\"deepdream-" + id + ".mp4\"");
    Path mp4 = Files.write(clips.resolve("downloaded.mp4"), result.bytes());
    Ffmpeg ff = Ffmpeg.find();
    VideoInfo in = VideoInfo.probe(ff, clip);
    VideoInfo out = VideoInfo.probe(ff, mp4);
    assertThat(out.rate()).isEqualTo(in.rate());
    assertThat(new int[] {out.width(), out.height()}).containsExactly(160, 112);
    assertThat(out.hasAudio()).isTrue();
    assertThat(decode(mp4)).hasSize(6);
    // A <video> element asks for byte ranges.
    var range = http.exchange("GET", "/api/jobs/" + id + "/result", Map.of("Range", "bytes=0-99"));
    assertThat(range.statusCode()).isEqualTo(206);

    // The job's folder: the clip, the MP4 and the last frame; the work folder's frames went into the MP4.
    Path dir = data.resolve("jobs").resolve(id);
    assertThat(dir.resolve("input.mp4")).hasSameBinaryContentAs(clip);
    assertThat(dir.resolve("result.mp4")).isRegularFile();
    assertThat(dir.resolve("frames")).doesNotExist();
    assertThat(ImageFiles.read(dir.resolve("frame.png")).rgb()).isEqualTo(decodePng(frameAfterDone(http, id)).rgb());
    assertThat(http.get("/api/jobs/" + id + "/input").status()).isEqualTo(200);
    // Photo-only and video-only endpoints say so.
    assertError(http.get("/api/jobs/" + blocker + "/frame"), 409, "only video jobs have frames");
    assertError(http.postJob(Map.of("from_job", id), null, null), 400, "no image");
    // "Dream again": an earlier video job's clip, with new settings.
    Http.Response again = postVideo(http, with(TINY, "from_job", id, "temporal", "off"), null);
    assertThat(again.status()).as(again.body()).isEqualTo(202);
    String againId = again.json().getAsJsonObject().get("id").getAsString();
    assertThat(data.resolve("jobs").resolve(againId).resolve("input.mp4")).hasSameBinaryContentAs(clip);
    assertThat(http.post("/api/jobs/" + againId + "/cancel").status()).isEqualTo(202);
    assertThat(waitFor(http, againId, "cancelled", "done", "failed")).isEqualTo("cancelled");
    assertThat(data.resolve("jobs").resolve(againId).resolve("frames")).doesNotExist();
    assertThat(http.delete("/api/jobs/" + id).status()).isEqualTo(200);
    assertThat(dir).doesNotExist();
  }

  private static byte[] frameAfterDone(Http http, String id) throws Exception {
    Http.Response r = http.get("/api/jobs/" + id + "/frame");
    assertThat(r.status()).isEqualTo(200);
    return r.bytes();
  }

  private static Picture decodePng(byte[] png) throws Exception {
    Path tmp = Files.createTempFile("frame", ".png");
    try {
      Files.write(tmp, png);
      return ImageFiles.read(tmp);
    } finally {
      Files.delete(tmp);
    }
  }

  @Test
  void theVideoSettingsAreServedFromTheirDeclarations() throws Exception {
    Http http = start(defaults().withVideo(new VideoLimits(VideoLimits.DEFAULTS.maxUploadBytes(), 321)));
    JsonObject served = http.get("/api/video-params").json().getAsJsonObject();
    JsonArray list = served.getAsJsonArray("params");
    assertThat(list).hasSize(VideoParams.ALL.size());
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.get(i).getAsJsonObject();
      VideoParams.VideoParam p = VideoParams.ALL.get(i);
      assertThat(o.get("name").getAsString()).isEqualTo(p.name());
      assertThat(o.get("label").getAsString()).isEqualTo(p.label());
      assertThat(o.get("help").getAsString()).isEqualTo(p.help());
      assertThat(o.get("default").getAsString()).isEqualTo(p.defaultText());
    }
    assertThat(list.get(0).getAsJsonObject().getAsJsonArray("choices").toString())
        .isEqualTo("[\"flow\",\"blend\",\"off\"]");
    assertThat(served.get("default_preset").getAsString()).isEqualTo("video");
    assertThat(served.get("max_frames").getAsInt()).isEqualTo(321);
    assertThat(served.get("max_upload_bytes").getAsLong()).isEqualTo(200L << 20);
    // One form holds both: no video setting may share a dream setting's name.
    assertThat(VideoParams.names()).doesNotContainAnyElementsOf(DreamParams.ALL.stream().map(Param::name).toList());
  }

  @Test
  void badClipsAndBadSettingsAreRefusedWithAOneLineMessageAndLeaveNothingBehind() throws Exception {
    Http http = start();
    byte[] clip = Files.readAllBytes(clip(clips, "clip", 0.6, false));
    Http.Response text = postVideo(http, TINY, "this is not a video".getBytes());
    assertError(text, 400, "the upload is not a video ffmpeg can read");
    String message = text.json().getAsJsonObject().get("error").getAsString();
    assertThat(message).doesNotContain("\n").doesNotContain(data.toString());
    // A photo: ffmpeg reads it as one frame without a duration.
    Http.Response photo = postVideo(http, TINY, WebApiTest.photo());
    assertError(photo, 400, "dream it as a photo");
    assertThat(photo.json().getAsJsonObject().get("error").getAsString()).doesNotContain(data.toString());
    assertError(postVideo(http, TINY, null), 400, "no video");
    assertError(postVideo(http, with(TINY, "from_job", "nosuchjob123"), null), 400, "no video");
    assertError(postVideo(http, with(TINY, "temporal", "sideways"), clip), 400, "temporal");
    assertError(postVideo(http, with(TINY, "blend", "2"), clip), 400, "blend");
    assertError(postVideo(http, with(TINY, "wobble", "1"), clip), 400, "unknown setting 'wobble'");
    assertError(postVideo(http, with(TINY, "start", "5"), clip), 400, "past the end");
    assertError(postVideo(http, with(TINY, "steps", "0"), clip), 400, "steps must be between 1 and 10000");
    // The photo endpoint takes no clip, nor video settings.
    assertError(http.postJobWithFiles(Map.of(), Map.of("image", WebApiTest.photo(), "video", clip)), 400,
        "unknown file 'video'");
    assertError(http.postJob(Map.of("temporal", "off"), WebApiTest.photo(), "a.png"), 400, "unknown setting 'temporal'");
    Http.Response form = http.post("/api/jobs/video");
    assertError(form, 400, "multipart/form-data");
    assertThat(http.get("/api/jobs").json().getAsJsonArray()).isEmpty();
    try (Stream<Path> jobs = Files.list(data.resolve("jobs"))) {
      assertThat(jobs).isEmpty();
    }
  }

  @Test
  void clipsOverTheLimitsAreRefused() throws Exception {
    QueueLimits q = QueueLimits.DEFAULTS;
    Http http = start(defaults().withVideo(new VideoLimits(VideoLimits.DEFAULTS.maxUploadBytes(), 4))
        .withQueue(new QueueLimits(q.capacity(), 100_000, q.maxDataBytes(), q.previewEvery())));
    byte[] clip = Files.readAllBytes(clip(clips, "clip", 0.6, false));
    // 6 frames, over 4.
    assertError(postVideo(http, TINY, clip), 400, "the clip has 6 frames to dream (the whole clip), over this "
        + "server's limit of 4 frames (--max-video-frames)");
    // A long clip is refused on its duration, before its frames are counted.
    byte[] minute = Files.readAllBytes(clip(clips, "minute", 60, false));
    assertError(postVideo(http, TINY, minute), 400, "about 600 frames");
    // Within the frame limit (every 2nd frame: 3) but over the compute budget, counted as a photo job's
    // pixel-steps for each frame and each warm-up pass of the first.
    var config = Presets.builder("video").model(TestModels.INCEPTION).steps(2).build();
    long needed = ComputeBudget.videoPixelSteps(160, 112, config, 3 + 1);
    assertThat(needed).isGreaterThan(100_000);
    assertError(postVideo(http, with(TINY, "every", "2"), clip), 400,
        String.format(Locale.ROOT, "this video needs %,d pixel-steps", needed));
    assertThat(postVideo(http, with(TINY, "every", "2"), clip).body()).contains("3 frames + 1 warm-up pass,")
        .contains("budget of 100,000");
    try (Stream<Path> jobs = Files.list(data.resolve("jobs"))) {
      assertThat(jobs).isEmpty();
    }

    // Too large to upload (413): by the clip's size, and by the request's length before the form is read.
    server.close();
    http = start(defaults().withVideo(new VideoLimits(100_000, VideoLimits.DEFAULTS.maxFrames())));
    byte[] big = Arrays.copyOf(clip, 400_000);
    assertError(postVideo(http, TINY, big), 413, "upload too large: 391 kB, at most 98 kB for a video");
    assertError(postVideo(http, TINY, Arrays.copyOf(clip, 3_000_000)), 413, "upload too large: at most 98 kB for a video");
  }

  @Test
  void withoutFfmpegAVideoJobIs503NamingWhatToInstall() throws Exception {
    Http http = start();
    byte[] clip = Files.readAllBytes(clip(clips, "clip", 0.6, false));
    Path empty = Files.createDirectories(clips.resolve("no-ffmpeg"));
    System.setProperty("deepdream.ffmpeg.dir", empty.toString());
    try {
      assertError(postVideo(http, TINY, clip), 503, "ffmpeg was not found");
    } finally {
      System.clearProperty("deepdream.ffmpeg.dir");
    }
  }

  @Test
  void aServerStoppedMidClipContinuesAfterItsFinishedFramesToTheSameVideo() throws Exception {
    Http http = start();
    Path clip = clip(clips, "clip", 0.8, true);
    // One octave: half the work of the video preset's two.
    Map<String, String> settings = with(TINY, "octaves", "0..0");
    String id = postVideo(http, settings, Files.readAllBytes(clip)).json().getAsJsonObject().get("id").getAsString();
    // Stop it (as SIGTERM does) once two frames are in its work folder.
    Path frames = data.resolve("jobs").resolve(id).resolve("frames");
    for (int i = 0; i < 6000 && !Files.exists(frames.resolve(FrameFiles.name(2))); i++) {
      Thread.sleep(20);
    }
    assertThat(frames.resolve(FrameFiles.name(2))).exists();
    server.close();
    JsonObject stopped = JsonParser.parseString(Files.readString(data.resolve("jobs").resolve(id).resolve("job.json")))
        .getAsJsonObject();
    assertThat(stopped.get("status").getAsString()).isEqualTo("queued");
    String seed = stopped.getAsJsonObject("params").get("seed").getAsString();
    int finished;
    try (Stream<Path> s = Files.list(frames)) {
      finished = (int) s.filter(p -> p.getFileName().toString().matches("frame-\\d{6}\\.png")).count();
    }
    assertThat(finished).isBetween(2, 7);
    assertThat(stopped.get("frames_done").getAsInt()).isEqualTo(finished);

    List<String[]> events = new CopyOnWriteArrayList<>();
    http = start();
    JsonObject requeued = http.get("/api/jobs/" + id).json().getAsJsonObject();
    assertThat(requeued.get("status").getAsString()).isIn("queued", "running");
    Http again = http;
    CompletableFuture<List<String[]>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return again.events(id, Duration.ofSeconds(300), events::add);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(waitFor(http, id, "done", "failed")).as(http.get("/api/jobs/" + id).body()).isEqualTo("done");
    stream.get(60, TimeUnit.SECONDS);
    JsonObject done = http.get("/api/jobs/" + id).json().getAsJsonObject();
    // It went on after its finished frames, and dreamed only the rest.
    assertThat(done.get("resumed_from").getAsInt()).isEqualTo(finished);
    assertThat(done.get("frames_done").getAsInt()).isEqualTo(8);
    Pattern number = Pattern.compile("\"frame\":(\\d+),");
    List<Integer> seen = events.stream().filter(e -> e[0].equals("frame")).map(e -> {
      Matcher m = number.matcher(e[1]);
      assertThat(m.find()).isTrue();
      return Integer.parseInt(m.group(1));
    }).toList();
    assertThat(seen).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThan(finished));

    // The same settings and seed, uninterrupted: the same frames, so the same video.
    String whole = postVideo(http, with(settings, "seed", seed), Files.readAllBytes(clip)).json().getAsJsonObject()
        .get("id").getAsString();
    assertThat(waitFor(http, whole, "done", "failed")).isEqualTo("done");
    Path a = data.resolve("jobs").resolve(id);
    Path b = data.resolve("jobs").resolve(whole);
    assertThat(Arrays.equals(ImageFiles.read(a.resolve("frame.png")).rgb(), ImageFiles.read(b.resolve("frame.png")).rgb()))
        .as("the last frame").isTrue();
    List<Picture> resumed = decode(a.resolve("result.mp4"));
    List<Picture> uninterrupted = decode(b.resolve("result.mp4"));
    assertThat(resumed).hasSize(8);
    assertThat(uninterrupted).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(Arrays.equals(resumed.get(i).rgb(), uninterrupted.get(i).rgb())).as("frame " + (i + 1)).isTrue();
    }
    assertThat(VideoInfo.probe(Ffmpeg.find(), a.resolve("result.mp4")).hasAudio()).isTrue();
  }
}
