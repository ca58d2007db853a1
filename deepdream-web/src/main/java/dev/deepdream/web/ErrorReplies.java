package dev.deepdream.web;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.ImageException;
import dev.deepdream.model.ModelFormatException;
import io.javalin.Javalin;
import io.javalin.http.Handler;

/**
 * What each failure of a request answers: one JSON line with its status. Javalin hands handlers'
 * exceptions to this table, but an {@link Error} (the heap exhausted by one request among many)
 * would end in Jetty's HTML 500 page; {@link #guarded} turns it into an exception the table
 * answers too.
 */
final class ErrorReplies {
  private ErrorReplies() {}

  /** An Error a handler threw, carried to the exception table. */
  static final class HandlerError extends RuntimeException {
    HandlerError(Error cause) {
      super(cause);
    }
  }

  /** {@code handler}, with any Error it throws answered as JSON like an exception. */
  static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Error e) {
        throw new HandlerError(e);
      }
    };
  }

  /** Registers each failure's reply on {@code app}. */
  static void install(Javalin app) {
    app.exception(AccessGuard.Refusal.class, (e, ctx) -> Replies.error(ctx, e.status, e.getMessage()));
    app.exception(BadOptionException.class, (e, ctx) -> Replies.error(ctx, 400, e.getMessage()));
    app.exception(ImageException.class, (e, ctx) -> Replies.error(ctx, 400, e.getMessage()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> Replies.error(ctx, 400, e.getMessage()));
    app.exception(JobQueue.QueueFullException.class, (e, ctx) -> Replies.error(ctx, 429, e.getMessage()));
    app.exception(JobRoutes.NoSuchJobException.class, (e, ctx) -> Replies.error(ctx, 404, e.getMessage()));
    // A damaged or missing model says what to do (e.g. 'deepdream models fetch NAME --force'), as the CLI does.
    app.exception(ModelFormatException.class, (e, ctx) -> Replies.error(ctx, 503, e.getMessage()));
    app.exception(HandlerError.class, (e, ctx) -> Replies.error(ctx, 503, e.getCause() instanceof OutOfMemoryError
        ? "the server ran out of memory on this request (" + e.getCause().getMessage() + "); try a smaller file, "
            + "or give the server more memory (DEEPDREAM_JAVA_OPTS=-Xmx8g)"
        : e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage()));
    app.exception(Exception.class, (e, ctx) -> Replies.error(ctx, 500, e.getClass().getSimpleName() + ": "
        + e.getMessage()));
    app.error(404, ctx -> {
      if (ctx.path().startsWith("/api/") && ctx.result() == null) {
        Replies.error(ctx, 404, "no such endpoint or job");
      }
    });
  }
}
