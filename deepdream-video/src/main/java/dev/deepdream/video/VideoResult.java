package dev.deepdream.video;

import dev.deepdream.dream.DreamConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A finished render and how it was made.
 *
 * @param output what was written
 * @param frames frames in it
 * @param resumedFrom frames that were already done when this run started
 * @param width frame width, px
 * @param height frame height, px
 * @param rate frame rate, as ffmpeg writes it (e.g. 30000/1001)
 * @param config the per-frame dream settings, seed included
 * @param video the video settings
 * @param workFolder where the dreamed frames are (deleted after success unless kept)
 * @param millis time this run took
 */
public record VideoResult(Path output, int frames, int resumedFrom, int width, int height, String rate,
    DreamConfig config, VideoSettings video, Path workFolder, long millis) {

  /** The settings as text: the dream's then the video's. */
  public Map<String, String> settings() {
    Map<String, String> out = new java.util.LinkedHashMap<>(dev.deepdream.settings.SettingsCodec.encode(config));
    out.putAll(VideoParams.encode(video));
    return out;
  }
}
