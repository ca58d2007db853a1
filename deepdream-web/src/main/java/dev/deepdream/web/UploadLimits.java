package dev.deepdream.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.util.Locale;

/**
 * An upload's size against its limit, checked before its form is read (413 with one line), and
 * sizes as the messages write them.
 */
final class UploadLimits {
  private UploadLimits() {}

  /**
   * Whether the request may be read as a job's form: replies 413 and gives false when it is over
   * {@code limit} (plus room for the settings), 400 when it is not multipart/form-data.
   *
   * @param field the file part the upload comes in: image, video or zip
   * @param forWhat what the limit is for, in messages: "" or " for a video"
   */
  static boolean accepts(Context ctx, long limit, String field, String forWhat) {
    if (ctx.contentLength() > limit + (1 << 20)) {
      Replies.error(ctx, 413, "upload too large: at most " + sizeText(limit) + forWhat);
      return false;
    }
    if (ctx.contentType() == null || !ctx.contentType().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      Replies.error(ctx, 400, "send the " + field + " as multipart/form-data with field '" + field + "'");
      return false;
    }
    return true;
  }

  /** Whether {@code upload} (null: none) is within {@code limit}; replies 413 and gives false when not. */
  static boolean withinLimit(Context ctx, UploadedFile upload, long limit, String forWhat) {
    if (upload != null && upload.size() > limit) {
      Replies.error(ctx, 413, "upload too large: " + sizeText(upload.size()) + ", at most " + sizeText(limit)
          + forWhat);
      return false;
    }
    return true;
  }

  /** Bytes as people read them in a message: 200 MB, 1.5 MB, 98 kB (powers of 1024). */
  static String sizeText(long bytes) {
    if (bytes < 1 << 20) {
      return Math.max(1, Math.round(bytes / 1024.0)) + " kB";
    }
    double mb = bytes / (double) (1 << 20);
    return (mb == Math.rint(mb) || mb >= 100 ? Long.toString(Math.round(mb))
        : String.format(Locale.ROOT, "%.1f", mb)) + " MB";
  }
}
