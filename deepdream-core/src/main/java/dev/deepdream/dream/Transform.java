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
 *
 * <p>A dream records its transforms by {@link #describe()}. One of your own is made again from
 * that text (by {@code --like}, or when a record is decoded) by a {@link Factory} registered as a
 * service in {@code META-INF/services/dev.deepdream.dream.Transform$Factory}; without one it is
 * recorded as not reproducible, and decoding the record names it.
 */
public interface Transform {
  /** The changed image and the map that carries a gradient on it back to the original image. */
  record Applied(FloatImage image, UnaryOperator<FloatImage> back) {}

  /**
   * Makes transforms of one kind again from their text, e.g. {@code blur(3)}: register an
   * implementation (public, no-argument constructor) as a service to make your transform
   * reproducible from a dream's record.
   */
  interface Factory {
    /** The name before the parentheses in the text, e.g. {@code blur}. */
    String name();

    /** The transform whose {@link Transform#describe()} is {@code name(arguments)}. */
    Transform parse(String arguments);
  }

  /** True for jitter, scale and rotate, which the settings record by their own names. */
  static boolean builtIn(Transform t) {
    return t instanceof Jitter || t instanceof RandomScale || t instanceof RandomRotate;
  }

  /**
   * Where a transform goes when settings are replayed: scale, rotate, jitter (the order of their
   * settings), then transforms of your own.
   */
  static int replayRank(Transform t) {
    return t instanceof RandomScale ? 0 : t instanceof RandomRotate ? 1 : t instanceof Jitter ? 2 : 3;
  }

  /**
   * The transform of a text {@code name(arguments)} made by a registered {@link Factory}.
   *
   * @throws BadOptionException when no registered factory has that name, naming it
   */
  static Transform parse(String text) {
    String t = text.trim();
    int open = t.indexOf('(');
    if (open <= 0 || !t.endsWith(")")) {
      throw new BadOptionException("transform '" + text + "' is not of the form name(arguments)");
    }
    String name = t.substring(0, open);
    for (Factory f : java.util.ServiceLoader.load(Factory.class)) {
      if (f.name().equals(name)) {
        return f.parse(t.substring(open + 1, t.length() - 1));
      }
    }
    throw new BadOptionException("transform '" + text + "' is not known here (a transform of your own is made "
        + "again from its text by a Transform.Factory registered in META-INF/services/" + Factory.class.getName()
        + ")");
  }

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
      return "scale(" + Numbers.format(amount) + ")";
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
      return "rotate(" + Numbers.format(degrees) + ")";
    }
  }
}
