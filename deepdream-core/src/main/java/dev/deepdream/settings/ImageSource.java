package dev.deepdream.settings;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.image.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns the text of a picture setting into the picture: a file path on the command line, an
 * uploaded part on the web, a {@code sha256:HEX} reference in recorded settings.
 */
@FunctionalInterface
public interface ImageSource {
  /**
   * The picture {@code text} names.
   *
   * @param param the setting (guide, mask)
   * @param text the reference
   */
  ImageRef image(String param, String text) throws IOException;

  /** Paths of files, checked and read (at most {@code maxPixels}). */
  static ImageSource files(long maxPixels) {
    return (param, text) -> {
      Path p = Path.of(text);
      if (!Files.isRegularFile(p)) {
        throw new BadOptionException(param + " image " + text + " does not exist");
      }
      return ImageRef.read(p, maxPixels);
    };
  }

  /**
   * Recorded references ({@code sha256:HEX name}) looked up among pictures given anew, e.g. when
   * reusing an old dream's settings; a missing one is a clear error naming the file it was.
   */
  static ImageSource byHash(Map<String, ImageRef> known) {
    return (param, text) -> {
      String hash = ImageRef.hashIn(text);
      ImageRef ref = hash == null ? null : known.get(hash);
      if (ref == null) {
        throw new BadOptionException("the settings name " + param + " image " + text.trim() + "; give that picture "
            + "again");
      }
      return ref;
    };
  }

  /** No pictures: any picture setting is an error. */
  static ImageSource none() {
    return (param, text) -> {
      throw new BadOptionException(param + " images cannot be given here");
    };
  }
}
