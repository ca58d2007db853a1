package dev.deepdream.spark;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells a path on one of Hadoop's file systems ({@code hdfs://nn/photos}, {@code s3a://bucket/x})
 * from a plain path of this machine ({@code /shared/photos}, {@code photos/a.jpg},
 * {@code file:///shared/photos}): the first goes through Hadoop's {@code FileSystem} API, the
 * second through {@code java.nio}, which keeps hard-link commits and writes no checksum files.
 */
final class Locations {
  private Locations() {}

  /** Whether {@code path} names a Hadoop file system other than the local one (a URI scheme, not file). */
  static boolean isHadoop(String path) {
    String scheme = scheme(path);
    return scheme != null && !scheme.equals("file");
  }

  /** A plain or {@code file:} path as a local path. */
  static Path local(String path) {
    return "file".equals(scheme(path)) ? Path.of(URI.create(path)) : Path.of(path);
  }

  /** A plain or {@code file:} path as an absolute local path (the same on every executor of a shared mount). */
  static Path absolute(String path) {
    return local(path).toAbsolutePath();
  }

  /** The URI scheme, lower case, or null (a one-letter "scheme" is a Windows drive). */
  private static String scheme(String path) {
    int colon = path.indexOf(':');
    if (colon < 2) {
      return null;
    }
    String s = path.substring(0, colon);
    return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? s.toLowerCase(Locale.ROOT) : null;
  }
}
