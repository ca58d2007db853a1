package dev.deepdream.model;

import java.nio.file.Path;

/**
 * A cache entry whose files are missing, cut short or no longer match the hashes recorded when
 * it was cached. The one-line message names the model and the file and says how to repair it.
 */
public class CorruptModelException extends ModelFormatException {
  private final String model;
  private final Path file;

  public CorruptModelException(String model, Path file, String problem) {
    super("the cached model " + model + " is damaged: " + file + " " + problem + "; " + repair(model));
    this.model = model;
    this.file = file;
  }

  /** The name of the damaged model. */
  public String model() {
    return model;
  }

  /** The damaged (or missing) file. */
  public Path file() {
    return file;
  }

  /** How to replace the entry: fetch a known model again, import anything else again. */
  static String repair(String model) {
    return KnownModels.info(model) != null
        ? "fetch it again with 'deepdream models fetch " + model + " --force'"
        : "import it again with 'deepdream models import FILE-OR-FOLDER --name " + model + "'";
  }
}
