package dev.deepdream.web;

import static dev.deepdream.web.WebApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.deepdream.support.TestModels;
import dev.deepdream.web.ServerSettings.Listen;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call the server (no model needed: every request here is answered before a dream):
 * forged Host, foreign Origin or Referer, missing or wrong token, all refused and logged; the
 * frame headers; the token cookie.
 */
@Tag("fast")
class WebAccessTest {
  private static final String TOKEN = "test-token-0123456789";

  @TempDir
  Path data;

  private WebServer server;
  private final List<String> log = new CopyOnWriteArrayList<>();

  private Http start(UnaryOperator<Listen> tweak) throws Exception {
    server = new WebServer(ServerSettings.defaults(data).withListen(tweak.apply(Listen.loopback(0)))
        .withLog(log::add), TestModels.store());
    return new Http(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static int status(String raw) {
    return Integer.parseInt(raw.substring(9, 12));
  }

  private static String body(String raw) {
    return raw.substring(raw.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void aForgedHostIsRefusedAndLoggedWhileLoopbackNamesPass() throws Exception {
    Http http = start(l -> l);
    int port = server.port();
    // A DNS-rebinding page reaches 127.0.0.1 under its own name: that name is what the server sees.
    String refused = http.rawGet("/api/jobs", "evil.example:" + port);
    assertThat(status(refused)).as(refused).isEqualTo(403);
    assertThat(JsonParser.parseString(body(refused)).getAsJsonObject().get("error").getAsString())
        .contains("evil.example:" + port).contains("--allow-host evil.example");
    assertThat(status(http.rawGet("/", "evil.example:" + port))).isEqualTo(403); // the page too
    assertThat(status(http.rawGet("/api/jobs", "127.0.0.1:" + (port == 1 ? 2 : 1)))).isEqualTo(403); // another port
    assertThat(status(http.rawGet("/api/jobs", "127.0.0.1.evil.example:" + port))).isEqualTo(403);
    assertThat(log).anySatisfy(line -> assertThat(line).contains("refused 403 GET /api/jobs")
        .contains("Host 'evil.example:" + port + "'").contains("from 127.0.0.1"));

    for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port)) {
      String ok = http.rawGet("/api/jobs", host);
      assertThat(status(ok)).as(host).isEqualTo(200);
    }
    assertThat(status(http.rawGet("/", "localhost:" + port))).isEqualTo(200);
  }

  @Test
  void allowHostLetsANameIn() throws Exception {
    Http http = start(l -> new Listen(l.host(), l.port(), List.of("dream.lan", "proxy.lan:443"), l.token()));
    int port = server.port();
    assertThat(status(http.rawGet("/api/jobs", "dream.lan:" + port))).isEqualTo(200);
    assertThat(status(http.rawGet("/api/jobs", "DREAM.lan"))).isEqualTo(200); // any port for a bare name
    assertThat(status(http.rawGet("/api/jobs", "proxy.lan:443"))).isEqualTo(200);
    assertThat(status(http.rawGet("/api/jobs", "proxy.lan:" + port))).isEqualTo(403);
    assertThat(status(http.rawGet("/api/jobs", "evil.example:" + port))).isEqualTo(403);
    assertThatThrownBy(() -> new WebServer(ServerSettings.defaults(data)
        .withListen(new Listen("127.0.0.1", 0, List.of("bad host"), null)), TestModels.store()))
        .hasMessageContaining("--allow-host 'bad host'");
  }

  @Test
  void aForeignOriginMayNotChangeAnythingButTheSameOriginAndScriptsMay() throws Exception {
    Http http = start(l -> l);
    String own = "http://127.0.0.1:" + server.port();
    http.headers.put("Origin", "http://evil.example");
    // A form another site posts to us: refused before the upload is even read.
    assertError(http.postJob(Map.of("steps", "1"), new byte[] {1, 2, 3}, "a.png"), 403, "origin 'http://evil.example'");
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 403, "only this server's own page");
    assertError(http.delete("/api/jobs/nosuchjob123"), 403, "may not DELETE");
    assertThat(http.exchange("PUT", "/api/jobs", Map.of()).statusCode()).isEqualTo(403);
    assertThat(http.exchange("PATCH", "/api/jobs", Map.of()).statusCode()).isEqualTo(403);
    // Reading is not state-changing (and the browser keeps the answer from the other site).
    assertThat(http.get("/api/jobs").status()).isEqualTo(200);
    http.headers.put("Origin", "null"); // a sandboxed frame or a file
    assertThat(http.post("/api/jobs/nosuchjob123/cancel").status()).isEqualTo(403);
    http.headers.put("Origin", "http://127.0.0.1:" + (server.port() == 1 ? 2 : 1)); // another port is another origin
    assertThat(http.post("/api/jobs/nosuchjob123/cancel").status()).isEqualTo(403);
    assertThat(log).anySatisfy(line -> assertThat(line).contains("refused 403 POST /api/jobs")
        .contains("Origin 'http://evil.example'").contains("from 127.0.0.1"));

    // The page's own requests and Origin-less ones (curl, scripts) get through to the API.
    for (String origin : List.of(own, "http://localhost:" + server.port())) {
      http.headers.put("Origin", origin);
      assertError(http.postJob(Map.of("mode", "simple"), null, null), 400, "no image");
      assertError(http.post("/api/jobs/nosuchjob123/cancel"), 404, "no job");
    }
    http.headers.clear();
    assertError(http.postJob(Map.of("mode", "simple"), null, null), 400, "no image");
    assertError(http.delete("/api/jobs/nosuchjob123"), 404, "no job");
  }

  @Test
  void aForeignRefererWithoutOriginIsRefused() throws Exception {
    Http http = start(l -> l);
    http.headers.put("Referer", "http://evil.example/page?secret=1");
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 403, "http://evil.example/page");
    assertThat(log).anySatisfy(line -> assertThat(line).contains("Referer 'http://evil.example/page?...'")
        .doesNotContain("secret"));
    http.headers.put("Referer", "http://127.0.0.1:" + server.port() + "/");
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 404, "no job");
  }

  @Test
  void withATokenTheApiAnswers401WithoutIt() throws Exception {
    Http http = start(l -> new Listen(l.host(), l.port(), l.allowHosts(), TOKEN));
    assertThat(server.token()).isEqualTo(TOKEN);
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
    assertError(http.get("/api/jobs"), 401, "access token is needed");
    assertError(http.get("/api/params"), 401, "access token");
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 401, "access token");
    http.headers.put("Authorization", "Bearer wrong-token-0123456789");
    assertError(http.get("/api/jobs"), 401, "wrong access token");
    http.headers.put("Cookie", AccessGuard.cookieName(server.port()) + "=" + TOKEN + "x");
    http.headers.remove("Authorization");
    assertError(http.get("/api/jobs"), 401, "wrong access token");
    assertThat(log).anySatisfy(line -> assertThat(line).contains("refused 401 GET /api/jobs"));
    assertThat(log).noneMatch(line -> line.contains(TOKEN));

    http.headers.clear();
    http.headers.put("Authorization", "Bearer " + TOKEN);
    assertThat(http.get("/api/jobs").status()).isEqualTo(200);
    assertError(http.post("/api/jobs/nosuchjob123/cancel"), 404, "no job");
    // The page itself holds no secret: it loads, and its API calls carry the cookie.
    http.headers.clear();
    assertThat(http.get("/").status()).isEqualTo(200);
  }

  @Test
  void theTokenLinkSetsAStrictHttpOnlyCookieAndRedirects() throws Exception {
    Http http = start(l -> new Listen(l.host(), l.port(), l.allowHosts(), TOKEN));
    HttpResponse<String> r = http.exchange("GET", "/?token=" + TOKEN, Map.of());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(AccessGuard.cookieName(server.port()) + "=" + TOKEN + ";")
        .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    http.headers.put("Cookie", cookie.substring(0, cookie.indexOf(';')));
    assertThat(http.get("/api/jobs").status()).isEqualTo(200);

    HttpResponse<String> wrong = http.exchange("GET", "/?token=nope-nope-nope", Map.of());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(log).anySatisfy(line -> assertThat(line).contains("refused 401 GET /"));
  }

  @Test
  void onLoopbackNoTokenIsNeededUnlessGiven() throws Exception {
    Http http = start(l -> l);
    assertThat(server.token()).isNull();
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
    assertThat(http.get("/api/jobs").status()).isEqualTo(200);
    assertThat(HostNames.isLoopback("127.0.0.1")).isTrue();
    assertThat(HostNames.isLoopback("::1")).isTrue();
    assertThat(HostNames.isLoopback("localhost")).isTrue();
    // Beyond loopback a token is generated (not bound here: the tests stay on loopback).
    assertThat(HostNames.isLoopback("0.0.0.0")).isFalse();
    assertThat(HostNames.isWildcard("0.0.0.0")).isTrue();
    assertThat(HostNames.isLoopback("192.168.1.5")).isFalse();
    assertThat(AccessGuard.newToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(AccessGuard.newToken());
    assertThatThrownBy(() -> new Listen("127.0.0.1", 0, List.of(), "a b")).hasMessageContaining("token");
  }

  @Test
  void thePageAndTheApiKeepOutOfOtherSitesFrames() throws Exception {
    Http http = start(l -> new Listen(l.host(), l.port(), l.allowHosts(), TOKEN));
    for (String path : List.of("/", "/app.js", "/style.css", "/api/jobs", "/api/nosuch")) {
      HttpResponse<String> r = http.exchange("GET", path, Map.of());
      assertFrameHeaders(r, path);
    }
    HttpResponse<String> ok = http.exchange("GET", "/api/jobs", Map.of("Authorization", "Bearer " + TOKEN));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertFrameHeaders(ok, "/api/jobs with the token");
    HttpResponse<String> page = http.exchange("GET", "/", Map.of());
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'").contains("img-src 'self' data: blob:");
  }

  private static void assertFrameHeaders(HttpResponse<String> r, String what) {
    assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
    assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(v ->
        assertThat(v).contains("frame-ancestors 'none'"));
    assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
  }
}
