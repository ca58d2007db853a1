package dev.deepdream.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A file's sound track as ffprobe reports it: what the tests compare a dreamed clip's sound with.
 *
 * @param seconds the track's duration
 * @param sampleRate its samples per second
 */
record Sound(double seconds, int sampleRate) {
  /** The sound track of {@code file}; fails when it has none. */
  static Sound of(Path file) throws IOException {
    String out = Ffmpeg.find().probe(List.of("-select_streams", "a:0", "-show_entries", "stream=duration,sample_rate",
        "-of", "default=noprint_wrappers=1", file.toString()), "probing the sound of " + file);
    Double seconds = null;
    Integer rate = null;
    for (String line : out.split("\\R")) {
      if (line.startsWith("duration=")) {
        seconds = Double.valueOf(line.substring("duration=".length()));
      } else if (line.startsWith("sample_rate=")) {
        rate = Integer.valueOf(line.substring("sample_rate=".length()));
      }
    }
    if (seconds == null || rate == null) {
      throw new AssertionError(file + " has no sound track: " + out);
    }
    return new Sound(seconds, rate);
  }

  /** One AAC frame (1024 samples), the finest step an AAC track's length comes in. */
  double frameSeconds() {
    return 1024.0 / sampleRate;
  }
}
