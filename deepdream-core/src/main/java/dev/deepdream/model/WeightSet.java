package dev.deepdream.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Weights by their Keras name ({@code layer/kernel}), in file order. */
public final class WeightSet {
  private final Map<String, WeightTensor> byName = new LinkedHashMap<>();

  /** Adds a weight; a name given twice is an error naming it. */
  public void add(WeightTensor w) {
    if (byName.putIfAbsent(w.name(), w) != null) {
      throw new ModelFormatException("weight " + w.name() + " appears twice");
    }
  }

  public WeightTensor get(String name) {
    return byName.get(name);
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public Collection<WeightTensor> all() {
    return byName.values();
  }

  public int size() {
    return byName.size();
  }

  /** Total number of values over all weights. */
  public long parameterCount() {
    long n = 0;
    for (WeightTensor w : byName.values()) {
      n += w.size();
    }
    return n;
  }
}
