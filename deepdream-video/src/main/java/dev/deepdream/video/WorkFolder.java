package dev.deepdream.video;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A render's folder: its record ({@code render.json}: the input's hash, the size, the frame count
 * and every setting, seed included) and the dreamed frames so far, each written atomically. A
 * render whose record matches continues after its last frame.
 */
final class WorkFolder {
  static final String RECORD = FrameFiles.RECORD;
  private static final String SETTLED = "scene_settled_rms";
  /** The warm-up frames of pieces that start inside a shot, and the frames they are faded with. */
  static final String OVERLAP = FrameFiles.OVERLAP;
  private static final String ORIGINAL = "a-";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final Path dir;

  private WorkFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens {@code dir} for the render {@code record}: creates it, continues it when its record
   * matches, or (with {@code force}) clears the frames of another render.
   *
   * @throws BadOptionException when it holds another render's frames or files of its own
   */
  static WorkFolder open(Path dir, Map<String, String> record, boolean force) throws IOException {
    Path file = dir.resolve(RECORD);
    if (Files.isRegularFile(file)) {
      Map<String, String> old = RenderRecords.read(dir);
      if (!RenderRecords.sameRender(old, record)) {
        if (!force) {
          throw new BadOptionException("frame folder " + dir + " holds frames of another render ("
              + RenderRecords.firstDifference(old, record) + "); use --force to start over, or another --keep-frames"
              + " folder");
        }
        clear(dir);
      }
    } else if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        if (s.anyMatch(p -> !p.getFileName().toString().matches(FrameFiles.REGEX))) {
          throw new BadOptionException("frame folder " + dir + " has other files in it; give an empty or new folder");
        }
      }
      clear(dir);
    }
    Files.createDirectories(dir);
    AtomicFiles.write(file, tmp -> Files.writeString(tmp, GSON.toJson(record), StandardCharsets.UTF_8));
    return new WorkFolder(dir);
  }

  /** The seed recorded in {@code dir}'s record, or null. */
  static Long recordedSeed(Path dir) throws IOException {
    String s = RenderRecords.read(dir).get("seed");
    try {
      return s == null ? null : Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void clear(Path dir) throws IOException {
    AtomicFiles.deleteTree(dir.resolve(OVERLAP));
    try (var s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.matches(FrameFiles.REGEX) || n.equals(RECORD)) {
          Files.delete(p);
        }
      }
    }
  }

  Path dir() {
    return dir;
  }

  /** How many of frames first, first + 1, ..., last are on disk in a row: where a render continues from. */
  int finished(int first, int last) {
    int k = 0;
    while (first + k <= last && Files.isRegularFile(dir.resolve(FrameFiles.name(first + k)))) {
      k++;
    }
    return k;
  }

  Picture readFrame(int number) throws IOException {
    return ImageFiles.read(dir.resolve(FrameFiles.name(number)));
  }

  /** Writes a frame with the carried state a resume needs beyond its pixels (the scene's settled strength). */
  void writeFrame(int number, Picture frame, double settled) throws IOException {
    ImageFiles.write(frame, dir.resolve(FrameFiles.name(number)), Map.of("frame", Integer.toString(number),
        SETTLED, Double.toString(settled)), 1f);
  }

  /** The settled strength recorded with frame {@code number}. */
  double settledStrength(int number) throws IOException {
    String s = ImageFiles.readPngText(dir.resolve(FrameFiles.name(number))).get(SETTLED);
    try {
      return s == null ? 0 : Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Keeps a piece's warm-up frame {@code number} apart, for {@link #joinOverlaps}. */
  void writeOverlap(int number, Picture frame) throws IOException {
    Files.createDirectories(dir.resolve(OVERLAP));
    ImageFiles.write(frame, dir.resolve(OVERLAP).resolve(FrameFiles.name(number)), Map.of(), 1f);
  }

  /**
   * Fades across each run of overlapping frames t = b-W .. b-1 (frames of the piece before b and
   * warm-up frames of the piece from b): frame t becomes (1 - a) x its own + a x the warm-up
   * frame, a = (t - (b - W) + 1) / (W + 1), so the pattern changes over W frames, not at one.
   * The piece's own frame is kept apart first, so joining again gives the same frames.
   */
  static void joinOverlaps(Path dir) throws IOException {
    Path overlap = dir.resolve(OVERLAP);
    if (!Files.isDirectory(overlap)) {
      return;
    }
    java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>();
    try (var s = Files.list(overlap)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches(FrameFiles.REGEX))
          .forEach(n -> numbers.add(Integer.parseInt(n.substring(6, 12))));
    }
    while (!numbers.isEmpty()) {
      int from = numbers.first();
      int to = from;
      while (numbers.contains(to + 1)) {
        to++;
      }
      int width = to - from + 1;
      for (int t = from; t <= to; t++) {
        Path own = dir.resolve(FrameFiles.name(t));
        Path kept = overlap.resolve(ORIGINAL + FrameFiles.name(t));
        if (!Files.exists(kept)) {
          AtomicFiles.write(kept, tmp -> Files.copy(own, tmp));
        }
        Picture a = ImageFiles.read(kept);
        Picture b = ImageFiles.read(overlap.resolve(FrameFiles.name(t)));
        double alpha = (double) (t - from + 1) / (width + 1);
        Picture joined = Pixels.mix(a, b, alpha);
        ImageFiles.write(joined, own, ImageFiles.readPngText(kept), 1f);
        numbers.remove(t);
      }
    }
  }

  /** Deletes the frames and the record of {@code dir}, and the folder itself when nothing else is in it. */
  static void delete(Path dir) throws IOException {
    clear(dir);
    try (var s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        Files.delete(dir);
      }
    }
  }
}
