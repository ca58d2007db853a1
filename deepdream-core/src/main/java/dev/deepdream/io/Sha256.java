package dev.deepdream.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one hash the program records: of bytes, or of a file read in a stream. */
public final class Sha256 {
  private Sha256() {}

  /** The digest of {@code bytes}. */
  public static byte[] digest(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  /** The digest of {@code bytes} as lower-case hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest(bytes));
  }

  /** The digest of a file as lower-case hex, read in a stream (a model's weights need not fit twice). */
  public static String hex(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hex(in);
    }
  }

  /** The digest of what {@code in} gives until its end, as lower-case hex (the caller closes it). */
  public static String hex(InputStream in) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
