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
 * @param elapsedMillis time since the dream started (or continued, when it resumed)
 * @param work the share of the whole run's work done after this step, 0..1: steps weighted by
 *     their octave's pixels, since a step of a larger octave costs more
 * @param workAtStart the share done when this run started (more than 0 when it resumed)
 * @param previewSupplier the image as it is now, converted when asked
 */
public record DreamProgress(int octave, int octaveIndex, int octaveCount, int step, int stepsPerOctave, float loss,
    int height, int width, long elapsedMillis, double work, double workAtStart,
    Supplier<BufferedImage> previewSupplier) {

  /** Steps done so far over the whole run. */
  public int done() {
    return octaveIndex * stepsPerOctave + step;
  }

  /** Steps in the whole run. */
  public int total() {
    return octaveCount * stepsPerOctave;
  }

  /** Fraction of the run's work done, 0..1 (steps weighted by their octave's size). */
  public double fraction() {
    return work;
  }

  /**
   * Estimated milliseconds left: the pace so far in work, not in steps, so that the larger
   * octaves still to come count for what they cost; -1 before any work is done.
   */
  public long etaMillis() {
    double since = work - workAtStart;
    return since <= 0 ? -1 : Math.round(elapsedMillis * (1 - work) / since);
  }

  /** The image as it is now (computed when asked: convert only when you show it). */
  public BufferedImage preview() {
    return previewSupplier.get();
  }
}
