package dev.deepdream.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A small HTTP client for the API tests: real requests over loopback. */
final class Http {
  final String base;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Headers sent with every request (Origin, Authorization, Cookie, ...). */
  final Map<String, String> headers = new java.util.LinkedHashMap<>();
  private final int port;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.port = port;
  }

  /** A request with these headers, answered in full (status, headers, body). */
  HttpResponse<String> exchange(String method, String path, Map<String, String> extra) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    extra.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A GET with a Host header of our choosing, which HttpClient does not allow: written by hand
   * over a socket to 127.0.0.1. Returns the whole response (status line, headers, body).
   */
  String rawGet(String path, String host) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  record Response(int status, String body, byte[] bytes, String contentType, java.net.http.HttpHeaders headers) {
    JsonElement json() {
      return JsonParser.parseString(body);
    }

    /** A response header's first value, or "". */
    String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  Response get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Response delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** One part of a multipart form: a text value, or a file's bytes. */
  record Part(String name, String text, byte[] file) {
    static Part text(String name, String value) {
      return new Part(name, value, null);
    }

    static Part file(String name, byte[] bytes) {
      return new Part(name, null, bytes);
    }
  }

  /** POST multipart/form-data with text fields and an optional file in field 'image'. */
  Response postJob(Map<String, String> fields, byte[] image, String filename) throws Exception {
    return postJobWithFiles(fields, image == null ? Map.of() : Map.of("image", image), filename);
  }

  /** POST multipart/form-data with text fields and several files (field name to bytes). */
  Response postJobWithFiles(Map<String, String> fields, Map<String, byte[]> files) throws Exception {
    return postJobWithFiles(fields, files, null);
  }

  /** As above; the image's file name as the browser would send it (never used on disk by the server). */
  Response postJobWithFiles(Map<String, String> fields, Map<String, byte[]> files, String imageName) throws Exception {
    List<Part> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(Part.text(k, v)));
    files.forEach((k, v) -> parts.add(Part.file(k, v)));
    return postForm(parts, imageName);
  }

  /** POST multipart/form-data with the parts in this order (names may repeat, as for masks). */
  Response postForm(List<Part> parts, String imageName) throws Exception {
    return postForm("/api/jobs", parts, imageName);
  }

  /** POST multipart/form-data to {@code path} (e.g. /api/jobs/video) with the parts in this order. */
  Response postForm(String path, List<Part> parts, String imageName) throws Exception {
    String boundary = "----deepdreamtest" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = 0;
    for (Part p : parts) {
      if (p.file() == null) {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"\r\n\r\n"
            + p.text() + "\r\n").getBytes(StandardCharsets.UTF_8));
        continue;
      }
      String filename = p.name().equals("image") && imageName != null ? imageName : p.name() + (n++) + ".bin";
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\"; filename=\""
          + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(p.file());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  private Response send(HttpRequest.Builder b) throws IOException, InterruptedException {
    headers.forEach(b::header);
    HttpResponse<byte[]> r = client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.body(),
        r.headers().firstValue("content-type").orElse(""), r.headers());
  }

  /** The server-sent events of a job, as (event, data) pairs, until "end" (or the timeout). */
  List<String[]> events(String id, Duration timeout) throws Exception {
    return events(id, timeout, e -> { });
  }

  /** As above, handing each event to {@code each} as it arrives. */
  List<String[]> events(String id, Duration timeout, java.util.function.Consumer<String[]> each) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/events"))
        .timeout(timeout)
        .header("Accept", "text/event-stream").GET();
    headers.forEach(builder::header);
    HttpRequest req = builder.build();
    HttpResponse<Stream<String>> r = client.send(req, HttpResponse.BodyHandlers.ofLines());
    List<String[]> out = new ArrayList<>();
    String event = "message";
    try (Stream<String> lines = r.body()) {
      var it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          out.add(new String[] {event, line.substring(5).trim()});
          each.accept(out.get(out.size() - 1));
          if (event.equals("end")) {
            break;
          }
        }
      }
    }
    return out;
  }
}
