package dev.deepdream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fast")
class ImageFilesTest {
  @TempDir
  Path tmp;

  static int red(int rgb) {
    return (rgb >> 16) & 0xff;
  }

  static int blue(int rgb) {
    return rgb & 0xff;
  }

  /** 60 x 40: left half red, right half blue. */
  static BufferedImage halves() {
    BufferedImage img = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 30, 40);
    g.setColor(Color.BLUE);
    g.fillRect(30, 0, 30, 40);
    g.dispose();
    return img;
  }

  /** A JPEG with an EXIF APP1 segment holding orientation {@code o}, spliced after SOI. */
  static byte[] jpegWithOrientation(BufferedImage img, int o) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", out);
    byte[] jpeg = out.toByteArray();
    ByteBuffer tiff = ByteBuffer.allocate(26);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8).putShort((short) 1) // big-endian, IFD at 8, one entry
        .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) o).putShort((short) 0).putInt(0);
    byte[] exif = new byte[6 + tiff.capacity()];
    System.arraycopy("Exif\0\0".getBytes("ISO-8859-1"), 0, exif, 0, 6);
    System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
    ByteArrayOutputStream spliced = new ByteArrayOutputStream();
    spliced.write(jpeg, 0, 2);
    spliced.write(0xFF);
    spliced.write(0xE1);
    int len = exif.length + 2;
    spliced.write(len >> 8);
    spliced.write(len & 0xff);
    spliced.write(exif);
    spliced.write(jpeg, 2, jpeg.length - 2);
    return spliced.toByteArray();
  }

  @Test
  void exifRotatedJpegComesOutUpright() throws Exception {
    Path f = tmp.resolve("rotated.jpg");
    Files.write(f, jpegWithOrientation(halves(), 6)); // stored sideways: display rotated 90 degrees clockwise
    Picture p = ImageFiles.read(f);
    assertThat(p.width()).isEqualTo(40);
    assertThat(p.height()).isEqualTo(60);
    assertThat(red(p.rgb()[5 * 40 + 20])).isGreaterThan(200); // top: red
    assertThat(blue(p.rgb()[55 * 40 + 20])).isGreaterThan(200); // bottom: blue
    Files.write(f, jpegWithOrientation(halves(), 3)); // upside down
    Picture q = ImageFiles.read(f);
    assertThat(q.width()).isEqualTo(60);
    assertThat(blue(q.rgb()[20 * 60 + 5])).isGreaterThan(200); // left is now blue
  }

  @Test
  void greyPaletteAnd16BitBecomeRgb() throws Exception {
    BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 0, 0, 200);
    Path g = tmp.resolve("grey.png");
    ImageIO.write(grey, "png", g.toFile());
    Picture pg = ImageFiles.read(g);
    assertThat(pg.rgb()[1]).isEqualTo(0xC8C8C8); // 200 as is, not gamma-shifted
    assertThat(pg.hasAlpha()).isFalse();

    BufferedImage grey16 = new BufferedImage(4, 2, BufferedImage.TYPE_USHORT_GRAY);
    grey16.getRaster().setSample(2, 1, 0, 65535);
    Path g16 = tmp.resolve("grey16.png");
    ImageIO.write(grey16, "png", g16.toFile());
    assertThat(ImageFiles.read(g16).rgb()[4 + 2]).isEqualTo(0xFFFFFF);

    byte[] r = {0, (byte) 255};
    byte[] gr = {0, (byte) 128};
    byte[] b = {0, 0};
    BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, gr, b));
    pal.getRaster().setSample(2, 0, 0, 1);
    for (String fmt : new String[] {"png", "gif"}) {
      Path p = tmp.resolve("pal." + fmt);
      ImageIO.write(pal, fmt, p.toFile());
      assertThat(ImageFiles.read(p).rgb()[2]).as(fmt).isEqualTo(0xFF8000);
    }

    BufferedImage bmp = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
    bmp.setRGB(1, 0, 0x123456);
    Path pb = tmp.resolve("rgb.bmp");
    assertThat(ImageIO.write(bmp, "bmp", pb.toFile())).isTrue();
    assertThat(ImageFiles.read(pb).rgb()[1]).isEqualTo(0x123456);

    BufferedImage rgb48 = new BufferedImage(new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
        java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT),
        java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_USHORT, 2, 1, 3, null), false, null);
    rgb48.getRaster().setPixel(1, 0, new int[] {65535, 0, 32896});
    Path p48 = tmp.resolve("rgb48.png");
    ImageIO.write(rgb48, "png", p48.toFile());
    assertThat(ImageFiles.read(p48).rgb()[1]).isEqualTo(0xFF0080);
  }

  @Test
  void alphaIsKeptApartAndWrittenBack() throws Exception {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x80FF0000);
    argb.setRGB(1, 0, 0x0000FF00);
    argb.setRGB(2, 0, 0xFF0000FF);
    Path f = tmp.resolve("a.png");
    ImageIO.write(argb, "png", f.toFile());
    Picture p = ImageFiles.read(f);
    assertThat(p.alpha()).containsExactly((byte) 0x80, (byte) 0, (byte) 0xFF);
    assertThat(p.rgb()[0]).isEqualTo(0xFF0000);
    Path out = tmp.resolve("b.png");
    ImageFiles.write(p, out, Map.of("seed", "7"), 0.9f);
    assertThat(ImageFiles.read(out).alpha()).isEqualTo(p.alpha());
    assertThat(ImageFiles.readPngText(out)).containsEntry("seed", "7");
  }

  @Test
  void cmykJpegBecomesRgb() throws Exception {
    // A 4-channel JPEG with an Adobe marker (transform 0): read as CMYK, inverted as Adobe writes it.
    WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 8, 8, 4, null);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        raster.setPixel(x, y, new int[] {255, 255, 255, 255}); // inverted CMYK 0,0,0,0 = white
      }
    }
    var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    // Metadata with an Adobe APP14 marker, transform 0 (plain CMYK), and no JFIF marker.
    javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(
        javax.imageio.ImageTypeSpecifier.createFromRenderedImage(halves()), null);
    String fmt = "javax_imageio_jpeg_image_1.0";
    javax.imageio.metadata.IIOMetadataNode root = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree(fmt);
    org.w3c.dom.Node jpegVariety = root.getElementsByTagName("JPEGvariety").item(0);
    while (jpegVariety.hasChildNodes()) {
      jpegVariety.removeChild(jpegVariety.getFirstChild());
    }
    javax.imageio.metadata.IIOMetadataNode markers =
        (javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
    javax.imageio.metadata.IIOMetadataNode adobe = new javax.imageio.metadata.IIOMetadataNode("app14Adobe");
    adobe.setAttribute("version", "100");
    adobe.setAttribute("flags0", "0");
    adobe.setAttribute("flags1", "0");
    adobe.setAttribute("transform", "0");
    markers.insertBefore(adobe, markers.getFirstChild());
    // Four components in the frame and scan headers.
    javax.imageio.metadata.IIOMetadataNode sof = (javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("sof").item(0);
    javax.imageio.metadata.IIOMetadataNode sos = (javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("sos").item(0);
    sof.setAttribute("numFrameComponents", "4");
    sos.setAttribute("numScanComponents", "4");
    javax.imageio.metadata.IIOMetadataNode c = (javax.imageio.metadata.IIOMetadataNode) sof.getFirstChild();
    javax.imageio.metadata.IIOMetadataNode extra = new javax.imageio.metadata.IIOMetadataNode("componentSpec");
    extra.setAttribute("componentId", "4");
    extra.setAttribute("HsamplingFactor", "1");
    extra.setAttribute("VsamplingFactor", "1");
    extra.setAttribute("QtableSelector", c.getAttribute("QtableSelector"));
    for (org.w3c.dom.Node n = sof.getFirstChild(); n != null; n = n.getNextSibling()) {
      ((javax.imageio.metadata.IIOMetadataNode) n).setAttribute("HsamplingFactor", "1");
      ((javax.imageio.metadata.IIOMetadataNode) n).setAttribute("VsamplingFactor", "1");
    }
    sof.appendChild(extra);
    javax.imageio.metadata.IIOMetadataNode sc = (javax.imageio.metadata.IIOMetadataNode) sos.getFirstChild();
    javax.imageio.metadata.IIOMetadataNode extraScan = new javax.imageio.metadata.IIOMetadataNode("scanComponentSpec");
    extraScan.setAttribute("componentSelector", "4");
    extraScan.setAttribute("dcHuffTable", sc.getAttribute("dcHuffTable"));
    extraScan.setAttribute("acHuffTable", sc.getAttribute("acHuffTable"));
    sos.appendChild(extraScan);
    meta.setFromTree(fmt, root);
    Path f = tmp.resolve("cmyk.jpg");
    try (var ios = ImageIO.createImageOutputStream(f.toFile())) {
      writer.setOutput(ios);
      writer.write(null, new javax.imageio.IIOImage(raster, null, meta), null);
    }
    Picture p = ImageFiles.read(f);
    assertThat(p.width()).isEqualTo(8);
    assertThat(red(p.rgb()[0])).isGreaterThan(200);
    assertThat(p.hasAlpha()).isFalse();
  }

  @Test
  void badFilesGetOneLineErrorsNamingTheProblem() throws Exception {
    assertThatThrownBy(() -> ImageFiles.read(tmp.resolve("nope.png"))).hasMessageContaining("does not exist");
    Path empty = Files.createFile(tmp.resolve("empty.png"));
    assertThatThrownBy(() -> ImageFiles.read(empty)).hasMessageContaining("empty");
    Path text = Files.writeString(tmp.resolve("notes.png"), "hello, not an image");
    assertThatThrownBy(() -> ImageFiles.read(text)).hasMessageContaining("not an image");
    assertThatThrownBy(() -> ImageFiles.read(tmp)).hasMessageContaining("folder");

    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(halves(), "png", png);
    byte[] bytes = png.toByteArray();
    Path cut = tmp.resolve("cut.png");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ImageFiles.read(cut)).isInstanceOf(ImageException.class)
        .hasMessageContaining("truncated or corrupt");
    ByteArrayOutputStream jpg = new ByteArrayOutputStream();
    ImageIO.write(halves(), "jpg", jpg);
    Path cutJpg = tmp.resolve("cut.jpg");
    Files.write(cutJpg, java.util.Arrays.copyOf(jpg.toByteArray(), jpg.size() / 2));
    assertThatThrownBy(() -> ImageFiles.read(cutJpg)).hasMessageContaining("truncated or corrupt");
    assertThat(ImageFiles.read(Path.of("examples/chelsea.png")).width()).isEqualTo(451);
  }

  @Test
  void hugeImagesAreRefusedFromTheHeaderBeforeDecoding() throws Exception {
    // A PNG that claims 50000 x 40000 pixels: only its header exists.
    byte[] header = dev.deepdream.support.TestImages.pngHeaderOnly(50000, 40000);
    Path f = Files.write(tmp.resolve("huge.png"), header);
    assertThatThrownBy(() -> ImageFiles.read(f)).hasMessageContaining("50000x40000")
        .hasMessageContaining("2000 megapixels").hasMessageContaining("limit of 100");
  }

  @Test
  void writesAreAtomicAndByExtension() throws Exception {
    Picture p = ImageFiles.fromBufferedImage(halves());
    Path jpg = tmp.resolve("o.jpg");
    ImageFiles.write(p, jpg, Map.of(), 0.9f);
    assertThat(ImageIO.read(jpg.toFile()).getWidth()).isEqualTo(60);
    Path png = tmp.resolve("o.png");
    ImageFiles.write(p, png, Map.of("mode", "tiled"), 0.9f);
    assertThat(ImageFiles.read(png).rgb()).isEqualTo(p.rgb());
    assertThatThrownBy(() -> ImageFiles.write(p, tmp.resolve("o.gif"), Map.of(), 0.9f)).hasMessageContaining(".png");
    assertThatThrownBy(() -> ImageFiles.write(p, tmp.resolve("no/such/dir.png"), Map.of(), 0.9f))
        .hasMessageContaining("does not exist");
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("o.jpg", "o.png");
    }
  }

  @Test
  void resizeMatchesTensorflowBilinearByHand() {
    // 1 x 4 -> 1 x 2: half-pixel centres sample at 0.5 and 2.5, with no antialiasing.
    FloatImage row = new FloatImage(1, 1, 4, new float[] {0, 10, 20, 30});
    assertThat(row.resize(1, 2).data()).containsExactly(5f, 25f);
    // 1 x 2 -> 1 x 4: positions -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    FloatImage up = new FloatImage(1, 1, 2, new float[] {0, 8});
    assertThat(up.resize(1, 4).data()).containsExactly(0f, 2f, 6f, 8f);
  }
}
