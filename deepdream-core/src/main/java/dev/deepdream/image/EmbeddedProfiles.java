package dev.deepdream.image;

import java.nio.charset.StandardCharsets;

/**
 * Refuses a file whose embedded ICC colour profile claims more bytes than the file holds. The
 * decoders (TwelveMonkeys' JPEG and WebP readers, through {@code ColorProfiles.readProfile})
 * allocate the size an ICC header declares before reading it, so a 100 KB file declaring a 2 GB
 * profile exhausts the heap while its header is being probed, before any pixel-based memory
 * check can run. A real profile lies inside the file, so its declared size is at most the file's
 * length: checking that bounds the decoder's allocation by the bytes the user sent. Written by
 * hand because the readers offer no option to cap or skip the profile.
 */
final class EmbeddedProfiles {
  private static final byte[] JPEG_ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
  /** Bytes before an APP2 chunk's profile data: the identifier, the chunk's number and the count. */
  private static final int JPEG_ICC_PREFIX = JPEG_ICC.length + 2;

  private EmbeddedProfiles() {}

  /** Throws when {@code bytes} (a JPEG or WebP file) embeds a profile declaring more than it holds. */
  static void check(byte[] bytes, String what) throws ImageException {
    long declared = -1;
    if (isJpeg(bytes)) {
      declared = jpegDeclaredSize(bytes);
    } else if (isWebp(bytes)) {
      declared = webpDeclaredSize(bytes);
    }
    if (declared > bytes.length) {
      throw new ImageException(what + " is corrupt: its embedded ICC colour profile claims " + declared
          + " bytes, more than the whole file (" + bytes.length + " bytes)");
    }
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }

  private static boolean isWebp(byte[] b) {
    return b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP");
  }

  /**
   * The largest size declared by the first profile chunk in file order or the one numbered 1
   * (a reader may start from either); -1 when there is none. Walks the marker segments up to the
   * start of the scan.
   */
  private static long jpegDeclaredSize(byte[] b) {
    long declared = -1;
    boolean first = true;
    int at = 2;
    while (at + 4 <= b.length) {
      if ((b[at] & 0xff) != 0xff) {
        return declared; // not a marker: damaged, the decoder will say so
      }
      int marker = b[at + 1] & 0xff;
      if (marker == 0xff) {
        at++; // fill byte
        continue;
      }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2; // markers without a length
        continue;
      }
      if (marker == 0xda || marker == 0xd9) {
        return declared; // start of scan or end of image: no more headers
      }
      int length = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
      int data = at + 4;
      int dataEnd = Math.min(b.length, at + 2 + length);
      if (marker == 0xe2 && dataEnd - data >= JPEG_ICC_PREFIX + 4 && startsWith(b, data, JPEG_ICC)) {
        int sequence = b[data + JPEG_ICC.length] & 0xff;
        if (first || sequence == 1) {
          declared = Math.max(declared, uint32(b, data + JPEG_ICC_PREFIX));
          first = false;
        }
      }
      if (length < 2) {
        return declared;
      }
      at += 2 + length;
    }
    return declared;
  }

  /** The size declared by the ICCP chunk's profile header; -1 when there is none. */
  private static long webpDeclaredSize(byte[] b) {
    int at = 12;
    while (at + 8 <= b.length) {
      String id = ascii(b, at, 4);
      long size = uint32le(b, at + 4);
      if (id.equals("ICCP")) {
        return at + 12 <= b.length ? uint32(b, at + 8) : -1;
      }
      long next = at + 8 + size + (size & 1); // chunks are padded to an even size
      if (next > b.length) {
        return -1;
      }
      at = (int) next;
    }
    return -1;
  }

  private static boolean startsWith(byte[] b, int at, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] b, int at, int n) {
    return new String(b, at, n, StandardCharsets.ISO_8859_1);
  }

  private static long uint32(byte[] b, int at) {
    return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  private static long uint32le(byte[] b, int at) {
    return ((long) (b[at + 3] & 0xff) << 24) | ((b[at + 2] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at] & 0xff);
  }
}
