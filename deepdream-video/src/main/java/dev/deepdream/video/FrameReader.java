package dev.deepdream.video;

import dev.deepdream.image.Picture;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Decodes a {@link Clip}'s frames in time order through an ffmpeg subprocess (raw RGB on a pipe). */
public final class FrameReader implements AutoCloseable {
  private final Clip clip;
  private final Process process;
  private final DataInputStream in;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Thread errPump;
  private final byte[] buffer;
  private int index;

  FrameReader(Ffmpeg ffmpeg, Clip clip) throws IOException {
    this.clip = clip;
    List<String> args = clip.decodeArgs(true);
    args.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"));
    this.process = new ProcessBuilder(ffmpeg.ffmpegCommand(args)).start();
    this.process.getOutputStream().close();
    this.errPump = Ffmpeg.pump(process.getErrorStream(), err);
    this.in = new DataInputStream(process.getInputStream());
    this.buffer = new byte[clip.width() * clip.height() * 3];
  }

  /** The next frame, or null after the last. */
  public Picture next() throws IOException {
    try {
      in.readFully(buffer);
    } catch (EOFException e) {
      finish();
      return null;
    }
    index++;
    int n = clip.width() * clip.height();
    int[] rgb = new int[n];
    for (int p = 0, b = 0; p < n; p++, b += 3) {
      rgb[p] = ((buffer[b] & 0xff) << 16) | ((buffer[b + 1] & 0xff) << 8) | (buffer[b + 2] & 0xff);
    }
    return new Picture(clip.width(), clip.height(), rgb, null);
  }

  /** Skips {@code count} frames (decoding them: ffmpeg cannot seek by frame number exactly). */
  public void skip(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      if (next() == null) {
        throw new VideoException(clip.file() + " has fewer frames than before (" + index + ")");
      }
    }
  }

  /** Frames read so far. */
  public int index() {
    return index;
  }

  private void finish() throws IOException {
    try {
      int rc = process.waitFor();
      errPump.join();
      if (rc != 0) {
        throw new VideoException(clip.file() + " could not be decoded: "
            + Ffmpeg.firstLine(err.toString(StandardCharsets.UTF_8), "ffmpeg exit code " + rc));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VideoException("decoding " + clip.file() + " was interrupted");
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      in.close();
    } catch (IOException ignored) {
      // the process is gone
    }
  }
}
