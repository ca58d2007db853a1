package dev.deepdream.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's replies: a JSON body with its status, or an error as {@code {"error", "status"}}. */
final class Replies {
  // Every field the API documents is in the reply, null when it has no value.
  private static final Gson GSON = new GsonBuilder().serializeNulls().create();

  private Replies() {}

  /** Replies {@code body} as JSON with {@code status}. */
  static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(toJson(body));
  }

  /** Replies {@code {"error": message, "status": status}}. */
  static void error(Context ctx, int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("status", status);
    json(ctx, status, body);
  }

  /** {@code body} as the replies write it. */
  static String toJson(Object body) {
    return GSON.toJson(body);
  }
}
