package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import dev.deepdream.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where a dream stands, to continue it later exactly as if it had not stopped: the octave and the
 * steps done in it, the image (model range, at that octave's size), the detail carried between
 * octaves, the random generator's state and the losses so far. Written after every octave and when
 * a dream is stopped, so a crash loses at most one octave of work.
 *
 * @param octaveIndex position of the octave in the run
 * @param begun whether that octave has begun: the image is at its size (otherwise it is the
 *     previous octave's result, still to be resized)
 * @param stepsDone steps finished in that octave
 * @param image the image
 * @param carried the detail carried to the next octave (detail mode), or null
 * @param random the state of the dream's random generator
 * @param losses the loss of every step so far
 */
public record DreamCheckpoint(int octaveIndex, boolean begun, int stepsDone, FloatImage image, FloatImage carried, byte[] random,
    List<Float> losses) {
  private static final int MAGIC = 0x44444350; // "DDCP"

  /** The generator's state, serialised (java.util.Random is Serializable and keeps its seed there). */
  static byte[] state(Random random) {
    try (ByteArrayOutputStream b = new ByteArrayOutputStream(); ObjectOutputStream o = new ObjectOutputStream(b)) {
      o.writeObject(random);
      o.flush();
      return b.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The generator restored. */
  Random restoreRandom() {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(random))) {
      return (Random) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("damaged checkpoint: " + e.getMessage(), e);
    }
  }

  /** Writes the checkpoint atomically. */
  public void save(Path file) throws IOException {
    AtomicFiles.writeStream(file, os -> {
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os));
      out.writeInt(MAGIC);
      out.writeInt(octaveIndex);
      out.writeBoolean(begun);
      out.writeInt(stepsDone);
      writeImage(out, image);
      out.writeBoolean(carried != null);
      if (carried != null) {
        writeImage(out, carried);
      }
      out.writeInt(random.length);
      out.write(random);
      out.writeInt(losses.size());
      for (float l : losses) {
        out.writeFloat(l);
      }
      out.flush();
    });
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IOException when the file is not a whole checkpoint
   */
  public static DreamCheckpoint load(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + " is not a dream checkpoint");
      }
      int octave = in.readInt();
      boolean begun = in.readBoolean();
      int steps = in.readInt();
      FloatImage image = readImage(in);
      FloatImage carried = in.readBoolean() ? readImage(in) : null;
      byte[] random = in.readNBytes(in.readInt());
      int n = in.readInt();
      List<Float> losses = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        losses.add(in.readFloat());
      }
      return new DreamCheckpoint(octave, begun, steps, image, carried, random, losses);
    } catch (java.io.EOFException e) {
      throw new IOException(file + " is a truncated dream checkpoint", e);
    }
  }

  private static void writeImage(DataOutputStream out, FloatImage img) throws IOException {
    out.writeInt(img.channels());
    out.writeInt(img.height());
    out.writeInt(img.width());
    for (float v : img.data()) {
      out.writeFloat(v);
    }
  }

  private static FloatImage readImage(DataInputStream in) throws IOException {
    int c = in.readInt();
    int h = in.readInt();
    int w = in.readInt();
    if (c < 1 || h < 1 || w < 1 || (long) c * h * w > 1L << 30) {
      throw new IOException("damaged checkpoint: image " + c + "x" + h + "x" + w);
    }
    float[] d = new float[c * h * w];
    for (int i = 0; i < d.length; i++) {
      d[i] = in.readFloat();
    }
    return new FloatImage(c, h, w, d);
  }
}
