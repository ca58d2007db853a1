package dev.deepdream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepdream.support.TestImages;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decoding never takes the process down: a seeded mutation fuzz of the decoder over PNG, JPEG,
 * GIF, BMP and WebP (bit flips, truncations, spliced junk and header sizes up to 2^31) where every
 * case must end in a picture or an {@link ImageException}, each within seconds; and a header that
 * claims more pixels than the heap can hold is refused before anything is decoded. Seeds with
 * embedded colour profiles (JPEG and WebP) also get profiles that claim more than the file holds.
 * It runs in a JVM with a 1 GB heap (the pom's decode-fuzz execution), as a user's -Xmx1g would.
 */
@Tag("fast")
class DecodeFuzzTest {
  private static final long SEED = 20240612L;
  private static final int CASES_PER_SEED = 50;

  /** 1 x 1 WebP files (lossless, lossy, lossy with alpha): no WebP writer ships with ImageIO. */
  private static final String[] WEBP = {
    "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==",
    "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA",
    "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==",
  };

  /** The seeds: the example photos as they are, and small GIF and BMP versions of one. */
  static Map<String, byte[]> seeds() throws Exception {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put("chelsea.png", Files.readAllBytes(Path.of("examples/chelsea.png")));
    seeds.put("rocket.jpg", Files.readAllBytes(Path.of("examples/rocket.jpg")));
    BufferedImage small = ImageIO.read(Path.of("examples/chelsea.png").toFile());
    BufferedImage thumb = new BufferedImage(90, 60, BufferedImage.TYPE_INT_RGB);
    thumb.createGraphics().drawImage(small, 0, 0, 90, 60, null);
    for (String fmt : List.of("gif", "bmp")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(ImageIO.write(thumb, fmt, out)).as(fmt).isTrue();
      seeds.put("chelsea." + fmt, out.toByteArray());
    }
    for (int i = 0; i < WEBP.length; i++) {
      seeds.put("pixel" + i + ".webp", Base64.getDecoder().decode(WEBP[i]));
    }
    // Embedded colour profiles: the decoders allocate what a profile's header claims.
    byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    assertThat(ImageIO.write(thumb, "jpg", jpeg)).isTrue();
    seeds.put("profile.jpg", withJpegProfile(jpeg.toByteArray(), srgb, 2));
    seeds.put("profile.webp", withWebpProfile(Base64.getDecoder().decode(WEBP[0]), srgb));
    return seeds;
  }

  /** {@code jpeg} with {@code profile} in {@code chunks} APP2 ICC_PROFILE segments after its SOI. */
  static byte[] withJpegProfile(byte[] jpeg, byte[] profile, int chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    int per = (profile.length + chunks - 1) / chunks;
    for (int c = 0; c < chunks; c++) {
      int from = c * per;
      int n = Math.min(per, profile.length - from);
      int length = 2 + 12 + 2 + n;
      out.write(0xff);
      out.write(0xe2);
      out.write(length >> 8);
      out.write(length & 0xff);
      out.writeBytes("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.write(c + 1);
      out.write(chunks);
      out.write(profile, from, n);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A lossless 1 x 1 WebP ({@code vp8l}, a simple file) as an extended one with an ICCP chunk. */
  static byte[] withWebpProfile(byte[] vp8l, byte[] profile) {
    int padded = profile.length + (profile.length & 1);
    ByteBuffer b = ByteBuffer.allocate(12 + 18 + 8 + padded + vp8l.length - 12).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(b.capacity() - 8);
    b.put("WEBP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    b.put("VP8X".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(10);
    b.put((byte) 0x20).put(new byte[3]).put(new byte[6]); // the ICC flag; a 1 x 1 canvas (sizes minus one)
    b.put("ICCP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(profile.length).put(profile);
    b.put(new byte[padded - profile.length]);
    b.put(vp8l, 12, vp8l.length - 12);
    return b.array();
  }

  /** Where the profile's declared size lies in a seed made by {@link #seeds}, or -1. */
  static int profileSizeOffset(String name, byte[] b) {
    String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (name.endsWith(".jpg")) {
      int at = text.indexOf("ICC_PROFILE\0");
      return at < 0 ? -1 : at + 14;
    }
    int at = text.indexOf("ICCP");
    return at < 0 ? -1 : at + 8;
  }

  @Test
  void profilesClaimingMoreThanTheFileGiveOneLineErrorsOnASmallHeap() throws Exception {
    // The defect: a small file whose profile header claims ~2 GB took the header probe to an
    // OutOfMemoryError (this test runs with -Xmx1g, see the pom).
    for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
      int at = profileSizeOffset(seed.getKey(), seed.getValue());
      if (at < 0) {
        continue;
      }
      byte[] hostile = seed.getValue().clone();
      ByteBuffer.wrap(hostile).putInt(at, 0x7fff_fff0);
      long start = System.nanoTime();
      assertThatThrownBy(() -> ImageFiles.decode(hostile, "hostile-" + seed.getKey(), ImageFiles.DEFAULT_MAX_PIXELS))
          .isInstanceOf(ImageException.class).hasMessageNotContaining("\n")
          .hasMessage("hostile-" + seed.getKey() + " is corrupt: its embedded ICC colour profile claims 2147483632 bytes,"
              + " more than the whole file (" + hostile.length + " bytes)");
      assertThat((System.nanoTime() - start) / 1e9).as(seed.getKey()).isLessThan(2);
      Path file = Files.createTempFile("hostile", seed.getKey());
      try {
        Files.write(file, hostile);
        assertThat(ImageFiles.headerSize(file)).as("header probe of " + seed.getKey()).isNull();
        Files.write(file, seed.getValue());
        assertThat(ImageFiles.headerSize(file)).as("header probe of " + seed.getKey()).isNotNull();
      } finally {
        Files.delete(file);
      }
    }
    assertThat(Runtime.getRuntime().maxMemory()).as("the heap this test means to run on").isLessThan(1100L << 20);
  }

  @Test
  void theSeedsDecode() throws Exception {
    for (Map.Entry<String, byte[]> s : seeds().entrySet()) {
      assertThat(ImageFiles.decode(s.getValue(), s.getKey(), ImageFiles.DEFAULT_MAX_PIXELS).width()).as(s.getKey())
          .isPositive();
    }
  }

  @Test
  void everyMutatedFileEndsInAPictureOrAnImageException() throws Exception {
    Random random = new Random(SEED);
    List<String> failures = new ArrayList<>();
    int pictures = 0;
    int refused = 0;
    long start = System.nanoTime();
    ExecutorService decoder = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-decoder");
      t.setDaemon(true); // a hung decode must not keep the test JVM alive
      return t;
    });
    try {
      for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
        for (int i = 0; i < CASES_PER_SEED; i++) {
          StringBuilder how = new StringBuilder();
          byte[] bytes = mutate(seed.getKey(), seed.getValue(), random, how);
          String name = seed.getKey() + " #" + i + " (" + how + ")";
          Future<Object> f = decoder.submit(() -> {
            try {
              return ImageFiles.decode(bytes, name, ImageFiles.DEFAULT_MAX_PIXELS);
            } catch (ImageException e) {
              return e;
            } catch (Throwable t) { // the very thing this test looks for, OutOfMemoryError included
              return new AssertionError(t);
            }
          });
          Object result;
          try {
            result = f.get(10, TimeUnit.SECONDS);
          } catch (TimeoutException e) {
            failures.add(name + ": still decoding after 10 s");
            break; // the decoder thread is stuck; the failure says where
          }
          if (result instanceof Picture) {
            pictures++;
          } else if (result instanceof ImageException e) {
            refused++;
            assertThat(e.getMessage()).as(name).startsWith(name).doesNotContain("\n");
          } else {
            Throwable t = ((AssertionError) result).getCause();
            failures.add(name + ": " + t);
          }
        }
      }
    } finally {
      decoder.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("decoder fuzz: %d cases, %d pictures, %d ImageExceptions, %.1f s%n", pictures + refused
        + failures.size(), pictures, refused, seconds);
    assertThat(failures).isEmpty();
    assertThat(pictures + refused).isEqualTo(seeds().size() * CASES_PER_SEED);
    assertThat(seconds).isLessThan(60);
  }

  /** One mutation of {@code bytes}, described in {@code how}. */
  static byte[] mutate(String name, byte[] seed, Random r, StringBuilder how) {
    byte[] b = seed.clone();
    int profileAt = profileSizeOffset(name, b);
    if (profileAt >= 0 && r.nextInt(4) == 0) {
      int claimed = hugeOrOdd(r);
      how.append("profile claims ").append(Integer.toUnsignedString(claimed)).append(" bytes");
      ByteBuffer.wrap(b).putInt(profileAt, claimed);
      return b;
    }
    switch (r.nextInt(5)) {
      case 0 -> {
        int n = 1 + r.nextInt(8);
        how.append(n).append(" bit flips");
        for (int k = 0; k < n; k++) {
          // Half of them in the first 64 bytes, where the headers are.
          int at = r.nextBoolean() ? r.nextInt(Math.min(64, b.length)) : r.nextInt(b.length);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> {
        int len = r.nextInt(b.length);
        how.append("truncated to ").append(len);
        b = Arrays.copyOf(b, len);
      }
      case 2 -> {
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(64));
        how.append(len).append(" random bytes at ").append(at);
        byte[] junk = new byte[len];
        r.nextBytes(junk);
        System.arraycopy(junk, 0, b, at, len);
      }
      default -> {
        int w = hugeOrOdd(r);
        int h = hugeOrOdd(r);
        how.append("header says ").append(w).append('x').append(h);
        setSize(name, b, w, h);
      }
    }
    return b;
  }

  private static int hugeOrOdd(Random r) {
    int[] picks = {0, 1, 65535, 16383, 30000, 100_000, Integer.MAX_VALUE, -1, 1 << 20};
    return r.nextInt(3) == 0 ? r.nextInt(70_000) : picks[r.nextInt(picks.length)];
  }

  /** Writes a width and height into the format's header fields (as many bits as the field has). */
  static void setSize(String name, byte[] b, int w, int h) {
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer be = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
    if (name.endsWith(".png")) {
      be.putInt(16, w).putInt(20, h);
      CRC32 crc = new CRC32(); // a valid checksum, so that the reader gets as far as the sizes
      crc.update(b, 12, 17);
      be.putInt(29, (int) crc.getValue());
    } else if (name.endsWith(".jpg")) {
      for (int i = 2; i + 9 < b.length; i++) {
        if ((b[i] & 0xff) == 0xff && ((b[i + 1] & 0xff) == 0xc0 || (b[i + 1] & 0xff) == 0xc2)) {
          be.putShort(i + 5, (short) h).putShort(i + 7, (short) w);
          break;
        }
      }
    } else if (name.endsWith(".gif")) {
      le.putShort(6, (short) w).putShort(8, (short) h);
      if (b.length > 0x330) { // the first image descriptor after the global colour table
        for (int i = 13; i + 9 < b.length; i++) {
          if (b[i] == 0x2c) {
            le.putShort(i + 5, (short) w).putShort(i + 7, (short) h);
            break;
          }
        }
      }
    } else if (name.endsWith(".bmp")) {
      le.putInt(18, w).putInt(22, h);
    } else { // WebP: VP8L 14-bit sizes, VP8 16-bit sizes, VP8X 24-bit canvas
      String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (chunk.equals("VP8L")) {
        int bits = ((w - 1) & 0x3fff) | (((h - 1) & 0x3fff) << 14) | (b[24] & 0xc0) << 22;
        le.putInt(21, bits);
      } else if (chunk.equals("VP8 ")) {
        le.putShort(26, (short) w).putShort(28, (short) h);
      } else {
        put24(b, 24, w - 1);
        put24(b, 27, h - 1);
      }
    }
  }

  private static void put24(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >> 8);
    b[at + 2] = (byte) (v >> 16);
  }

  @Test
  void aHeaderClaimingMoreThanTheHeapIsRefusedBeforeDecoding() {
    // 60000 x 60000 RGB: about 60 GB decoded, beyond any test heap; only the header exists, so a
    // decode that started would end in "truncated", not in this message.
    byte[] header = TestImages.pngHeaderOnly(60000, 60000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> ImageFiles.decode(header, "big.png", Long.MAX_VALUE)).isInstanceOf(ImageException.class)
        .hasMessageContaining("big.png is 60000x60000 pixels and needs about")
        .hasMessageContaining("MB of memory to decode, more than the")
        .hasMessageContaining("-Xmx");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }
}
