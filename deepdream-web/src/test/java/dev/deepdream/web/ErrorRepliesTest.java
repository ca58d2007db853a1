package dev.deepdream.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.javalin.Javalin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A request whose handler runs out of memory (or throws any other Error) answers one JSON line,
 * as an exception does, not Jetty's HTML 500 page; the server goes on answering.
 */
@Tag("fast")
class ErrorRepliesTest {
  @Test
  void anErrorInAHandlerIsAJsonReplyAndTheServerCarriesOn() throws Exception {
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    ErrorReplies.install(app);
    app.get("/api/boom", ErrorReplies.guarded(ctx -> {
      throw new OutOfMemoryError("Java heap space");
    }));
    app.get("/api/link", ErrorReplies.guarded(ctx -> {
      throw new UnsatisfiedLinkError("no libtorch");
    }));
    app.get("/api/fine", ErrorReplies.guarded(ctx -> ctx.result("fine")));
    app.start("127.0.0.1", 0);
    try {
      Http http = new Http(app.port());
      Http.Response boom = http.get("/api/boom");
      assertThat(boom.status()).isEqualTo(503);
      assertThat(boom.contentType()).startsWith("application/json");
      JsonObject body = boom.json().getAsJsonObject();
      assertThat(body.get("status").getAsInt()).isEqualTo(503);
      assertThat(body.get("error").getAsString()).contains("ran out of memory").contains("Java heap space")
          .doesNotContain("\n");
      assertThat(http.get("/api/link").json().getAsJsonObject().get("error").getAsString())
          .isEqualTo("UnsatisfiedLinkError: no libtorch");
      assertThat(http.get("/api/fine").body()).isEqualTo("fine");
    } finally {
      app.stop();
    }
  }
}
