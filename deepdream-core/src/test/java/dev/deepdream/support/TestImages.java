package dev.deepdream.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Image bytes made up for tests. */
public final class TestImages {
  private TestImages() {}

  /** A PNG signature and IHDR chunk claiming {@code width} x {@code height} RGB pixels, and nothing else. */
  public static byte[] pngHeaderOnly(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.ISO_8859_1)).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(ihdr.array());
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
