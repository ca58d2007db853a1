package dev.deepdream.image;

import dev.deepdream.io.AtomicFiles;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reading and writing photos. Reads PNG, JPEG (CMYK too), BMP, GIF (first frame) and WebP;
 * honours EXIF orientation; turns grey, palette and 16-bit images into 8-bit RGB and keeps any
 * alpha channel apart. Writes PNG (with the dream's settings as text metadata) or JPEG, always
 * through a temporary file renamed into place.
 */
public final class ImageFiles {
  /** Default cap on pixels, checked from the header before decoding. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private ImageFiles() {}

  /** Reads {@code path} with the default pixel limit. */
  public static Picture read(Path path) throws IOException {
    return read(path, DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads the first image of {@code path}, upright and as 8-bit RGB (+ alpha).
   *
   * @throws ImageException naming the problem: missing, unreadable, not an image, truncated, too
   *     many pixels, more than the heap can hold (estimated from the header before decoding; an
   *     OutOfMemoryError during the decode becomes the same error)
   */
  public static Picture read(Path path, long maxPixels) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ImageException("input " + path + " does not exist");
    } catch (AccessDeniedException e) {
      throw new ImageException("input " + path + " cannot be read (permission denied)");
    } catch (IOException e) {
      if (Files.isDirectory(path)) {
        throw new ImageException("input " + path + " is a folder, not an image");
      }
      throw new ImageException("input " + path + " cannot be read: " + e.getMessage(), e);
    }
    return decode(bytes, path.toString(), maxPixels);
  }

  /** Decodes image bytes; {@code what} names the source in error messages. */
  public static Picture decode(byte[] bytes, String what, long maxPixels) throws ImageException {
    if (bytes.length == 0) {
      throw new ImageException(what + " is empty (0 bytes)");
    }
    EmbeddedProfiles.check(bytes, what); // before any reader allocates what a profile header claims
    try (ImageInputStream in = new ByteImageInput(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageException(what + " is not an image in a supported format (PNG, JPEG, BMP, GIF, WebP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw new ImageException(what + " is truncated or corrupt (its header says " + w + "x" + h + " pixels)");
        }
        if ((long) w * h > maxPixels) {
          throw new ImageException(what + " is " + w + "x" + h + " = " + ((long) w * h / 1_000_000) + " megapixels,"
              + " over the limit of " + (maxPixels / 1_000_000) + " megapixels");
        }
        long needed = bytesToDecode(reader, w, h);
        checkHeap(what, w, h, needed);
        AtomicReference<String> warning = new AtomicReference<>();
        reader.addIIOReadWarningListener(new IIOReadWarningListener() {
          @Override
          public void warningOccurred(ImageReader source, String message) {
            warning.compareAndSet(null, message);
          }
        });
        Picture p;
        try {
          BufferedImage img = reader.read(0);
          String warn = warning.get();
          if (warn != null && isTruncation(warn)) {
            throw new ImageException(what + " is truncated or corrupt (" + warn.trim() + ")");
          }
          p = toPicture(img);
          String format = reader.getFormatName().toLowerCase(Locale.ROOT);
          if (format.contains("jp")) {
            p = ExifOrientation.apply(p, ExifOrientation.read(bytes));
          }
        } catch (OutOfMemoryError e) {
          // The estimate was short (another thread took the heap, or a decoder's own buffers): the
          // half-decoded image is unreachable once we leave this block, so the process carries on.
          throw tooBig(what, w, h, needed, headroom());
        }
        return p;
      } finally {
        reader.dispose();
      }
    } catch (ImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new ImageException(what + " is truncated or corrupt (" + m.lines().findFirst().orElse(m) + ")", e);
    } catch (OutOfMemoryError e) {
      // A header field the checks above do not know drove an allocation: what the reader took is
      // unreachable once we leave, so the process carries on with a one-line error.
      throw new ImageException(what + " asks for more memory than this process has while its header is read"
          + " (a corrupt or hostile file)");
    }
  }

  /**
   * A picture file's width and height from its header, without decoding it; null when no reader
   * knows it or it is damaged (including an embedded profile that claims more than the file holds).
   */
  public static int[] headerSize(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      EmbeddedProfiles.check(bytes, file.toString());
      try (ImageInputStream in = new ByteImageInput(bytes)) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
          return null;
        }
        ImageReader reader = readers.next();
        try {
          reader.setInput(in, true, true);
          int w = reader.getWidth(0);
          int h = reader.getHeight(0);
          return w > 0 && h > 0 ? new int[] {w, h} : null;
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return null;
    }
  }

  /**
   * What decoding needs, from the header: the decoder's image (its bytes per pixel, as the
   * reader says it will decode) plus our copies in {@link #toPicture} (getRGB's int[], the RGB
   * int[] and the alpha byte[]) and one more Picture for EXIF rotation.
   */
  static long bytesToDecode(ImageReader reader, int w, int h) {
    long decoded = 4; // when the reader cannot say (e.g. CMYK JPEG): assume 8-bit RGBA
    try {
      ImageTypeSpecifier type = reader.getRawImageType(0);
      if (type == null) {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        type = types.hasNext() ? types.next() : null;
      }
      if (type != null) {
        SampleModel sm = type.getSampleModel(1, 1);
        decoded = Math.max(1, (long) DataBuffer.getDataTypeSize(sm.getDataType()) / 8 * sm.getNumDataElements());
      }
    } catch (IOException | RuntimeException e) {
      // keep the assumption; the decode itself will say what is wrong
    }
    long ours = 4 + 4 + 1 + 4 + 1;
    return (long) w * h * (decoded + ours);
  }

  /** Heap this process can still use: the maximum less what is in use, less a margin for everything else. */
  static long headroom() {
    Runtime rt = Runtime.getRuntime();
    long margin = Math.max(32L << 20, rt.maxMemory() / 10);
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - margin;
  }

  /** Refuses a decode that the heap cannot hold, before it starts. */
  private static void checkHeap(String what, int w, int h, long needed) throws ImageException {
    if (needed <= headroom()) {
      return;
    }
    // "In use" counts garbage not yet collected; only a refusal pays for this collection.
    System.gc();
    long room = headroom();
    if (needed > room) {
      throw tooBig(what, w, h, needed, room);
    }
  }

  private static ImageException tooBig(String what, int w, int h, long needed, long room) {
    return new ImageException(what + " is " + w + "x" + h + " pixels and needs about " + mb(needed) + " MB of memory "
        + "to decode, more than the " + mb(Math.max(0, room)) + " MB this process has free (give Java more with "
        + "-Xmx, or make the picture smaller)");
  }

  private static long mb(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  private static boolean isTruncation(String warning) {
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("premature") || w.contains("truncat") || w.contains("corrupt") || w.contains("end of");
  }

  /** A picture from a BufferedImage already in memory. */
  public static Picture fromBufferedImage(BufferedImage img) {
    return toPicture(img);
  }

  /** 8-bit RGB plus optional alpha from any decoded image. */
  static Picture toPicture(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    ColorModel cm = img.getColorModel();
    Raster raster = img.getRaster();
    int[] rgb = new int[w * h];
    byte[] alpha = cm.hasAlpha() ? new byte[w * h] : null;
    if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && raster.getNumBands() <= 2) {
      // Grey values are taken as they are: Java's grey colour space is linear and would brighten them.
      int bits = cm.getComponentSize(0);
      int[] px = new int[raster.getNumBands()];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          raster.getPixel(x, y, px);
          int g = to8bit(px[0], bits);
          rgb[y * w + x] = (g << 16) | (g << 8) | g;
          if (alpha != null) {
            alpha[y * w + x] = (byte) to8bit(px[1], cm.getComponentSize(1));
          }
        }
      }
      return new Picture(w, h, rgb, alpha);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w); // palette, 16-bit, RGB, CMYK: sRGB 8-bit
    for (int i = 0; i < argb.length; i++) {
      rgb[i] = argb[i] & 0xffffff;
      if (alpha != null) {
        alpha[i] = (byte) (argb[i] >>> 24);
      }
    }
    return new Picture(w, h, rgb, alpha);
  }

  private static int to8bit(int v, int bits) {
    if (bits == 8) {
      return v;
    }
    return (int) Math.round(v * 255.0 / ((1L << bits) - 1));
  }

  /** The output format for a path by its extension: "png" or "jpeg"; null if neither. */
  public static String formatFor(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      return "png";
    }
    if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      return "jpeg";
    }
    return null;
  }

  /**
   * Writes {@code picture} to {@code path} atomically (temporary file in the same folder, then a
   * rename): PNG with {@code text} as tEXt metadata, or JPEG at {@code jpegQuality} (0..1; alpha is
   * dropped, JPEG has none).
   */
  public static void write(Picture picture, Path path, Map<String, String> text, float jpegQuality) throws IOException {
    String format = formatFor(path);
    if (format == null) {
      throw new ImageException("output " + path + " must end in .png, .jpg or .jpeg");
    }
    Path dir = path.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new ImageException("output folder " + dir + " does not exist");
    }
    AtomicFiles.writeStream(path, out -> encode(picture, format, text, jpegQuality, out));
  }

  /** Encodes to PNG ("png") or JPEG ("jpeg") into a stream. */
  public static void encode(Picture picture, String format, Map<String, String> text, float jpegQuality,
      OutputStream out) throws IOException {
    boolean jpeg = format.equals("jpeg");
    BufferedImage img = (jpeg ? picture.withAlpha(null) : picture).toBufferedImage();
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata meta = null;
      if (jpeg) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      } else if (text != null && !text.isEmpty()) {
        meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        addPngText(meta, text);
      }
      writer.write(null, new IIOImage(img, null, meta), param);
    } finally {
      writer.dispose();
    }
  }

  private static void addPngText(IIOMetadata meta, Map<String, String> text) throws IIOInvalidTreeException {
    IIOMetadataNode textNode = new IIOMetadataNode("tEXt");
    for (Map.Entry<String, String> e : text.entrySet()) {
      IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
      entry.setAttribute("keyword", "deepdream:" + e.getKey());
      entry.setAttribute("value", e.getValue());
      textNode.appendChild(entry);
    }
    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
    root.appendChild(textNode);
    meta.mergeTree("javax_imageio_png_1.0", root);
  }

  /** The deepdream text entries of a PNG file (keyword without the "deepdream:" prefix). */
  public static Map<String, String> readPngText(Path path) throws IOException {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      reader.setInput(in);
      IIOMetadata meta = reader.getImageMetadata(0);
      org.w3c.dom.Node root = meta.getAsTree("javax_imageio_png_1.0");
      for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n.getNodeName().equals("tEXt")) {
          for (org.w3c.dom.Node e = n.getFirstChild(); e != null; e = e.getNextSibling()) {
            var attrs = e.getAttributes();
            String key = attrs.getNamedItem("keyword").getNodeValue();
            if (key.startsWith("deepdream:")) {
              out.put(key.substring("deepdream:".length()), attrs.getNamedItem("value").getNodeValue());
            }
          }
        }
      }
      reader.dispose();
    }
    return out;
  }
}
