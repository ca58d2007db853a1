package dev.deepdream.model;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Extracts part of a gzip'd tar file (an npm package) without any external tool. */
public final class Tarball {
  private Tarball() {}

  /**
   * Writes the regular files whose path starts with {@code prefix} into {@code dest}, keeping
   * their path below the prefix. Returns how many files were written.
   */
  public static int extract(Path tgz, String prefix, Path dest) throws IOException {
    int count = 0;
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
      byte[] header = new byte[512];
      String longName = null;
      while (readFully(in, header)) {
        if (isZero(header)) {
          break;
        }
        String name = longName != null ? longName : headerName(header);
        longName = null;
        long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        byte[] body = null;
        if (type == 'x' || type == 'L' || ((type == '0' || type == 0) && name.startsWith(prefix))) {
          body = in.readNBytes((int) size);
        } else {
          in.skipNBytes(size);
        }
        in.skipNBytes((512 - size % 512) % 512);
        if (type == 'x') {
          longName = paxPath(new String(body, StandardCharsets.UTF_8));
        } else if (type == 'L') {
          longName = new String(body, StandardCharsets.UTF_8).trim();
        } else if (body != null) {
          Path out = dest.resolve(name.substring(prefix.length())).normalize();
          if (!out.startsWith(dest)) {
            throw new IOException("tar entry " + name + " points outside the destination");
          }
          Files.createDirectories(out.getParent());
          Files.write(out, body);
          count++;
        }
      }
    }
    return count;
  }

  private static String headerName(byte[] h) {
    String name = text(h, 0, 100);
    String magic = text(h, 257, 6);
    if (magic.startsWith("ustar")) {
      String prefix = text(h, 345, 155);
      if (!prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
    }
    return name;
  }

  private static String paxPath(String records) {
    for (String line : records.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0 && line.startsWith("path=", sp + 1)) {
        return line.substring(sp + 6);
      }
    }
    return null;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int n = in.readNBytes(buf, 0, buf.length);
    return n == buf.length;
  }
}
