package dev.deepdream.app;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.cli.Benchmark;
import dev.deepdream.model.ModelStore;
import dev.deepdream.web.ServerSettings;
import dev.deepdream.web.ServerSettings.Listen;
import dev.deepdream.web.ServerSettings.QueueLimits;
import dev.deepdream.web.WebServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load test of the web server on loopback (not part of the unit suite; run by
 * {@code bench/server-load}): N concurrent uploads and M event-stream clients against a queue of 8,
 * while a probe times the API. Reports what was accepted, refused with 429, any 5xx (must be 0),
 * the jobs finished, the API's p50/p99 latency while jobs run, and the peak memory. Every loop is
 * bounded in count and time, and it stops by itself.
 */
public final class ServerLoadBench {
  private ServerLoadBench() {}

  /** Arguments: [uploads (24)] [stream clients (16)] [time limit in seconds (300)]. */
  public static void main(String[] args) throws Exception {
    int uploads = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long limitMillis = (args.length > 2 ? Long.parseLong(args[2]) : 300) * 1000;
    Path data = Files.createTempDirectory("deepdream-load");
    QueueLimits queue = QueueLimits.DEFAULTS;
    ServerSettings settings = ServerSettings.defaults(data).withListen(Listen.loopback(0))
        .withQueue(new QueueLimits(8, queue.maxCompute(), queue.maxDataBytes(), queue.previewEvery()));
    ModelStore models = ModelStore.standard(text -> System.err.println("[models] " + text));
    long start = System.currentTimeMillis();
    try (WebServer server = new WebServer(settings, models)) {
      String base = "http://127.0.0.1:" + server.port();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      byte[] photo = Files.readAllBytes(Path.of("examples/chelsea.png"));

      // N uploads at once: small jobs, so the queue of 8 fills and some are refused.
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger full = new AtomicInteger();
      AtomicInteger serverErrors = new AtomicInteger();
      AtomicInteger other = new AtomicInteger();
      List<String> ids = Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Void>> posts = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        posts.add(client.sendAsync(upload(base, photo, i), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
          if (r.statusCode() == 202) {
            accepted.incrementAndGet();
            ids.add(JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString());
          } else if (r.statusCode() == 429) {
            full.incrementAndGet();
          } else if (r.statusCode() >= 500) {
            serverErrors.incrementAndGet();
          } else {
            other.incrementAndGet();
          }
        }));
      }
      CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      // M event-stream clients on the accepted jobs, each reading until the job's end event.
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, streams));
      AtomicInteger streamsEnded = new AtomicInteger();
      AtomicInteger events = new AtomicInteger();
      for (int i = 0; i < streams && !ids.isEmpty(); i++) {
        String id = ids.get(i % ids.size());
        pool.submit(() -> {
          try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id
                + "/events")).header("Accept", "text/event-stream").timeout(Duration.ofMillis(limitMillis)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
              for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("event:")) {
                  events.incrementAndGet();
                  if (line.contains("end")) {
                    streamsEnded.incrementAndGet();
                    return;
                  }
                }
              }
            }
          } catch (Exception e) {
            // counted as a stream that did not end
          }
        });
      }

      // The probe: GET /api/jobs every 50 ms while jobs run.
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread probe = new Thread(() -> {
        while (running.get()) {
          long t = System.nanoTime();
          try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs")).build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500) {
              serverErrors.incrementAndGet();
            }
            latencies.add((System.nanoTime() - t) / 1_000_000);
            Thread.sleep(50);
          } catch (Exception e) {
            return;
          }
        }
      });
      probe.start();

      int finished = 0;
      while (System.currentTimeMillis() - start < limitMillis) {
        finished = 0;
        for (String id : List.copyOf(ids)) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id)).build(),
              HttpResponse.BodyHandlers.ofString());
          String status = JsonParser.parseString(r.body()).getAsJsonObject().get("status").getAsString();
          if (!status.equals("queued") && !status.equals("running")) {
            finished++;
          }
        }
        if (finished == ids.size()) {
          break;
        }
        Thread.sleep(250);
      }
      running.set(false);
      probe.join(5000);
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
      pool.shutdownNow();

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      JsonObject report = new JsonObject();
      report.addProperty("uploads", uploads);
      report.addProperty("accepted", accepted.get());
      report.addProperty("refused_429", full.get());
      report.addProperty("server_errors_5xx", serverErrors.get());
      report.addProperty("other_status", other.get());
      report.addProperty("jobs_finished", finished);
      report.addProperty("stream_clients", streams);
      report.addProperty("streams_ended", streamsEnded.get());
      report.addProperty("events_received", events.get());
      report.addProperty("api_probes", sorted.size());
      report.addProperty("api_p50_ms", percentile(sorted, 0.50));
      report.addProperty("api_p99_ms", percentile(sorted, 0.99));
      report.addProperty("peak_rss_mb", Benchmark.peakRssMb());
      report.addProperty("seconds", (System.currentTimeMillis() - start) / 1000.0);
      System.out.println(report);
      System.exit(serverErrors.get() == 0 && finished == ids.size() ? 0 : 1);
    }
  }

  private static HttpRequest upload(String base, byte[] photo, int i) {
    String boundary = "----load" + i;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String[][] fields = {{"mode", "simple"}, {"steps", "3"}, {"max_dim", "128"}, {"seed", Integer.toString(i)}};
    for (String[] f : fields) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1]
          + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(photo);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(base + "/api/jobs")).header("Content-Type",
        "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .timeout(Duration.ofSeconds(60)).build();
  }

  private static long percentile(List<Long> sorted, double q) {
    return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}
