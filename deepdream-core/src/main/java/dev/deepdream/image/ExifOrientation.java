package dev.deepdream.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * The EXIF orientation tag (0x0112) of a JPEG, read with TwelveMonkeys' metadata reader, and the
 * turn that makes a picture upright.
 */
final class ExifOrientation {
  private ExifOrientation() {}

  /** The orientation 1..8 stored in a JPEG's bytes, or 1 when there is none (or it is damaged). */
  public static int read(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      return 1;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
      List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
      if (exif.isEmpty()) {
        return 1;
      }
      InputStream data = exif.get(0).data();
      data.read(); // the pad byte after "Exif\0"
      try (ImageInputStream tiff = ImageIO.createImageInputStream(data)) {
        Directory ifd = new TIFFReader().read(tiff);
        Entry e = ifd.getEntryById(TIFF.TAG_ORIENTATION);
        int v = e != null && e.getValue() instanceof Number n ? n.intValue() : 1;
        return v >= 1 && v <= 8 ? v : 1;
      }
    } catch (IOException | RuntimeException e) {
      return 1; // a damaged EXIF block: ignore it, as viewers do
    }
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
