package dev.deepdream.visualize;

import dev.deepdream.dream.BadOptionException;
import dev.deepdream.dream.StepRule;
import java.util.List;
import java.util.Locale;

/**
 * How a gradient changes the parameters of a visualisation, step by step (it ascends: the
 * objective grows). {@link #adam} is lucid's choice (Adam, learning rate 0.05): each parameter
 * gets its own step from running means of its gradient and of its square, so the spectrum's
 * rarely moved coefficients still move. {@link #normalised} takes the dream's scalar step rules
 * ({@link StepRule#STD}, {@link StepRule#MEAN_ABS}) instead: the whole gradient scaled to a unit
 * step, times the learning rate. An optimiser is a value; its running state is a {@link State}
 * per image.
 */
public interface Optimiser {
  /** lucid's learning rate for Adam. */
  double LUCID_LEARNING_RATE = 0.05;

  /** The running state for one image's parameters. */
  interface State {
    /** Moves {@code params} (in place) up the gradient {@code g}. */
    void ascend(float[] params, float[] g);
  }

  /** The name in settings: adam, std or mean-abs. */
  String id();

  /** The learning rate: Adam's step size, or the size of a normalised step. */
  double rate();

  /** A fresh state for {@code count} parameters. */
  State start(int count);

  /** The ids, for choices. */
  static List<String> ids() {
    return List.of("adam", StepRule.STD.id(), StepRule.MEAN_ABS.id());
  }

  /** The optimiser {@code id} with learning rate {@code rate}. @throws BadOptionException naming the choices */
  static Optimiser parse(String id, double rate) {
    String t = id.trim().toLowerCase(Locale.ROOT);
    if (t.equals("adam")) {
      return adam(rate);
    }
    for (StepRule r : List.of(StepRule.STD, StepRule.MEAN_ABS)) {
      if (r.id().equals(t)) {
        return normalised(r, rate);
      }
    }
    throw new BadOptionException("unknown optimiser '" + id + "' (use " + String.join(", ", ids()) + ")");
  }

  /** Adam (Kingma and Ba) with TensorFlow's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
  static Optimiser adam(double rate) {
    return new Adam(rate, 0.9, 0.999, 1e-8);
  }

  /** Steps of {@code rate} times the gradient normalised by a scalar {@code rule}. */
  static Optimiser normalised(StepRule rule, double rate) {
    return new Normalised(rule, rate);
  }

  /** Adam: per-parameter steps from bias-corrected running moments of the gradient. */
  record Adam(double rate, double beta1, double beta2, double epsilon) implements Optimiser {
    @Override
    public String id() {
      return "adam";
    }

    @Override
    public State start(int count) {
      float[] m = new float[count];
      float[] v = new float[count];
      int[] t = {0};
      return (params, g) -> {
        t[0]++;
        // TensorFlow's form: the bias corrections folded into the step size.
        double step = rate * Math.sqrt(1 - Math.pow(beta2, t[0])) / (1 - Math.pow(beta1, t[0]));
        for (int i = 0; i < count; i++) {
          m[i] = (float) (beta1 * m[i] + (1 - beta1) * g[i]);
          v[i] = (float) (beta2 * v[i] + (1 - beta2) * g[i] * g[i]);
          params[i] += (float) (step * m[i] / (Math.sqrt(v[i]) + epsilon));
        }
      };
    }
  }

  /** A scalar step rule's unit step times the rate; no state. */
  record Normalised(StepRule rule, double rate) implements Optimiser {
    @Override
    public String id() {
      return rule.id();
    }

    @Override
    public State start(int count) {
      return (params, g) -> {
        double sum = 0;
        double squares = 0;
        double abs = 0;
        for (float v : g) {
          sum += v;
          squares += (double) v * v;
          abs += Math.abs(v);
        }
        double mean = sum / g.length;
        double norm = rule == StepRule.MEAN_ABS ? abs / g.length
            : Math.sqrt(Math.max(0, squares / g.length - mean * mean));
        float factor = (float) (rate / (norm + 1e-8));
        for (int i = 0; i < g.length; i++) {
          params[i] += factor * g[i];
        }
      };
    }
  }
}
