package dev.deepdream.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG from its APP1 segment, and turns pictures
 * upright accordingly.
 */
public final class ExifOrientation {
  private ExifOrientation() {}

  /** The orientation 1..8 stored in a JPEG's bytes, or 1 when there is none. */
  public static int read(byte[] jpeg) {
    try {
      if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
        return 1;
      }
      int pos = 2;
      while (pos + 4 <= jpeg.length) {
        if ((jpeg[pos] & 0xff) != 0xFF) {
          return 1;
        }
        int marker = jpeg[pos + 1] & 0xff;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
          pos += 2;
          continue;
        }
        if (marker == 0xDA || marker == 0xD9) {
          return 1; // start of scan: no EXIF before the image data
        }
        int len = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
        if (marker == 0xE1 && len >= 8 && startsWith(jpeg, pos + 4, "Exif\0\0")) {
          return fromTiff(jpeg, pos + 10, pos + 2 + len);
        }
        pos += 2 + len;
      }
    } catch (IndexOutOfBoundsException e) {
      return 1; // a damaged EXIF block: ignore it
    }
    return 1;
  }

  private static int fromTiff(byte[] b, int start, int end) {
    ByteBuffer buf = ByteBuffer.wrap(b, 0, Math.min(end, b.length));
    if (b[start] == 'I' && b[start + 1] == 'I') {
      buf.order(ByteOrder.LITTLE_ENDIAN);
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      buf.order(ByteOrder.BIG_ENDIAN);
    } else {
      return 1;
    }
    int ifd = start + buf.getInt(start + 4);
    int count = buf.getShort(ifd) & 0xffff;
    for (int i = 0; i < count; i++) {
      int entry = ifd + 2 + 12 * i;
      if ((buf.getShort(entry) & 0xffff) == 0x0112) {
        int v = buf.getShort(entry + 8) & 0xffff;
        return v >= 1 && v <= 8 ? v : 1;
      }
    }
    return 1;
  }

  private static boolean startsWith(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The picture turned so that orientation {@code o} displays upright. */
  public static Picture apply(Picture p, int o) {
    if (o <= 1 || o > 8) {
      return p;
    }
    int w = p.width();
    int h = p.height();
    boolean swap = o >= 5;
    int nw = swap ? h : w;
    int nh = swap ? w : h;
    int[] rgb = new int[w * h];
    byte[] alpha = p.alpha() == null ? null : new byte[w * h];
    for (int y = 0; y < nh; y++) {
      for (int x = 0; x < nw; x++) {
        int sx;
        int sy;
        switch (o) {
          case 2 -> { sx = w - 1 - x; sy = y; }
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
          case 4 -> { sx = x; sy = h - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = h - 1 - x; }
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
          default -> { sx = w - 1 - y; sy = x; } // 8
        }
        rgb[y * nw + x] = p.rgb()[sy * w + sx];
        if (alpha != null) {
          alpha[y * nw + x] = p.alpha()[sy * w + sx];
        }
      }
    }
    return new Picture(nw, nh, rgb, alpha);
  }
}
