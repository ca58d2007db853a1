package dev.deepdream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.image.ImageFiles;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own process: killed with SIGKILL (or stopped with SIGTERM) in the middle of a
 * job and started again, it continues the job from its last checkpoint and ends with the pixels of
 * an uninterrupted run; bound beyond loopback, its API needs the token it printed.
 */
@Tag("model")
class ServerProcessTest {
  @TempDir
  Path data;

  private final List<Process> processes = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private int port;

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  /** The line the server printed when it started listening. */
  private volatile String upLine;

  /** Starts {@code deepdream serve} in a new JVM and waits until it listens. */
  private void startServer(String... more) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xss4m", "-Dai.djl.offline=true", "-Ddeepdream.home=" + System.getProperty("deepdream.home"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", Integer.toString(port),
        "--data", data.toString()));
    cmd.addAll(List.of(more));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    CountDownLatch up = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.contains("deepdream web UI on")) {
            upLine = line;
            up.countDown();
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    assertThat(up.await(120, TimeUnit.SECONDS)).as("the server started").isTrue();
  }

  private String post(Map<String, String> fields) throws Exception {
    String boundary = "----deepdream" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"c.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(Files.readAllBytes(Path.of("examples/chelsea.png")));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString();
  }

  private JsonObject job(String id) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs/"
        + id)).build(), HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private void waitDone(String id) throws Exception {
    for (int i = 0; i < 1200; i++) {
      String s = job(id).get("status").getAsString();
      if (s.equals("done")) {
        return;
      }
      assertThat(s).as(job(id).toString()).isIn("queued", "running");
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not finish");
  }

  @Test
  void aKilledServerFinishesTheJobWithTheSamePixelsAfterARestart() throws Exception {
    stopMidJobAndCompare(true);
  }

  @Test
  void sigtermCheckpointsTheCurrentStepAndARestartFinishesTheJob() throws Exception {
    stopMidJobAndCompare(false);
  }

  /** Stops the server during a job (SIGKILL, or SIGTERM), restarts it, and compares with an uninterrupted run. */
  private void stopMidJobAndCompare(boolean kill) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> settings = Map.of("mode", "tiled", "octaves", "-2..0", "steps", "10", "tile_size", "128",
        "max_dim", "200");
    startServer();
    String id = post(settings);
    Path checkpoint = data.resolve("jobs").resolve(id).resolve("checkpoint.bin");
    for (int i = 0; i < 1200 && !Files.exists(checkpoint); i++) {
      Thread.sleep(50);
    }
    assertThat(checkpoint).as("the first octave's checkpoint").exists();
    Process first = processes.get(0);
    if (kill) {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
    } else {
      first.destroy(); // SIGTERM: the shutdown hook stops after the current step and checkpoints it
    }
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    JsonObject record = JsonParser.parseString(Files.readString(data.resolve("jobs").resolve(id).resolve("job.json")))
        .getAsJsonObject();
    assertThat(record.get("status").getAsString()).isEqualTo(kill ? "running" : "queued");
    String seed = record.getAsJsonObject("params").get("seed").getAsString();

    startServer();
    waitDone(id);
    Map<String, String> same = new java.util.HashMap<>(settings);
    same.put("seed", seed);
    String whole = post(same);
    waitDone(whole);
    assertThat(ImageFiles.read(data.resolve("jobs").resolve(id).resolve("result.png")).rgb())
        .isEqualTo(ImageFiles.read(data.resolve("jobs").resolve(whole).resolve("result.png")).rgb());
  }

  @Test
  @Tag("fast")
  void beyondLoopbackTheApiNeedsTheTokenPrintedWithTheUrl() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    startServer("--host", "0.0.0.0");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\?token=([A-Za-z0-9_-]+)").matcher(upLine);
    assertThat(m.find()).as(upLine).isTrue();
    String token = m.group(1);
    URI jobs = URI.create("http://127.0.0.1:" + port + "/api/jobs");
    HttpResponse<String> without = client.send(HttpRequest.newBuilder(jobs).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(without.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer x" + token)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> with = client.send(HttpRequest.newBuilder(jobs).header("Authorization", "Bearer " + token)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(with.statusCode()).isEqualTo(200);
  }
}
