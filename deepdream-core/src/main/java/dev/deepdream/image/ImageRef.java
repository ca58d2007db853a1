package dev.deepdream.image;

import dev.deepdream.io.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A picture that steers a dream (a guide photo, a mask) together with the SHA-256 of where it
 * came from, so that settings can name it by hash: two refs are equal when their hashes are.
 *
 * @param sha256 hex SHA-256 of the file's bytes (or, for a picture made in code, of its pixels)
 * @param name the file name, for messages (never used to find the file)
 * @param picture the decoded pixels
 */
public record ImageRef(String sha256, String name, Picture picture) {
  /** Reads and hashes a file. */
  public static ImageRef read(Path file, long maxPixels) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return of(bytes, file.getFileName().toString(), maxPixels);
  }

  /** Decodes and hashes a file's bytes. */
  public static ImageRef of(byte[] fileBytes, String name, long maxPixels) throws ImageException {
    Picture p = ImageFiles.decode(fileBytes, name, maxPixels);
    return new ImageRef(Sha256.hex(fileBytes), name, p);
  }

  /** A picture made in code, named by the hash of its pixels. */
  public static ImageRef of(Picture picture, String name) {
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * picture.rgb().length + (picture.alpha() == null ? 0 : picture.alpha().length));
    b.putInt(picture.width()).putInt(picture.height());
    for (int v : picture.rgb()) {
      b.putInt(v);
    }
    if (picture.alpha() != null) {
      b.put(picture.alpha());
    }
    return new ImageRef(Sha256.hex(b.array()), name, picture);
  }

  /** The text settings record: {@code sha256:HEX}. */
  public String hashText() {
    return "sha256:" + sha256;
  }

  /** The hash in a settings text such as {@code sha256:HEX name.png}, or null when it names none. */
  public static String hashIn(String text) {
    String t = text.trim();
    if (!t.startsWith("sha256:")) {
      return null;
    }
    int end = t.indexOf(' ');
    return t.substring("sha256:".length(), end < 0 ? t.length() : end);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageRef r && r.sha256.equals(sha256);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return name + " (sha256 " + sha256.substring(0, 12) + "...)";
  }
}
