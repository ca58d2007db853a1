package dev.deepdream.batch;

import dev.deepdream.image.ImageFiles;
import dev.deepdream.image.Picture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Outputs under one folder, each at its input's relative path with the format's extension
 * ({@code a/b.jpg} becomes {@code OUTDIR/a/b.png}), written to a temporary name and renamed into
 * place, with the settings as PNG text metadata.
 */
public final class FolderTarget implements BatchTarget {
  private final Path dir;
  private final String extension;
  private final float jpegQuality;

  /**
   * @param dir the output folder (created when missing)
   * @param format "png" or "jpg"
   * @param jpegQuality JPEG quality 0..1
   */
  public FolderTarget(Path dir, String format, float jpegQuality) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("png") && !f.equals("jpg")) {
      throw new IllegalArgumentException("format must be png or jpg, got " + format);
    }
    this.dir = dir;
    this.extension = "." + f;
    this.jpegQuality = jpegQuality;
  }

  /** The output folder. */
  public Path dir() {
    return dir;
  }

  /** The relative path an input's output has under the folder. */
  public String relativeOutput(String relativeInput) {
    int slash = relativeInput.lastIndexOf('/');
    int dot = relativeInput.lastIndexOf('.');
    String stem = dot > slash + 1 ? relativeInput.substring(0, dot) : relativeInput;
    return stem + extension;
  }

  @Override
  public Path outputFor(BatchItem item) {
    return dir.resolve(relativeOutput(item.relativePath()));
  }

  @Override
  public boolean exists(BatchItem item) {
    return Files.isRegularFile(outputFor(item));
  }

  @Override
  public void write(BatchItem item, Picture picture, Map<String, String> text) throws IOException {
    Path out = outputFor(item);
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageFiles.write(picture, out, text, jpegQuality);
  }
}
