package dev.deepdream.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.deepdream.image.FloatImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** The independent reference implementation's numbers in ../shared/reference (see its README). */
public final class Reference {
  /** The photos the reference covers. */
  public static final List<String> PHOTOS = List.of("chelsea", "coffee");

  private final Path dir;
  private final JsonObject json;

  private Reference(Path dir) throws IOException {
    this.dir = dir;
    this.json = JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject();
  }

  /** The shared folder beside the checkout (or -Ddeepdream.shared=...). */
  public static Path sharedDir() {
    String p = System.getProperty("deepdream.shared");
    if (p != null) {
      return Path.of(p);
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path d = here; d != null; d = d.getParent()) {
      Path s = d.resolveSibling("shared");
      if (Files.isDirectory(s.resolve("reference"))) {
        return s;
      }
    }
    return here.resolveSibling("shared");
  }

  /**
   * The reference of one photo. Without ../shared (a fresh clone elsewhere) the calling test is
   * skipped with a message saying so; CI always has it beside the checkout.
   */
  public static Reference of(String photo) throws IOException {
    Path dir = sharedDir().resolve("reference").resolve(photo);
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir),
        "reference data not found at " + dir + " (../shared beside the checkout): comparison skipped");
    return new Reference(dir);
  }

  public JsonObject json() {
    return json;
  }

  public int height() {
    return json.get("height").getAsInt();
  }

  public int width() {
    return json.get("width").getAsInt();
  }

  /** input.png preprocessed as x / 127.5 - 1, CHW. */
  public FloatImage input() throws IOException {
    BufferedImage img = ImageIO.read(dir.resolve("input.png").toFile());
    int h = img.getHeight();
    int w = img.getWidth();
    float[] chw = new float[3 * h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int p = y * w + x;
        chw[p] = ((rgb >> 16) & 0xff) / 127.5f - 1f;
        chw[h * w + p] = ((rgb >> 8) & 0xff) / 127.5f - 1f;
        chw[2 * h * w + p] = (rgb & 0xff) / 127.5f - 1f;
      }
    }
    return new FloatImage(3, h, w, chw);
  }

  /** A float32 HWC file of the reference (grad.f32, simple1.f32 ...) as a CHW image. */
  public FloatImage tensor(String file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
    float[] hwc = new float[b.remaining() / 4];
    b.asFloatBuffer().get(hwc);
    return FloatImage.fromHwc(hwc, height(), width(), 3);
  }

  public static double norm(float[] a) {
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return Math.sqrt(s);
  }
}
