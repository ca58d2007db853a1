package dev.deepdream.image;

import java.io.IOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * Image bytes in memory as an ImageInputStream that stops a decoder which keeps reading past the
 * end. Some decoders (WebP lossless) take the end of the data as zeros and go on "decoding" the
 * pixels a forged header promises, throwing and catching an EOFException at every read: a
 * 34-byte file claiming 100 megapixels would run for minutes. After {@link #READS_PAST_END} reads
 * at the end, reads fail with an IOException (not an EOFException, which such decoders swallow).
 */
final class ByteImageInput extends ImageInputStreamImpl {
  /** Far more than any decoder needs to notice the end; a decoder past it is making pixels up. */
  static final int READS_PAST_END = 1000;

  private final byte[] data;
  private int readsPastEnd;

  ByteImageInput(byte[] data) {
    this.data = data;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return end();
    }
    return data[(int) streamPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return end();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  private int end() throws IOException {
    if (++readsPastEnd > READS_PAST_END) {
      throw new IOException("the decoder keeps reading past the end of the data: its header promises more than the "
          + "file holds");
    }
    return -1;
  }
}
