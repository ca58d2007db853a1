package dev.deepdream.dream;

import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/**
 * One step of a dream as a listener sees it.
 *
 * @param octave the octave number (e.g. -2..2; 0 in simple mode)
 * @param octaveIndex 0-based position of the octave in the run
 * @param octaveCount number of octaves in the run
 * @param step 1-based step within the octave
 * @param stepsPerOctave steps in each octave
 * @param loss the loss before this step's update
 * @param height current image height
 * @param width current image width
 * @param elapsedMillis time since the dream started
 */
public record DreamProgress(int octave, int octaveIndex, int octaveCount, int step, int stepsPerOctave, float loss,
    int height, int width, long elapsedMillis, Supplier<BufferedImage> previewSupplier) {

  /** Steps done so far over the whole run. */
  public int done() {
    return octaveIndex * stepsPerOctave + step;
  }

  /** Steps in the whole run. */
  public int total() {
    return octaveCount * stepsPerOctave;
  }

  /** Fraction of the run done, 0..1. */
  public double fraction() {
    return (double) done() / total();
  }

  /** Estimated milliseconds left, from the pace so far (later octaves are larger, so it is a floor). */
  public long etaMillis() {
    return done() == 0 ? -1 : elapsedMillis * (total() - done()) / done();
  }

  /** The image as it is now (computed when asked: convert only when you show it). */
  public BufferedImage preview() {
    return previewSupplier.get();
  }
}
