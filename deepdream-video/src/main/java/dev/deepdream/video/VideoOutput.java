package dev.deepdream.video;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a dreamed clip goes: an MP4 (H.264 + AAC, the input's sound), a GIF, or a folder of PNG
 * frames; each written whole or not at all (a temporary file or folder, then a rename).
 */
public final class VideoOutput {
  /** The kinds of output. */
  public enum Kind {
    /** H.264 video with the input's sound as AAC, in MP4 (or .mov / .mkv). */
    MP4,
    /** An animated GIF (no sound). */
    GIF,
    /** A folder of PNG frames, {@code frame-000001.png} on. */
    FRAMES
  }

  private final Path path;
  private final Kind kind;

  private VideoOutput(Path path, Kind kind) {
    this.path = path;
    this.kind = kind;
  }

  /**
   * The output for {@code path}, by its extension: .mp4/.mov/.mkv, .gif, or no extension (or an
   * existing folder) for PNG frames.
   *
   * @throws BadOptionException for another extension
   */
  public static VideoOutput of(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    if (Files.isDirectory(path) || ext.isEmpty()) {
      return new VideoOutput(path, Kind.FRAMES);
    }
    return switch (ext) {
      case "mp4", "mov", "mkv" -> new VideoOutput(path, Kind.MP4);
      case "gif" -> new VideoOutput(path, Kind.GIF);
      default -> throw new BadOptionException("output " + path + " must end in .mp4, .mov, .mkv or .gif, or be a "
          + "folder (no extension) for PNG frames");
    };
  }

  /** The output path. */
  public Path path() {
    return path;
  }

  /** The kind of output. */
  public Kind kind() {
    return kind;
  }

  /** Whether something is already there (a folder counts only when it has files). */
  public boolean exists() throws IOException {
    if (kind == Kind.FRAMES && Files.isDirectory(path)) {
      try (var s = Files.list(path)) {
        return s.findAny().isPresent();
      }
    }
    return Files.exists(path);
  }

  /**
   * Writes the {@code count} frames {@code frames.resolve(FrameFiles.name(i))} as this output, at
   * {@code clip}'s output frame rate, with {@code clip}'s sound for an MP4.
   */
  public void write(Ffmpeg ffmpeg, Path frames, int count, Clip clip) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new VideoException("output folder " + dir + " does not exist");
    }
    if (kind == Kind.FRAMES) {
      writeFolder(frames, count);
      return;
    }
    AtomicFiles.write(path, tmp -> ffmpeg.runFfmpeg(encodeArgs(frames, count, clip, tmp),
        "writing " + path + " failed"));
  }

  /** The ffmpeg arguments that encode the frames (and for an MP4 the clip's sound) into {@code tmp}. */
  private List<String> encodeArgs(Path frames, int count, Clip clip, Path tmp) {
    List<String> args = new ArrayList<>(List.of("-y", "-framerate", clip.outputRate(), "-start_number", "1",
        "-i", frames.resolve(FrameFiles.PATTERN).toString()));
    if (kind == Kind.GIF) {
      args.addAll(List.of("-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-f", "gif", tmp.toString()));
      return args;
    }
    boolean sound = clip.info().hasAudio();
    if (sound) {
      // The sound of the same time range; input-side seeking is exact when it is re-encoded.
      args.addAll(List.of("-ss", Clip.fmt(clip.start())));
      if (clip.end() != null) {
        args.addAll(List.of("-to", Clip.fmt(clip.end())));
      }
      args.addAll(List.of("-i", clip.file().toString()));
    }
    args.addAll(List.of("-map", "0:v:0"));
    if (sound) {
      args.addAll(List.of("-map", "1:a:0", "-c:a", "aac", "-b:a", "192k"));
    }
    // Exactly count frames, cut in the video's own filter: -frames:v ends the whole file at the last
    // frame, sound and all (ffmpeg 5.1 kept 2 of a 2 s clip's 88 audio frames).
    args.addAll(List.of("-filter:v", "trim=end_frame=" + count));
    // yuv420p plays everywhere but needs even sides; odd sizes keep their size in 4:4:4.
    boolean even = clip.width() % 2 == 0 && clip.height() % 2 == 0;
    args.addAll(List.of("-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt",
        even ? "yuv420p" : "yuv444p", "-movflags", "+faststart", "-f", muxer(), tmp.toString()));
    return args;
  }

  /** ffmpeg's muxer for this file's extension (.mp4, .mov, .mkv). */
  private String muxer() {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".mkv") ? "matroska" : name.endsWith(".mov") ? "mov" : "mp4";
  }

  private void writeFolder(Path frames, int count) throws IOException {
    Path tmp = path.resolveSibling("." + path.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      Files.createDirectories(tmp);
      for (int i = 1; i <= count; i++) {
        Files.copy(frames.resolve(FrameFiles.name(i)), tmp.resolve(FrameFiles.name(i)));
      }
      if (Files.isDirectory(path)) {
        AtomicFiles.deleteTree(path); // empty, or the caller was told to replace it
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }
}
