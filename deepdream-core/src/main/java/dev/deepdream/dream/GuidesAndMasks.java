package dev.deepdream.dream;

import dev.deepdream.image.Colors;
import dev.deepdream.image.FloatImage;
import dev.deepdream.image.Picture;
import dev.deepdream.model.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dream's guide photos and masks become before the render loop runs: a guide's features on
 * its layer (computed once per dream), a mask's plane at the working size, and the pixels no mask
 * covers copied back from the input afterwards.
 */
final class GuidesAndMasks {
  private GuidesAndMasks() {}

  /** Guide terms built in code, with their photos' features computed on this network. */
  static Objective resolveGuides(Network net, Objective objective) {
    List<Objective> out = new ArrayList<>();
    for (Objective t : objective.terms()) {
      Objective leaf = ObjectiveMath.leafOf(t);
      if (leaf instanceof Objective.Guide g) {
        leaf = guideFeatures(net, g.layer(), g.photo().picture());
      }
      out.add(leaf.times(ObjectiveMath.weightOf(t)));
    }
    return Objective.sum(out);
  }

  /** The guide term: the guide photo's features on {@code layer} (long side at most 512 px). */
  static Objective guideFeatures(Network net, String layer, Picture guide) {
    Picture g = guide;
    int longSide = Math.max(g.width(), g.height());
    int min = net.minimumSide(layer);
    if (longSide > 512) {
      g = g.resize(Math.max(min, g.width() * 512 / longSide), Math.max(min, g.height() * 512 / longSide));
    }
    if (Math.min(g.width(), g.height()) < min) {
      throw new ImageTooSmallException("guide image " + g.width() + "x" + g.height() + " is too small for layer "
          + layer + " (at least " + min + "x" + min + " px)");
    }
    FloatImage x = g.toFloat((float) net.info().inputMin(), (float) net.info().inputMax());
    float[] feats = LossGradient.activations(net, List.of(layer), x).get(layer);
    int[] shape = net.outputShape(layer, g.height(), g.width());
    return new Objective.GuideFeatures(layer, feats, shape[shape.length - 1]);
  }

  /** A mask as one plane in [0, 1] at the working size (luminance; black = 0). */
  static FloatImage maskPlane(Picture mask, int width, int height) {
    Picture m = mask.width() == width && mask.height() == height ? mask : mask.resize(width, height);
    float[] plane = new float[width * height];
    for (int i = 0; i < plane.length; i++) {
      plane[i] = (float) (Colors.luma(m.rgb()[i]) / 255);
    }
    return new FloatImage(1, height, width, plane);
  }

  /** Pixels black in every mask are copied from the input, exactly. */
  static Picture keepUnmasked(Picture result, Picture original, List<Dreamer.MaskTerm> masks) {
    int[] rgb = result.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      boolean covered = false;
      for (Dreamer.MaskTerm m : masks) {
        if (m.plane().data()[i] > 0) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        rgb[i] = original.rgb()[i];
      }
    }
    return new Picture(result.width(), result.height(), rgb, result.alpha());
  }
}
