package dev.deepdream.dream;

import dev.deepdream.image.FloatImage;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A random change of the image applied before each gradient (lucid's transforms): the gradient is
 * taken on the changed image and carried back through the change's adjoint, so patterns that
 * survive small shifts, zooms and turns win. Randomness comes from the dream's seeded generator,
 * so a seed reproduces a run. Built-ins: {@link #jitter}, {@link #randomScale},
 * {@link #randomRotate}; implement this interface for your own.
 */
public interface Transform {
  /** The changed image and the map that carries a gradient on it back to the original image. */
  record Applied(FloatImage image, UnaryOperator<FloatImage> back) {}

  /** Changes {@code image} for one gradient, drawing what it needs from {@code random}. */
  Applied apply(FloatImage image, Random random);

  /** Short text such as {@code jitter(32)}. */
  String describe();

  /** A random circular shift of up to {@code pixels} on each axis (the original notebook uses 32). */
  static Transform jitter(int pixels) {
    return new Jitter(pixels);
  }

  /** A random zoom by a factor uniform in [1 - amount, 1 + amount] about the centre. */
  static Transform randomScale(double amount) {
    return new RandomScale(amount);
  }

  /** A random turn of up to {@code degrees} either way about the centre. */
  static Transform randomRotate(double degrees) {
    return new RandomRotate(degrees);
  }

  /** A random circular shift; exact to undo (the gradient is shifted back). */
  record Jitter(int pixels) implements Transform {
    /** Checks the range. */
    public Jitter {
      if (pixels < 1) {
        throw new BadOptionException("jitter must be at least 1 px, got " + pixels);
      }
    }

    @Override
    public Applied apply(FloatImage image, Random random) {
      int dy = random.nextInt(2 * pixels + 1) - pixels;
      int dx = random.nextInt(2 * pixels + 1) - pixels;
      return new Applied(image.roll(dy, dx), g -> g.roll(-dy, -dx));
    }

    @Override
    public String describe() {
      return "jitter(" + pixels + ")";
    }
  }

  /** A random zoom about the centre, bilinear; the gradient goes back through the warp's adjoint. */
  record RandomScale(double amount) implements Transform {
    /** Checks the range. */
    public RandomScale {
      if (!(amount > 0 && amount < 1)) {
        throw new BadOptionException("random scale must be between 0 and 1 (exclusive), got " + amount);
      }
    }

    @Override
    public Applied apply(FloatImage image, Random random) {
      double s = 1 + (2 * random.nextDouble() - 1) * amount;
      AffineWarp warp = AffineWarp.about(image.height(), image.width(), s, 0);
      return new Applied(warp.forward(image), warp::adjoint);
    }

    @Override
    public String describe() {
      return "scale(" + ObjectiveMath.formatNumber(amount) + ")";
    }
  }

  /** A random turn about the centre, bilinear; the gradient goes back through the warp's adjoint. */
  record RandomRotate(double degrees) implements Transform {
    /** Checks the range. */
    public RandomRotate {
      if (!(degrees > 0 && degrees <= 180)) {
        throw new BadOptionException("random rotation must be between 0 and 180 degrees, got " + degrees);
      }
    }

    @Override
    public Applied apply(FloatImage image, Random random) {
      double angle = Math.toRadians((2 * random.nextDouble() - 1) * degrees);
      AffineWarp warp = AffineWarp.about(image.height(), image.width(), 1, angle);
      return new Applied(warp.forward(image), warp::adjoint);
    }

    @Override
    public String describe() {
      return "rotate(" + ObjectiveMath.formatNumber(degrees) + ")";
    }
  }
}
